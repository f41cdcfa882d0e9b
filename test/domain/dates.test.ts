import { describe, expect, it } from 'vitest';
import { civilDateIn, formatDutchDate, relativeToToday } from '../../src/domain/dates.js';

const today = { year: 2026, month: 11, day: 23 };

describe('Dutch dates', () => {
  it('writes dates the Dutch way for every precision', () => {
    expect(formatDutchDate('2025-10-01')).toBe('1 oktober 2025');
    expect(formatDutchDate('2025-09')).toBe('september 2025');
    expect(formatDutchDate('2026-Q4')).toBe('het vierde kwartaal van 2026');
    expect(formatDutchDate('2019')).toBe('2019');
  });

  it('says how long ago or how far ahead a day is', () => {
    expect(relativeToToday('2025-10-01', today).text).toBe('verstreken, 418 dagen geleden');
    expect(relativeToToday('2026-12-05', today).text).toBe('over 12 dagen');
    expect(relativeToToday('2026-11-23', today).text).toBe('vandaag');
    expect(relativeToToday('2026-11-24', today).text).toBe('morgen');
    expect(relativeToToday('2026-11-22', today)).toMatchObject({ timing: 'past', days: 1 });
  });

  it('treats a quarter that contains today as current, and a past month as past', () => {
    expect(relativeToToday('2026-Q4', today)).toMatchObject({ timing: 'current', text: 'dit kwartaal, nog 38 dagen tot het eind' });
    expect(relativeToToday('2025-09', today).timing).toBe('past');
    expect(relativeToToday('2027', today)).toMatchObject({ timing: 'future', days: 39 });
  });

  it('takes the calendar day in Amsterdam, not in UTC', () => {
    // 23:30 UTC on 31 March 2026 is already 1 April in Amsterdam (summer time, UTC+2)
    expect(civilDateIn(new Date('2026-03-31T23:30:00Z'))).toEqual({ year: 2026, month: 4, day: 1 });
    // 23:30 UTC on 31 December 2026 is 1 January in Amsterdam (winter time, UTC+1)
    expect(civilDateIn(new Date('2026-12-31T23:30:00Z'))).toEqual({ year: 2027, month: 1, day: 1 });
    expect(civilDateIn(new Date('2026-12-31T22:30:00Z'))).toEqual({ year: 2026, month: 12, day: 31 });
  });
});
