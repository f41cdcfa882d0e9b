// What a member reads on the cards, checked where the screenshots (npm run render:cards) showed something said
// twice, in the wrong place or in the wrong order. Each card is also checked against the Adaptive Card schema.
import { describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../src/bot/cards.js';
import { renderReminder } from '../../src/bot/deadline-cards.js';
import { renderComments, renderDraft, renderDraftForm } from '../../src/bot/draft-cards.js';
import { renderProposals } from '../../src/bot/document-cards.js';
import type { DocumentMeta } from '../../src/domain/documents/document-store.js';
import type { DeadlineProposal } from '../../src/domain/documents/proposals.js';
import type { Tally } from '../../src/domain/drafts/draft-store.js';
import { validateCard } from '../support/card-schema.js';
import { TODAY } from '../support/kb.js';
import { SAMPLE_DEADLINE, SAMPLE_DRAFT } from '../support/sample-deadline.js';

/** Every text a member sees, in card order: text blocks, fact titles and values, input labels. */
function texts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => texts(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label']) if (typeof o[key] === 'string' && o.type !== 'Action.Execute') out.push(o[key]);
    for (const [key, value] of Object.entries(o)) if (key !== 'data' && typeof value === 'object') texts(value, out);
  }
  return out;
}
const count = (card: AdaptiveCard, phrase: string): number => texts(card).join('\n').split(phrase).length - 1;
const valid = (card: AdaptiveCard): void => expect(validateCard(card), JSON.stringify(validateCard.errors)).toBe(true);

const tally: Tally = { counts: { eens: 3, 'eens-met-aanpassingen': 2, oneens: 1, onthouding: 0 }, total: 6, reasons: [] };

describe('the draft card', () => {
  it('says when voting closes once, in its first line, and not again as a fact', () => {
    const card = renderDraft({ draft: SAMPLE_DRAFT, tally, comments: 4, now: TODAY, members: 10 });
    valid(card);
    expect(texts(card)).toContain('Stemmen kan tot 30 november 2026 om 17:00. 6 van de 10 leden hebben gestemd.');
    expect(count(card, '30 november 2026 om 17:00')).toBe(1);
    // While it is open, when the result can be seen is said.
    expect(texts(card)).toContain('zichtbaar na je eigen stem');
  });

  it('closed: "Uitslag" heads the result only, with no "zichtbaar na je eigen stem" beside it', () => {
    const card = renderDraft({ draft: { ...SAMPLE_DRAFT, state: 'closed', closedAt: '2026-11-30T16:00:00.000Z' }, tally, comments: 4, now: TODAY, members: 10 });
    valid(card);
    expect(count(card, 'Uitslag')).toBe(1);
    expect(count(card, 'zichtbaar na')).toBe(0);
    expect(count(card, '30 november 2026 om 17:00')).toBe(1);
  });

  it('after a vote: "Je hebt gestemd: Eens" above the choices labelled "Jouw stem", each once', () => {
    const card = renderDraft({ draft: SAMPLE_DRAFT, tally, comments: 4, now: TODAY, members: 10, mine: { choice: 'eens', at: '' } });
    valid(card);
    expect(texts(card)).toContain('Je hebt gestemd: Eens');
    expect(count(card, 'Jouw stem')).toBe(1);
  });
});

describe('the draft form', () => {
  it('shows each error under its own field: the title error in the title column, not under the number', () => {
    const card = renderDraftForm({ number: 'x', title: '' }, { number: 'Vul een nummer in zoals 1.2 of 3.', title: 'Vul een titel in.' }, 'groupChat');
    valid(card);
    const columns = JSON.stringify(card.body).match(/"type":"Column",.*?"id":"(?:number|title)".*?(?="type":"Column",|\]\}\]\})/g) ?? [];
    const column = (id: string): string => columns.find((c) => c.includes(`"id":"${id}"`)) ?? '';
    expect(column('title')).toContain('⚠ Vul een titel in.');
    expect(column('title')).not.toContain('nummer');
    expect(column('number')).toContain('⚠ Vul een nummer in zoals 1.2 of 3.');
  });
});

