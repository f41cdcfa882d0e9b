import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TURN_ERROR_MESSAGE } from '../../src/bot/adapter.js';
import { Adviesbot, MAX_QUESTION_LENGTH } from '../../src/bot/adviesbot.js';
import { CONVERSATION_PREFIX, listConversations } from '../../src/bot/conversations.js';
import { QuestionAnswerer } from '../../src/domain/knowledge/qa.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

function setup() {
  const kb = realKnowledgeBase();
  const store = new MemoryStore();
  const qa = new QuestionAnswerer(kb, { now: () => TODAY });
  const bot = new Adviesbot({ qa, store, documents: kb.documents.size, logger: memoryLogger('silent').logger });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  return { adapter, store, qa };
}

type Card = { body: Array<Record<string, unknown>>; actions?: Array<{ title: string }>; fallbackText: string; version: string };
const cardOf = (activity: Partial<Activity>): Card => activity.attachments?.[0]?.content as Card;
const cardText = (activity: Partial<Activity>): string => JSON.stringify(cardOf(activity));

describe('Adviesbot in conversation', () => {
  const table: Array<[string, RegExp]> = [
    ['wat is de deadline voor het BAR-advies?', /1 oktober 2025/],
    ['Hoeveel geld gaat naar participatiecoaching?', /81\.000/],
    ['welke focusgroepen zijn er?', /55/],
    ['wat is de hoofdstad van Peru?', /Dat weet ik niet zeker/],
    ['help', /Hallo, ik ben Adviesbot/],
    ['hulp', /Je kunt bijvoorbeeld vragen/],
  ];
  it.each(table)('"%s" gets a card matching %s', async (question, expected) => {
    const { adapter } = setup();
    await adapter.send(question).assertReply((activity) => {
      expect(cardOf(activity).version).toBe('1.5');
      expect(cardText(activity)).toMatch(expected);
      expect(cardOf(activity).fallbackText.length).toBeGreaterThan(10);
    });
  });

  it('puts the source document and its date on every answer card', async () => {
    const { adapter } = setup();
    await adapter.send('wat adviseerde Wijchen over jongeren?').assertReply((activity) => {
      const text = cardText(activity);
      expect(text).toContain('Bron');
      expect(text).toMatch(/Adviesorgaan Sociaal Domein Wijchen/);
      expect(text).toContain('27 augustus 2025');
    });
  });

  it('offers related questions as buttons that ask them', async () => {
    const { adapter } = setup();
    await adapter.send('wat is de deadline voor het BAR-advies?').assertReply((activity) => {
      const all = cardOf(activity).actions ?? [];
      const actions = all.filter((a) => (a as { type?: string }).type === 'Action.Submit');
      expect(actions.length).toBeGreaterThan(0);
      expect(actions.length).toBeLessThanOrEqual(3);
      expect(actions[0]).toMatchObject({ type: 'Action.Submit', data: { msteams: { type: 'imBack' } } });
      expect(cardText(activity)).toContain('"title":"Nuttig"');
      expect(cardText(activity)).toContain('"title":"Niet nuttig"');
    });
  });

  it('answers the question of a card button sent as a value', async () => {
    const { adapter } = setup();
    await adapter
      .send({ type: ActivityTypes.Message, text: '', value: { question: 'welke focusgroepen zijn er?' } })
      .assertReply((activity) => expect(cardText(activity)).toMatch(/focusgroep/i));
  });

  it('strips the @mention in a channel before answering', async () => {
    const { adapter } = setup();
    await adapter
      .send({
        type: ActivityTypes.Message,
        text: '<at>Adviesbot</at> wat is de deadline voor het BAR-advies?',
        entities: [{ type: 'mention', text: '<at>Adviesbot</at>', mentioned: { id: 'bot', name: 'Adviesbot' } }],
        recipient: { id: 'bot', name: 'Adviesbot' },
      })
      .assertReply((activity) => expect(cardText(activity)).toContain('1 oktober 2025'));
  });

  it('asks for a question when the message is empty, and refuses an over-long one in Dutch', async () => {
    const { adapter } = setup();
    await adapter.send('   ').assertReply((a) => expect(a.text).toMatch(/geen vraag/));
    await adapter.send('a'.repeat(MAX_QUESTION_LENGTH + 1)).assertReply((a) => expect(a.text).toMatch(/te lang/));
  });

  it('saves the conversation reference on conversationUpdate and installationUpdate, and welcomes once installed', async () => {
    const { adapter, store } = setup();
    await adapter
      .send({
        type: ActivityTypes.ConversationUpdate,
        membersAdded: [{ id: 'bot', name: 'Adviesbot' }],
        recipient: { id: 'bot', name: 'Adviesbot' },
        conversation: { id: 'team-conv', conversationType: 'channel', tenantId: 't1', isGroup: true, name: 'x' },
      })
      .assertReply((a) => expect(cardText(a)).toMatch(/Adviesbot/));
    await adapter.send({ type: ActivityTypes.InstallationUpdate, action: 'add', conversation: { id: 'chat-conv', conversationType: 'groupChat', isGroup: true, name: 'y' } });
    const conversations = await listConversations(store);
    expect(conversations.map((c) => c.reference.conversation?.id).sort()).toEqual(['chat-conv', 'team-conv']);
    expect(await store.keys(CONVERSATION_PREFIX)).toEqual(['conversation/chat-conv', 'conversation/team-conv']);
  });

  it('tells the user politely in Dutch when a turn fails, and keeps working', async () => {
    const { adapter, qa } = setup();
    const original = qa.ask.bind(qa);
    let fail = true;
    qa.ask = (q: string) => {
      if (fail) {
        fail = false;
        throw new Error('kapot');
      }
      return original(q);
    };
    adapter.onTurnError = async (context) => {
      await context.sendActivity(TURN_ERROR_MESSAGE);
    };
    await adapter.send('welke focusgroepen zijn er?').assertReply((a) => expect(a.text).toBe(TURN_ERROR_MESSAGE));
    await adapter.send('welke focusgroepen zijn er?').assertReply((a) => expect(cardText(a)).toMatch(/focusgroep/i));
  });
});

