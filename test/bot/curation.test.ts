import { ActivityTypes, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { AdaptiveCard } from '../../src/bot/cards.js';
import type { Notifier } from '../../src/bot/curation-feature.js';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { documentsFileSchema, knowledgeFileSchema } from '../../src/domain/knowledge/schema.js';
import { loadKnowledgeFromDisk } from '../../src/knowledge-files.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

const ORGANISER = 'aad-secretaris';

class RecordingNotifier implements Notifier {
  readonly toOrg: AdaptiveCard[] = [];
  readonly toAsker: Array<{ conversationId: string; text?: string; card: AdaptiveCard }> = [];
  async toOrganisers(card: AdaptiveCard) {
    this.toOrg.push(card);
    return true;
  }
  async toConversation(conversationId: string, card: AdaptiveCard, text?: string) {
    this.toAsker.push({ conversationId, card, ...(text ? { text } : {}) });
  }
}

function setup(store = new MemoryStore()) {
  const notifier = new RecordingNotifier();
  // A fresh copy of the knowledge base per bot, as after a restart.
  const c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, {
    kb: loadKnowledgeFromDisk(),
    store,
    now: () => TODAY,
    organisers: { isOrganiser: async (context: TurnContext) => context.activity.from?.aadObjectId === ORGANISER },
    sender: { send: async () => undefined },
    notifier,
  });
  return { c, notifier, store, adapter: new TestAdapter(async (context) => c.bot.run(context)) };
}