describe('the reminder card', () => {
  const reminder = (daysLeft: number, at: string) =>
    renderReminder(
      { deadline: SAMPLE_DEADLINE, reminder: { deadlineId: SAMPLE_DEADLINE.id, conversationId: 'c1', slot: `d${daysLeft}`, daysBefore: daysLeft, at, snooze: false }, daysLeft, late: false },
      new Date(at),
    );

  it('says the days left in one sentence and the date and time in the facts, neither twice', () => {
    const card = reminder(7, '2026-12-09T08:00:00.000Z');
    valid(card);
    expect(texts(card)).toContain('Over 7 dagen brengt de adviesraad het advies uit.');
    expect(count(card, '7 dagen')).toBe(1);
    expect(count(card, '16 december 2026 om 17:00')).toBe(1);
    expect(texts(card)).not.toContain('Nog');
  });

  it('on the day itself: "Vandaag ..., uiterlijk om 17:00", and "vandaag" once', () => {
    const card = reminder(0, '2026-12-16T08:00:00.000Z');
    valid(card);
    expect(texts(card)).toContain('Vandaag brengt de adviesraad het advies uit, uiterlijk om 17:00.');
    expect(count(card, 'andaag')).toBe(1);
  });
});

describe('the comments card', () => {
  it('says that a comment was shortened under its text, not in the line with the author and time', () => {
    const card = renderComments(SAMPLE_DRAFT, [
      { messageId: 'm', authorId: 'a', authorName: 'Bo Jansen', text: 'Lang …', at: '2026-11-23T13:10:00.000Z', editedAt: '2026-11-23T13:20:00.000Z', shortened: true },
    ]);
    valid(card);
    const all = texts(card);
    expect(all).toContain('Bo Jansen · 23 november 2026 om 14:10 (bewerkt)');
    expect(all.indexOf('Ingekort tot 2000 tekens; het hele bericht staat in de draad.')).toBe(all.indexOf('Lang …') + 1);
  });
});

describe('the deadlines found in a document', () => {
  const document: DocumentMeta = {
    id: 'd5a693a3afdd', hash: 'd5a693a3afdd'.padEnd(64, '0'), title: 'Adviesaanvraag Wmo 2027', date: '2026-12-01', titleFromDocument: true, dateFromDocument: true,
    fileName: 'aanvraag.pdf', kind: 'pdf', pages: 2, passages: 5, bytes: 2400, addedBy: { id: 'o', name: 'Secretaris' }, addedAt: '2026-12-02T09:00:00.000Z', version: 1,
  };
  const proposal = (n: number, date: string, dueDate: string, note?: string): DeadlineProposal => ({
    n, expression: date, sentence: `Zin ${n}.`, date, dueDate, body: 'adviesraad', kind: 'advies', subject: `Advies ${n}`, page: 2, paragraph: n, state: 'open', ...(note ? { note } : {}),
  });

  it('come soonest first, whatever their order in the text, and a quarter is named once', () => {
    const card = renderProposals(document, [
      proposal(1, '2027-01-15', '2027-01-15'),
      proposal(2, '2027-Q1', '2027-03-31', 'de tekst noemt het eerste kwartaal van 2027; voorgesteld is de laatste dag daarvan'),
      proposal(3, '2027-01-04', '2027-01-04'),
    ]);
    valid(card);
    const headings = texts(card).filter((t) => /^\*\*\d/.test(t));
    expect(headings).toEqual(['**4 januari 2027**', '**15 januari 2027**', '**31 maart 2027**']);
    expect(count(card, 'eerste kwartaal van 2027')).toBe(1);
    // The buttons still act on the proposal they stand under.
    expect(JSON.stringify(card).indexOf('"n":3')).toBeLessThan(JSON.stringify(card).indexOf('"n":1'));
  });
});
