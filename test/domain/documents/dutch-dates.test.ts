import { describe, expect, it } from 'vitest';
import { documentDateIn, findDates, lastDayOf } from '../../../src/domain/documents/dutch-dates.js';

const REFERENCE = { year: 2025, month: 7, day: 16 };

// [text, expected: [expression, date, deadline] per date found, in order]
const CASES: Array<[string, Array<[string, string, boolean]>]> = [
  ['Wij ontvangen uw advies graag uiterlijk 15 januari 2027.', [['uiterlijk 15 januari 2027', '2027-01-15', true]]],
  ['Wij vragen u voor 1 oktober te adviseren.', [['voor 1 oktober', '2025-10-01', true]]],
  ['Graag vóór 1 oktober 2025 uw reactie.', [['Graag vóór 1 oktober 2025', '2025-10-01', true]]],
  ['U kunt de lokale keuzes aanpassen in het vierde kwartaal van 2026.', [['in het vierde kwartaal van 2026', '2026-Q4', false]]],
  ['Uiterlijk in het 4e kwartaal 2026 volgt de evaluatie.', [['Uiterlijk in het 4e kwartaal 2026', '2026-Q4', true]]],
  ['Wij verzoeken u binnen zes weken na ontvangst van deze brief te reageren.', [['binnen zes weken na ontvangst van deze brief', '2025-08-27', true]]],
  ['Reageer binnen 10 dagen na dagtekening.', [['binnen 10 dagen na dagtekening', '2025-07-26', true]]],
  ['Binnen twee maanden na ontvangst.', [['Binnen twee maanden na ontvangst', '2025-09-16', true]]],
  ['De commissie vergadert op woensdag 25 september 2019.', [['woensdag 25 september 2019', '2019-09-25', false]]],
  ['Deadline: 15-01-2027 om 17:00 uur.', [['Deadline: 15-01-2027', '2027-01-15', true]]],
  ['Het besluit volgt eind september 2026.', [['eind september 2026', '2026-09', false]]],
  ['De stukken kwamen op 16 juli 2025 binnen; het advies volgde op 27 augustus 2025.', [['16 juli 2025', '2025-07-16', false], ['27 augustus 2025', '2025-08-27', false]]],
  ['Tot en met 31 december 2027 loopt de DVO.', [['Tot en met 31 december 2027', '2027-12-31', true]]],
  ['Een datum die niet bestaat: 31 februari 2026.', []],
  ['Ook 30-02-2026 bestaat niet.', []],
  ['In 2026 en 2027 is er €81.000.', []],
  ['De DVO 2026-2027 en artikel 1.2 bevatten geen datum.', []],
  ['Hiervoor 1 oktober 2025 gold iets anders.', [['1 oktober 2025', '2025-10-01', false]]],
  ['Vóór 15 jan. 2027 graag.', [['Vóór 15 jan. 2027', '2027-01-15', true]]],
  ['Q3 2026 is de tussenrapportage.', [['Q3 2026', '2026-Q3', false]]],
  // Without a year, a day more than two months before the reference is next year's.
  ['voor 1 maart', [['voor 1 maart', '2026-03-01', true]]],
  ['op 1 juni', [['1 juni', '2025-06-01', false]]],
];

describe('findDates', () => {
  it.each(CASES)('%s', (text, expected) => {
    const found = findDates(text, { reference: REFERENCE });
    expect(found.map((f) => [f.text, f.date, f.deadline])).toEqual(expected);
  });

  it('keeps the sentence each date stands in', () => {
    const text = 'De gemeente vraagt advies over het Wmo-beleid. Wij ontvangen uw advies graag uiterlijk 15 januari 2027. Dank u.';
    const [found] = findDates(text);
    expect(found!.sentence).toBe('Wij ontvangen uw advies graag uiterlijk 15 januari 2027.');
  });

  it('counts "binnen ... na ontvangst" from the received date when given, and says so', () => {
    const [found] = findDates('Reageer binnen zes weken na ontvangst.', { reference: REFERENCE, received: { year: 2026, month: 12, day: 1 } });
    expect(found!.date).toBe('2027-01-12');
    expect(found!.note).toContain('1 december 2026');
  });

  it('skips a date without a year, or a relative one, when there is no reference day', () => {
    expect(findDates('voor 1 oktober, binnen zes weken na ontvangst')).toEqual([]);
  });

  it('counts working days without weekends', () => {
    // 16 July 2025 is a Wednesday: five working days later is Wednesday 23 July.
    expect(findDates('binnen 5 werkdagen na ontvangst', { reference: REFERENCE })[0]!.date).toBe('2025-07-23');
  });
});

describe('documentDateIn', () => {
  it.each([
    ['Gemeente Heumen\nDatum: 3 maart 2026\nOnderwerp: advies', '2026-03-03'],
    ['Nijmegen, 28 oktober 2025\nAan de raad', '2025-10-28'],
    ['Dagtekening 1 december 2026', '2026-12-01'],
    ['Geen datum hier, alleen het vierde kwartaal van 2026', undefined],
  ])('%s', (text, date) => {
    expect(documentDateIn(text)).toBe(date);
  });
});

describe('lastDayOf', () => {
  it.each([
    ['2026-Q4', { year: 2026, month: 12, day: 31 }],
    ['2026-02', { year: 2026, month: 2, day: 28 }],
    ['2027-01-15', { year: 2027, month: 1, day: 15 }],
  ])('%s', (date, last) => expect(lastDayOf(date)).toEqual(last));
});