const from = (aad: string) => ({ id: `user-${aad}`, name: aad === ORGANISER ? 'Secretaris' : 'Lid An', aadObjectId: aad });
async function act(adapter: TestAdapter, activity: Partial<Activity>): Promise<Partial<Activity>> {
  let reply: Partial<Activity> = {};
  await adapter.send(activity).assertReply((a) => {
    reply = a;
  });
  return reply;
}
const invoke = (verb: string, data: Record<string, unknown>, aad: string): Partial<Activity> => ({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', from: from(aad), value: { action: { type: 'Action.Execute', verb, data } } });
const body = (a: Partial<Activity>) => (a.value as { body: { value: unknown } }).body.value;
const QUESTION = 'Hoeveel vrijwilligers telt de Werkkamer Participatie in Wijchen?';

describe('curation in Teams', () => {
  it('closes the loop: unanswered question -> organiser card -> answer -> asker told -> answered from the new entry', async () => {
    const { c, notifier, adapter, store } = setup();
    const reply = await act(adapter, { type: 'message', text: QUESTION, from: from('aad-lid') });
    const card = JSON.stringify(reply.attachments?.[0]?.content);
    expect(card).toContain('Dat weet ik niet zeker');
    const questionId = /"questionId":"([^"]+)"/.exec(card)![1]!;

    expect(body(await act(adapter, invoke('question.escalate', { questionId }, 'aad-lid')))).toMatch(/doorgestuurd naar de organisatoren/);
    expect(JSON.stringify(notifier.toOrg[0])).toContain(QUESTION);

    // A member cannot answer; an empty answer or a missing source is refused and stores nothing.
    expect(body(await act(adapter, invoke('question.answer', { questionId, answer: 'Twaalf vrijwilligers, volgens de secretaris.', source: 'Jaarverslag' }, 'aad-lid')))).toMatch(/Alleen organisatoren/);
    const refused = JSON.stringify(body(await act(adapter, invoke('question.answer', { questionId, answer: '', source: '' }, ORGANISER))));
    expect(refused).toContain('Het antwoord is leeg');
    expect(refused).toContain('Vul een bron in');
    expect(await c.curationStore.curated()).toHaveLength(0);

    const answered = JSON.stringify(
      body(
        await act(
          adapter,
          invoke('question.answer', { questionId, answer: 'De Werkkamer Participatie in Wijchen telt twaalf vrijwilligers.', source: 'Jaarverslag Adviesorgaan Sociaal Domein Wijchen 2025', sourceDate: '2026-03-01', topic: 'werkkamer', phrasings: 'Uit hoeveel leden bestaat de werkkamer?' }, ORGANISER),
        ),
      ),
    );
    expect(answered).toContain('toegevoegd aan de kennisbank');
    expect(notifier.toAsker[0]!.text).toMatch(/^Je vroeg op 23 november 2026: "Hoeveel vrijwilligers/);
    expect(JSON.stringify(notifier.toAsker[0]!.card)).toContain('twaalf vrijwilligers');
    // Answering the same question twice is refused
    expect(JSON.stringify(body(await act(adapter, invoke('question.answer', { questionId, answer: 'Iets anders dan eerder gezegd.', source: 'Andere bron' }, ORGANISER))))).toContain('al afgehandeld');

    for (const q of [QUESTION, 'hoeveel vrijwilligers zitten er in die werkkamer in wijchen']) {
      const again = JSON.stringify((await act(adapter, { type: 'message', text: q, from: from('aad-lid') })).attachments?.[0]?.content);
      expect(again, q).toContain('twaalf vrijwilligers');
      expect(again).toContain('Jaarverslag Adviesorgaan Sociaal Domein Wijchen 2025');
    }

    // After a restart on the same store the curated entry is still answered.
    const restarted = setup(store);
    await restarted.c.curation.sync();
    const afterRestart = JSON.stringify((await act(restarted.adapter, { type: 'message', text: QUESTION, from: from('aad-lid') })).attachments?.[0]?.content);
    expect(afterRestart).toContain('twaalf vrijwilligers');

    // The export parses back through the knowledge-base schema.
    const exported = (await act(adapter, { type: 'message', text: 'export kennisbank', from: from(ORGANISER) })).text ?? '';
    const yaml = parse(/```yaml\n([\s\S]*)```/.exec(exported)![1]!) as { documents: unknown; entries: unknown };
    expect(knowledgeFileSchema.parse({ entries: yaml.entries }).entries[0]!.answer).toContain('twaalf vrijwilligers');
    expect(documentsFileSchema.parse({ documents: yaml.documents }).documents).toHaveLength(1);
  });

  it('links a question to an existing entry as a new phrasing, and refuses a non-organiser', async () => {
    const { c, notifier, adapter } = setup();
    const question = 'wanneer moest die burgerraad van heumen klaar zijn met z\u2019n stuk';
    const kept = await c.curationStore.keep({ text: question, asker: { id: 'aad-lid', name: 'Lid An', conversationId: 'Convo1' }, askedAt: TODAY.toISOString(), reason: 'onbekend' });
    expect(body(await act(adapter, invoke('question.link', { questionId: kept.id, entryId: 'heumen-bar-advies-deadline' }, 'aad-lid')))).toMatch(/Alleen organisatoren/);
    expect(JSON.stringify(body(await act(adapter, invoke('question.link', { questionId: kept.id, entryId: 'heumen-bar-advies-deadline' }, ORGANISER))))).toContain('Gekoppeld');
    expect(notifier.toAsker).toHaveLength(1);
    const answer = JSON.stringify((await act(adapter, { type: 'message', text: question, from: from('aad-lid') })).attachments?.[0]?.content);
    expect(answer).toContain('1 oktober 2025');
    expect(JSON.stringify(body(await act(adapter, invoke('question.ignore', { questionId: 'bestaat-niet' }, ORGANISER))))).toContain('bestaat niet');
  });

  it('keeps a repeated open question as one item with a count, and tells every asker', async () => {
    const { c, notifier, adapter } = setup();
    const first = await c.curationStore.keep({ text: 'Wie is de voorzitter van de BAR?', asker: { id: 'a', name: 'An', conversationId: 'chat-a' }, askedAt: TODAY.toISOString(), reason: 'onbekend' });
    const second = await c.curationStore.keep({ text: 'wie is de  voorzitter van de BAR?', asker: { id: 'b', name: 'Bo', conversationId: 'chat-b' }, askedAt: TODAY.toISOString(), reason: 'onbekend' });
    expect(second.id).toBe(first.id);
    expect(second.count).toBe(2);
    expect((await c.curationStore.questions()).filter((q) => q.state === 'open')).toHaveLength(1);
    await act(adapter, invoke('question.answer', { questionId: first.id, answer: 'De voorzitter van de BAR staat niet in de stukken; vraag het de secretaris.', source: 'Secretariaat BAR' }, ORGANISER));
    expect(notifier.toAsker.map((t) => t.conversationId).sort()).toEqual(['chat-a', 'chat-b']);
  });

  it('takes feedback on a quoted passage: thanks for a helpful one, an open question for the organisers when it did not help', async () => {
    const { c, adapter, notifier } = setup();
    const doc = [...c.kb.documents.keys()][0]!;
    expect(body(await act(adapter, invoke('feedback.helpful', { entryId: `passage:${doc}` }, 'aad-lid')))).toMatch(/citaat hielp/);
    expect(body(await act(adapter, invoke('feedback.unhelpful', { entryId: `passage:${doc}`, question: 'wat vond Druten vreemd?' }, 'aad-lid-2')))).toMatch(/organisator kijkt/);
    expect(notifier.toOrg).toHaveLength(1);
    const open = (await c.curationStore.questions()).filter((q) => q.state === 'open');
    expect(open.map((q) => [q.text, q.reason, q.entryId])).toEqual([['wat vond Druten vreemd?', 'niet-nuttig', undefined]]);
    expect(body(await act(adapter, invoke('feedback.unhelpful', { entryId: 'passage:verzonnen.txt' }, 'aad-lid')))).toMatch(/ken ik niet/);
  });

  it('counts feedback per entry and shows open questions, unhelpful entries and asked topics to organisers', async () => {
    const { adapter, notifier } = setup();
    await act(adapter, { type: 'message', text: 'wat is de deadline voor het BAR-advies?', from: from('aad-lid') });
    await act(adapter, invoke('feedback.helpful', { entryId: 'heumen-bar-advies-deadline' }, 'aad-lid'));
    expect(body(await act(adapter, invoke('feedback.unhelpful', { entryId: 'heumen-bar-advies-deadline', question: 'deadline bar?' }, 'aad-lid-2')))).toMatch(/organisator kijkt/);
    expect(notifier.toOrg).toHaveLength(1);
    expect(body(await act(adapter, invoke('feedback.unhelpful', { entryId: 'verzonnen' }, 'aad-lid')))).toMatch(/ken ik niet/);
    expect((await act(adapter, { type: 'message', text: 'kennisbank-overzicht', from: from('aad-lid') })).text).toMatch(/Alleen organisatoren/);
    const overview = (await act(adapter, { type: 'message', text: 'kennisbank-overzicht', from: from(ORGANISER) })).text ?? '';
    expect(overview).toContain('"deadline bar?"');
    expect(overview).toContain('Deadline van het BAR-advies over de DVO: 1 keer niet nuttig, 1 keer nuttig');
    expect(overview).toMatch(/Meest gevraagde onderwerpen[\s\S]*deadline: 1/);
  });
});

describe('who asked, and where it goes (issue 14)', () => {
  it('credits the member who asked, also when someone else asked the same words first, and says it was a personal chat', async () => {
    const { notifier, adapter } = setup();
    const ask = async (aad: string, name: string, conversation: string) => {
      const reply = await act(adapter, { type: 'message', text: 'Wie is de voorzitter van de BAR?', from: { id: `user-${aad}`, name, aadObjectId: aad }, conversation: { id: conversation, conversationType: 'personal', isGroup: false, name: 'x' } });
      return /"questionId":"([^"]+)"/.exec(JSON.stringify(reply.attachments?.[0]?.content))![1]!;
    };
    const first = await ask('aad-an', 'An de Vries', 'chat-an');
    const second = await ask('aad-bo', 'Bo Jansen', 'chat-bo');
    expect(second).toBe(first);
    await act(adapter, { ...invoke('question.escalate', { questionId: second }, 'aad-bo'), from: { id: 'user-aad-bo', name: 'Bo Jansen', aadObjectId: 'aad-bo' }, conversation: { id: 'chat-bo', conversationType: 'personal', isGroup: false, name: 'x' } });
    const card = JSON.stringify(notifier.toOrg.at(-1));
    expect(card).toContain('Gesteld door Bo Jansen in een persoonlijke chat op 23 november 2026.');
    expect(card).toContain('Eerder ook gevraagd door An de Vries; 2 keer in totaal.');
    expect(card).not.toContain('Gesteld door An');
  });

  it('never makes a group chat the organisers\' conversation by installing the bot; an organiser chooses it with "organisatorenkanaal"', async () => {
    const { c, adapter, store } = setup();
    const group = { id: '19:groep@thread.v2', conversationType: 'groupChat', isGroup: true, name: 'Werkkamer' };
    await adapter.send({ type: 'conversationUpdate', from: from(ORGANISER), recipient: { id: 'bot', name: 'Adviesbot' }, membersAdded: [{ id: 'bot', name: 'Adviesbot' }], conversation: group, channelId: 'msteams' }).assertReply((a) => expect(JSON.stringify(a.attachments)).toContain('Hallo, ik ben Adviesbot'));
    expect((await store.read(['organisers-conversation']))['organisers-conversation']).toBeUndefined();
    const mention = { recipient: { id: 'bot', name: 'Adviesbot' }, entities: [{ type: 'mention', text: '<at>Adviesbot</at>', mentioned: { id: 'bot', name: 'Adviesbot' } }] };
    expect((await act(adapter, { type: 'message', text: '<at>Adviesbot</at> organisatorenkanaal', from: from('aad-lid'), conversation: group, ...mention })).text).toMatch(/Alleen organisatoren/);
    expect((await store.read(['organisers-conversation']))['organisers-conversation']).toBeUndefined();
    expect((await act(adapter, { type: 'message', text: 'organisatorenkanaal', from: from(ORGANISER) })).text).toMatch(/niet in een persoonlijke chat/);
    const chosen = await act(adapter, { type: 'message', text: '<at>Adviesbot</at> organisatorenkanaal', from: from(ORGANISER), conversation: group, ...mention });
    expect(chosen.text).toMatch(/komen vanaf nu in dit gesprek/);
    expect((await store.read(['organisers-conversation']))['organisers-conversation']).toMatchObject({ conversationId: group.id });
    void c;
  });
});
