import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type Composition } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { parseDeadlineForm } from '../../src/domain/deadlines/deadline.js';
import { parseDraftForm } from '../../src/domain/drafts/draft.js';
import type { ReminderNotice } from '../../src/domain/deadlines/scheduler.js';
import { Delivery } from '../../src/domain/delivery/delivery.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { FakeClock } from '../support/clock.js';
import { FakeDraftChannel } from '../support/fake-draft-channel.js';
import { realKnowledgeBase } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(async () => azurite?.stop(), 30_000);

const members = Array.from({ length: 60 }, (_, i) => ({ id: `aad-${i}`, name: `Lid ${i}` }));

describe('two instances on one Azure Blob store (Azurite)', () => {
  it('send each reminder once, count all 60 votes spread over both, and store comments from either', async () => {
    const clock = new FakeClock('2026-11-23T12:00:00+01:00');
    const sent: string[] = [];
    const sender = { send: async (conversationId: string, n: ReminderNotice) => void sent.push(`${conversationId}:${n.reminder.slot}`) };
    const config = loadConfig({ STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: 'tweeinstanties' });
    const instance = (name: string): Composition =>
      compose({ ...config, INSTANCE_ID: name }, memoryLogger('silent').logger, {
        kb: realKnowledgeBase(),
        now: clock.now,
        sender,
        delivery: new Delivery({ now: clock.ms, sleep: clock.sleep }),
        organisers: { isOrganiser: async (context: TurnContext) => context.activity.from?.aadObjectId === 'aad-0' },
        draftChannel: new FakeDraftChannel(members),
        draftUpdateDelayMs: 5,
      });
    const a = instance('a');
    const b = instance('b');

    const conversations = Array.from({ length: 20 }, (_, i) => `kanaal-${i}`);
    const form = parseDeadlineForm({ title: 'Advies Wmo', dueDate: '2026-12-16' }, clock.now());
    if (!form.ok) throw new Error('form');
    const actor = { id: 'aad-0', name: 'Lid 0' };
    const d = await a.register.add({ ...form.value, schedule: [14, 7] }, actor, conversations[0]!);
    await b.register.update(d.id, (x) => ({ ...x, conversations }), actor);
    for (const at of ['2026-12-02T09:00:00+01:00', '2026-12-09T09:00:00+01:00']) {
      clock.set(at);
      await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    }
    expect(sent).toHaveLength(40);
    expect(new Set(sent).size).toBe(40);

    clock.set('2026-11-23T12:00:00+01:00');
    const draftForm = parseDraftForm({ number: '1.2', title: 'Borgen', text: 'Tekst', closeDate: '2026-11-30', visibility: 'live' }, clock.now());
    if (!draftForm.ok) throw new Error('form');
    const draft = await a.draftStore.create(draftForm.value, actor, { conversationId: 'kanaal-0', scope: 'team', teamId: 'team' });
    await b.draftStore.placed(draft.id, { threadRootId: '1700000000001', threadConversationId: 'kanaal-0;messageid=1700000000001', cardActivityId: '1700000000001' });
    const channelData = { team: { id: 'team' }, channel: { id: 'kanaal-0' } };
    const vote = (c: Composition, i: number) =>
      new TestAdapter(async (context) => c.bot.run(context)).send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        from: { id: `u${i}`, name: `Lid ${i}`, aadObjectId: `aad-${i}` },
        conversation: { id: 'kanaal-0;messageid=1700000000001', conversationType: 'channel', isGroup: true, name: 'k' },
        channelData,
        value: { action: { type: 'Action.Execute', verb: 'draft.vote', data: { draftId: draft.id, choice: 'eens' } } },
      } as Partial<Activity>);
    await Promise.all(members.map((_, i) => vote(i % 2 ? a : b, i)));
    expect((await a.draftStore.tally(draft)).total).toBe(60);

    const comment = (c: Composition, i: number) =>
      new TestAdapter(async (context) => c.bot.run(context)).send({
        type: 'message',
        id: `reactie-${i}`,
        text: `Reactie ${i}`,
        from: { id: `u${i}`, name: `Lid ${i}`, aadObjectId: `aad-${i}` },
        conversation: { id: 'kanaal-0;messageid=1700000000001', conversationType: 'channel', isGroup: true, name: 'k' },
        channelData,
      } as Partial<Activity>);
    await Promise.all(Array.from({ length: 10 }, (_, i) => comment(i % 2 ? a : b, i)));
    expect((await b.draftStore.comments(draft.id)).map((x) => x.text).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Reactie ${i}`).sort());
    await Promise.all([a.drafts.drain(), b.drafts.drain()]);
  }, 60_000);
});