describe('who gets in, and floods', () => {
  function bot(extra: { allowedTenants?: string[]; questionsPerMinute?: number }) {
    const kb = realKnowledgeBase();
    const logs = memoryLogger('info');
    const b = new Adviesbot({ qa: new QuestionAnswerer(kb, { now: () => TODAY }), store: new MemoryStore(), documents: kb.documents.size, logger: logs.logger, ...extra });
    return { adapter: new TestAdapter(async (context) => b.run(context)), logs };
  }

  it('refuses activities from a tenant that is not allowed, and logs it without the message text', async () => {
    const { adapter, logs } = bot({ allowedTenants: ['tenant-ok'] });
    await adapter
      .send({ type: ActivityTypes.Message, text: 'geheime vraag over de BAR', conversation: { id: 'c', tenantId: 'tenant-anders', isGroup: false, name: 'x', conversationType: 'personal' } })
      .assertReply((a) => expect(a.text).toMatch(/mag Adviesbot niet gebruiken/));
    await adapter
      .send({ type: ActivityTypes.Message, text: 'help', conversation: { id: 'c', tenantId: 'tenant-ok', isGroup: false, name: 'x', conversationType: 'personal' } })
      .assertReply((a) => expect(cardText(a)).toMatch(/Adviesbot/));
    const log = logs.lines.join('\n');
    expect(log).toContain('tenant-anders');
    expect(log).not.toContain('geheime vraag');
  });

  it('answers a flood of questions from one user politely, without slowing others', async () => {
    const { adapter } = bot({ questionsPerMinute: 3 });
    const asker = { id: 'u1', name: 'Snel', aadObjectId: 'aad-snel' };
    for (let i = 0; i < 3; i++) await adapter.send({ type: ActivityTypes.Message, text: 'welke focusgroepen zijn er?', from: asker }).assertReply(() => undefined);
    await adapter.send({ type: ActivityTypes.Message, text: 'welke focusgroepen zijn er?', from: asker }).assertReply((a) => expect(a.text).toMatch(/Wacht even een minuut/));
    await adapter
      .send({ type: ActivityTypes.Message, text: 'welke focusgroepen zijn er?', from: { id: 'u2', name: 'Ander', aadObjectId: 'aad-ander' } })
      .assertReply((a) => expect(cardText(a)).toMatch(/focusgroep/i));
  });
});
