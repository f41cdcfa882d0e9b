import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDraftForm } from '../../../src/domain/drafts/draft.js';
import { cleanCommentText, DraftError, DraftStore, escapeMarkdown } from '../../../src/domain/drafts/draft-store.js';
import type { ManagedStore } from '../../../src/domain/storage-port.js';
import { MemoryStore } from '../../../src/storage/memory-storage.js';
import { SqliteStore } from '../../../src/storage/sqlite-storage.js';
import { FakeClock } from '../../support/clock.js';

const author = { id: 'aad-org', name: 'Secretaris' };

async function draftIn(store: ManagedStore, options: Record<string, string> = {}) {
  const clock = new FakeClock('2026-11-23T12:00:00+01:00');
  const drafts = new DraftStore(store, clock.now);
  const form = parseDraftForm({ number: '1.2', title: 'Participatiecoaching borgen', text: 'Het adviesorgaan adviseert ...', closeDate: '2026-11-30', closeTime: '17:00', ...options }, clock.now());
  if (!form.ok) throw new Error(JSON.stringify(form.errors));
  const draft = await drafts.create(form.value, author, { conversationId: 'channel-1', scope: 'team-1' });
  return { drafts, draft, clock };
}

describe('draft form', () => {
  const now = new Date('2026-11-23T12:00:00+01:00');
  it('accepts a complete form with defaults', () => {
    const r = parseDraftForm({ number: '1.2', title: 'T', text: 'Tekst', closeDate: '2026-11-30' }, now);
    expect(r).toMatchObject({ ok: true, value: { visibility: 'na-stem', anonymous: false, closesAt: '2026-11-30T16:00:00.000Z' } });
  });
  it('reports every bad field in Dutch', () => {
    const r = parseDraftForm({ number: 'x', title: '', text: '', closeDate: '2026-11-01', visibility: 'soms', quorum: '150' }, now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['closeDate', 'number', 'quorum', 'text', 'title', 'visibility']);
  });
});

describe.each([
  ['memory', () => new MemoryStore() as ManagedStore],
  ['sqlite', () => new SqliteStore(join(mkdtempSync(join(tmpdir(), 'drafts-')), 'db.sqlite')) as ManagedStore],
])('draft votes (%s)', (_name, make) => {
  it('counts one vote per member, and a changed vote replaces the old one', async () => {
    const { drafts, draft } = await draftIn(make());
    expect((await drafts.vote(draft, { id: 'a', name: 'An' }, 'eens', '')).changed).toBe(false);
    expect((await drafts.vote(draft, { id: 'a', name: 'An' }, 'onthouding', '')).changed).toBe(true);
    await drafts.vote(draft, { id: 'b', name: 'Bo' }, 'oneens', 'Te vaag geformuleerd');
    const tally = await drafts.tally(draft);
    expect(tally).toMatchObject({ total: 2, counts: { eens: 0, onthouding: 1, oneens: 1 } });
    expect(tally.reasons).toEqual([{ choice: 'oneens', reason: 'Te vaag geformuleerd', name: 'Bo' }]);
    expect(await drafts.notVoted(draft, ['a', 'b', 'c'])).toEqual(['c']);
  });

  it('requires a reason with Oneens, refuses unknown options and votes after closing', async () => {
    const { drafts, draft, clock } = await draftIn(make());
    await expect(drafts.vote(draft, author, 'oneens', ' ')).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    await expect(drafts.vote(draft, author, 'misschien', '')).rejects.toBeInstanceOf(DraftError);
    clock.set('2026-11-30T17:00:00+01:00');
    await expect(drafts.vote(draft, author, 'eens', '')).rejects.toMatchObject({ code: 'DRAFT_CLOSED' });
    expect((await drafts.tally(draft)).total).toBe(0);
  });

  it('stores anonymous votes without names and still prevents voting twice', async () => {
    const { drafts, draft } = await draftIn(make(), { anonymous: 'true' });
    await drafts.vote(draft, { id: 'a', name: 'An' }, 'oneens', 'Liever lokaal');
    expect((await drafts.vote(draft, { id: 'a', name: 'An' }, 'eens', '')).changed).toBe(true);
    const tally = await drafts.tally(draft);
    expect(tally.total).toBe(1);
    expect(JSON.stringify(tally)).not.toContain('An');
    expect(drafts.voterKey(draft, 'a')).not.toBe('a');
    expect(await drafts.myVote(draft, 'a')).toMatchObject({ choice: 'eens' });
  });

  it('counts all of 60 members voting at the same moment', async () => {
    const { drafts, draft } = await draftIn(make());
    const choices = ['eens', 'eens-met-aanpassingen', 'onthouding'];
    await Promise.all(Array.from({ length: 60 }, (_, i) => drafts.vote(draft, { id: `lid-${i}`, name: `Lid ${i}` }, choices[i % 3]!, '')));
    const tally = await drafts.tally(draft);
    expect(tally.total).toBe(60);
    expect(tally.counts).toMatchObject({ eens: 20, 'eens-met-aanpassingen': 20, onthouding: 20 });
  });
});

describe('comment text', () => {
  it('strips HTML and mentions, decodes entities and limits the size', () => {
    expect(cleanCommentText('<p><at>Adviesbot</at> Eens, maar &quot;borgen&quot; &amp; meten</p>')).toBe('Eens, maar "borgen" & meten');
    expect(cleanCommentText('x'.repeat(3000)).length).toBe(2000);
  });
  it('escapes markdown and card injection', () => {
    expect(escapeMarkdown('**vet** [link](http://x) # kop')).toBe('\\*\\*vet\\*\\* \\[link\\]\\(http://x\\) \\# kop');
  });
});
