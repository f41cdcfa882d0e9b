import type { AddressInfo } from 'node:net';
import { ActivityTypes, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type Composition } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { QuestionAnswerer } from '../src/domain/knowledge/qa.js';
import { MemoryStore } from '../src/storage/memory-storage.js';
import { FakeConnector } from './support/fake-connector.js';
import { FakeDraftChannel } from './support/fake-draft-channel.js';
import { realKnowledgeBase, TODAY } from './support/kb.js';
import { memoryLogger } from './support/logs.js';

const VERBS = ['deadline.save', 'deadline.edit', 'deadline.cancel', 'deadline.submit', 'deadline.snooze', 'draft.vote', 'draft.post', 'draft.close', 'draft.comment', 'question.answer', 'question.link', 'feedback.unhelpful', 'iets.anders'];

describe('bad input (property-based)', () => {
  let c: Composition;
  let connector: FakeConnector;
  let base = '';
  beforeAll(async () => {
    connector = await new FakeConnector().start();
    c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, {
      kb: realKnowledgeBase(),
      store: new MemoryStore(),
      now: () => TODAY,
      organisers: { isOrganiser: async (context: TurnContext) => context.activity.from?.aadObjectId === 'org' },
      sender: { send: async () => undefined },
      draftChannel: new FakeDraftChannel([{ id: 'org', name: 'Org' }]),
      notifier: { toOrganisers: async () => true, toConversation: async () => undefined },
    });
    await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(c.app.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    c.app.close();
    await connector.stop();
  });

  it('answers any text without throwing, and every answer is one of the three kinds', () => {
    const qa = new QuestionAnswerer(realKnowledgeBase(), { now: () => TODAY });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ minLength: 2000, maxLength: 20_000 })), (text) => {
        expect(['answer', 'unknown', 'upcoming']).toContain(qa.ask(text).kind);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws out of a turn for random activities and card payloads, and answers in Dutch or stays silent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          type: fc.constantFrom('message', 'invoke', 'conversationUpdate', 'messageUpdate', 'messageDelete', 'event', 'typing', 'iets'),
          text: fc.option(fc.string({ maxLength: 3000 })),
          verb: fc.constantFrom(...VERBS),
          data: fc.dictionary(fc.constantFrom('deadlineId', 'draftId', 'questionId', 'entryId', 'choice', 'title', 'dueDate', 'answer', 'source', 'comment', 'reason', 'number'), fc.oneof(fc.string({ maxLength: 200 }), fc.integer(), fc.constant(null), fc.object())),
          organiser: fc.boolean(),
        }),
        async (input) => {
          let thrown: unknown;
          const replies: Array<Partial<Activity>> = [];
          const adapter = new TestAdapter(async (context) => {
            try {
              await c.bot.run(context);
            } catch (error) {
              thrown = error;
            }
          });
          const activity: Partial<Activity> = {
            type: input.type,
            from: { id: 'u', name: 'Lid', aadObjectId: input.organiser ? 'org' : 'lid' },
            ...(input.text !== null ? { text: input.text } : {}),
            ...(input.type === 'invoke' ? { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: input.verb, data: input.data } } } : {}),
          };
          await adapter.send(activity);
          replies.push(...adapter.activeQueue);
          expect(thrown).toBeUndefined();
          for (const r of replies) {
            if (r.type === ActivityTypes.Message && r.text) expect(r.text).not.toMatch(/\b(error|undefined|exception)\b/i);
          }
        },
      ),
      { numRuns: 150 },
    );
    // Whatever was thrown at it, the register holds only valid deadlines.
    for (const d of await c.register.list()) expect(d.title.trim().length).toBeGreaterThan(0);
  }, 60_000);

  it('answers any HTTP body with a 4xx or 2xx, never a 5xx, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 500 }), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), async (body) => {
        const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 60_000);
});
