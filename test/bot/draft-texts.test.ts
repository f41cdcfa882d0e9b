// What a member reads on the draft card and the export card, per place: noticed at once when it is wrong Dutch or
// names a team in a personal chat.
import { describe, expect, it } from 'vitest';
import { renderDraft, renderExport, turnoutText } from '../../src/bot/draft-cards.js';
import type { Tally } from '../../src/domain/drafts/draft-store.js';
import { TODAY } from '../support/kb.js';
import { SAMPLE_DRAFT } from '../support/sample-deadline.js';
import { validateCard } from '../support/card-schema.js';

const tally: Tally = { total: 1, counts: { eens: 1, 'eens-met-aanpassingen': 0, oneens: 0, onthouding: 0 }, reasons: [] };
const links = [{ label: 'Word (.docx)', url: 'https://adviesbot.example.nl/export/x/deeladvies-1.2.docx' }];

describe('the draft card and the export card', () => {
  it('count the turnout in Dutch: one lid, heeft for one vote', () => {
    expect(turnoutText(1, 1)).toBe('1 van 1 lid heeft gestemd.');
    expect(turnoutText(0, 1)).toBe('0 van 1 lid heeft gestemd.');
    expect(turnoutText(1, 6)).toBe('1 van de 6 leden heeft gestemd.');
    expect(turnoutText(3, 6)).toBe('3 van de 6 leden hebben gestemd.');
    expect(turnoutText(2, undefined)).toBe('2 stemmen.');
  });

  it('on a closed draft the organiser part changes the outcome and is not called "Sluiten"', () => {
    const closed = renderDraft({ draft: { ...SAMPLE_DRAFT, state: 'closed', closedAt: '2026-11-30T16:00:00.000Z', outcome: 'Overgenomen.' }, tally, comments: 0, now: TODAY, members: 1, canClose: true });
    const text = JSON.stringify(closed);
    expect(text).toContain('Uitkomst wijzigen (organisator)');
    expect(text).not.toContain('Sluiten (organisator)');
    expect(text).toContain('1 van 1 lid heeft gestemd.');
    expect(validateCard(closed), JSON.stringify(validateCard.errors)).toBe(true);
    expect(JSON.stringify(renderDraft({ draft: SAMPLE_DRAFT, tally, comments: 0, now: TODAY, members: 6, canClose: true }))).toContain('Sluiten (organisator)');
  });

  it('say who the export links are for where they are shown', () => {
    expect(JSON.stringify(renderExport(SAMPLE_DRAFT, links, 'channel'))).toContain('deel ze niet buiten dit team');
    expect(JSON.stringify(renderExport(SAMPLE_DRAFT, links, 'groupChat'))).toContain('alleen voor de leden van deze chat');
    const personal = renderExport(SAMPLE_DRAFT, links, 'personal');
    expect(JSON.stringify(personal)).not.toContain('team');
    expect(validateCard(personal), JSON.stringify(validateCard.errors)).toBe(true);
  });
});
