import { describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { parseDraftForm } from '../../src/domain/drafts/draft.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { FakeDraftChannel } from '../support/fake-draft-channel.js';
import { realKnowledgeBase } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

const START = new Date('2026-12-02T23:30:00+01:00');

function setup() {
  let now = START;
  const channel = new FakeDraftChannel([{ id: 'aad-a', name: 'Ans' }]);
  const c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, {
    kb: realKnowledgeBase(),
    store: new MemoryStore(),
    now: () => now,
    draftChannel: channel,
  });
  const form = parseDraftForm({ number: '4.1', title: 'Jongeren en werk', text: 'Tekst van het deeladvies.', closeDate: '2026-12-20' }, START);
  if (!form.ok) throw new Error('form');
  return { c, channel, form: form.value, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('repair of a draft stored without its card', () => {
  it('posts the card of a draft whose post never completed, once, after two minutes', async () => {
    const { c, channel, form, advance } = setup();
    // The process died after storing the draft and taking the posting claim, before the card was sent.
    const draft = await c.draftStore.create(form, { id: 'aad-a', name: 'Ans' }, { conversationId: 'chat-1', scope: 'chat-1' }, 'nonce-1');
    expect(await c.draftStore.claimPosting(draft.id)).toBe(true);
    advance(60_000);
    expect((await c.draftScheduler.tick()).repaired).toBe(0);
    advance(90_000);
    expect((await c.draftScheduler.tick()).repaired).toBe(1);
    expect(channel.posted).toHaveLength(1);
    expect(JSON.stringify(channel.posted[0])).toContain('Jongeren en werk');
    const placed = (await c.draftStore.get(draft.id))!;
    expect(placed.cardActivityId).toBeTruthy();
    expect(await c.draftStore.findByThread(placed.threadRootId!)).toMatchObject({ id: draft.id });
    advance(10 * 60_000);
    expect((await c.draftScheduler.tick()).repaired).toBe(0);
    // The same form pressed again afterwards: the stored draft, no second card.
    const again = await c.draftStore.create(form, { id: 'aad-a', name: 'Ans' }, { conversationId: 'chat-1', scope: 'chat-1' }, 'nonce-1');
    expect(again.id).toBe(draft.id);
    expect(await c.draftStore.claimPosting(draft.id)).toBe(false);
    expect(channel.posted).toHaveLength(1);
    expect((await c.draftStore.all()).filter((d) => d.number === '4.1')).toHaveLength(1);
  });

  it('leaves a draft alone while a press is still posting it', async () => {
    const { c, channel, form, advance } = setup();
    const draft = await c.draftStore.create(form, { id: 'aad-a', name: 'Ans' }, { conversationId: 'chat-1', scope: 'chat-1' }, 'nonce-2');
    advance(3 * 60_000);
    expect(await c.draftStore.claimPosting(draft.id)).toBe(true);
    expect((await c.draftScheduler.tick()).repaired).toBe(0);
    expect(channel.posted).toHaveLength(0);
  });
});
