import type { AddressInfo } from 'node:net';
import AdmZip from 'adm-zip';
import { ActivityTypes, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { FakeClock } from '../support/clock.js';
import { FakeDraftChannel } from '../support/fake-draft-channel.js';
import { realKnowledgeBase } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

const ORGANISER = 'aad-secretaris';
const members = [{ id: ORGANISER, name: 'Secretaris' }, ...Array.from({ length: 5 }, (_, i) => ({ id: `aad-lid-${i}`, name: `Lid ${i}` }))];
const CHANNEL = '19:kanaal@thread.tacv2';
const channelData = { team: { id: 'team-1' }, channel: { id: CHANNEL } };

function setup() {
  const clock = new FakeClock('2026-11-23T12:00:00+01:00');
  const channel = new FakeDraftChannel(members);
  const c = compose(loadConfig({ STORAGE: 'memory', PUBLIC_URL: 'https://adviesbot.example.nl' }), memoryLogger('silent').logger, {
    kb: realKnowledgeBase(),
    store: new MemoryStore(),
    now: clock.now,
    organisers: { isOrganiser: async (context: TurnContext) => context.activity.from?.aadObjectId === ORGANISER },
    sender: { send: async () => undefined },
    draftChannel: channel,
    draftUpdateDelayMs: 5,
  });
  const adapter = new TestAdapter(async (context) => c.bot.run(context));
  return { c, adapter, clock, channel };
}

const from = (aad: string) => ({ id: `user-${aad}`, name: members.find((m) => m.id === aad)?.name ?? 'Vreemde', aadObjectId: aad });
const inChannel = (extra: Partial<Activity>): Partial<Activity> => ({ conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, name: 'x' }, channelData, ...extra });
/** A channel message that @mentions the bot, as Teams requires for the bot to answer in a channel. */
const said = (text: string, aad: string): Partial<Activity> =>
  inChannel({
    type: 'message',
    text: `<at>Adviesbot</at> ${text}`,
    from: from(aad),
    recipient: { id: 'bot', name: 'Adviesbot' },
    entities: [{ type: 'mention', text: '<at>Adviesbot</at>', mentioned: { id: 'bot', name: 'Adviesbot' } }],
  });

function invoke(verb: string, data: Record<string, unknown>, aad = ORGANISER): Partial<Activity> {
  return inChannel({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', from: from(aad), value: { action: { type: 'Action.Execute', verb, data } } });
}

async function act(adapter: TestAdapter, activity: Partial<Activity>): Promise<Partial<Activity>> {
  let reply: Partial<Activity> = {};
  await adapter.send(activity).assertReply((a) => {
    reply = a;
  });
  return reply;
}
const cardJson = (a: Partial<Activity>): string => JSON.stringify((a.value as { body: { value: unknown } }).body.value);

const form = { number: '1.2', title: 'Participatiecoaching borgen', text: 'Het adviesorgaan adviseert vast te leggen dat participatiecoaching blijft.', closeDate: '2026-11-30', closeTime: '17:00', visibility: 'na-stem', anonymous: 'false', quorum: '50' };

async function posted(options: Partial<typeof form> = {}) {
  const s = setup();
  const reply = await act(s.adapter, invoke('draft.post', { ...form, ...options }));
  expect(cardJson(reply)).toContain('Het staat als nieuw bericht in dit kanaal');
  const draft = (await s.c.draftStore.findByNumber('team-1', '1.2'))!;
  return { ...s, draft };
}

describe('draft deeladviezen', () => {
  it('stays silent on channel messages that do not mention it', async () => {
    const { adapter } = setup();
    await adapter.send(inChannel({ type: 'message', text: 'wat is de deadline voor het BAR-advies?', from: from('aad-lid-1') }));
    await adapter.send(said('help', 'aad-lid-1')).assertReply((a) => expect(JSON.stringify(a.attachments)).toContain('Adviesbot'));
  });

  it('lets only organisers open the form and post a draft in a new thread', async () => {
    const { adapter, c, channel } = setup();
    await adapter.send(said('deeladvies', ORGANISER)).assertReply((a) => expect(JSON.stringify(a.attachments)).toContain('draft.post'));
    await adapter.send(said('deeladvies', 'aad-lid-1')).assertReply((a) => expect(a.text).toMatch(/Alleen organisatoren/));
    expect(cardJson(await act(adapter, invoke('draft.post', form, 'aad-lid-1')))).toMatch(/Alleen organisatoren/);
    expect(channel.posted).toHaveLength(0);
    expect(cardJson(await act(adapter, invoke('draft.post', { ...form, title: '', closeDate: '2026-11-01' })))).toContain('⚠ Vul een titel in.');
    expect(channel.posted).toHaveLength(0);
    await act(adapter, invoke('draft.post', form));
    expect(channel.posted).toHaveLength(1);
    expect(JSON.stringify(channel.posted[0])).toContain('Deeladvies 1.2: Participatiecoaching borgen');
    expect((await c.draftStore.findByNumber('team-1', '1.2'))!.threadRootId).toBe('1700000000000');
  });

  it('collects thread replies with and without mention, follows edits and deletions, and shows them', async () => {
    const { adapter, draft, c } = await posted();
    const thread = { id: `${CHANNEL};messageid=${draft.threadRootId}`, conversationType: 'channel', isGroup: true, name: 'x' };
    await adapter.send({ type: 'message', id: 'm1', text: '<p>Goed punt, maar <b>meetbaar</b> maken</p>', from: from('aad-lid-1'), conversation: thread, channelData });
    await adapter.send({ type: 'message', id: 'm2', text: '<at>Adviesbot</at> **Eens**', from: from('aad-lid-2'), conversation: thread, channelData, recipient: { id: 'bot', name: 'Adviesbot' }, entities: [{ type: 'mention', text: '<at>Adviesbot</at>', mentioned: { id: 'bot', name: 'Adviesbot' } }] }).assertReply(() => undefined);
    await adapter.send({ type: 'messageUpdate', channelId: 'msteams', id: 'm1', text: 'Goed punt, maar meetbaar en leesbaar maken', from: from('aad-lid-1'), conversation: thread, channelData: { ...channelData, eventType: 'editMessage' } });
    await adapter.send({ type: 'messageDelete', channelId: 'msteams', id: 'm2', from: from('aad-lid-2'), conversation: thread, channelData: { ...channelData, eventType: 'softDeleteMessage' } });
    const comments = await c.draftStore.comments(draft.id);
    expect(comments.map((x) => x.text)).toEqual(['Goed punt, maar meetbaar en leesbaar maken']);
    await adapter.send(said('reacties 1.2', 'aad-lid-3')).assertReply((a) => {
      const json = JSON.stringify(a.attachments);
      expect(json).toContain('meetbaar en leesbaar');
      expect(json).toContain('(bewerkt)');
    });
    // A comment through the card field, with markdown that must not change the card
    const reply = await act(adapter, invoke('draft.comment', { draftId: draft.id, comment: '[klik](http://x) # kop' }, 'aad-lid-4'));
    expect(cardJson(reply)).toContain('Je reactie is toegevoegd');
    expect((await c.draftStore.comments(draft.id)).map((x) => x.text)).toContain('[klik](http://x) # kop');
    const list = await act(adapter, invoke('draft.comments', { draftId: draft.id }, 'aad-lid-4'));
    expect(cardJson(list)).toContain('\\\\[klik\\\\]');
  });

  it('counts a vote, lets it change, hides the tally until one has voted, and requires a reason with Oneens', async () => {
    const { adapter, draft, c } = await posted();
    const before = cardJson(await act(adapter, invoke('draft.refresh', { draftId: draft.id }, 'aad-lid-1')));
    expect(before).toContain('De tussenstand zie je nadat je zelf hebt gestemd.');
    expect(before).not.toContain('Tussenstand');
    const refused = cardJson(await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'oneens', reason: '' }, 'aad-lid-1')));
    expect(refused).toContain('Geef bij Oneens kort aan waarom');
    const voted = cardJson(await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'eens' }, 'aad-lid-1')));
    expect(voted).toContain('Je hebt gestemd: Eens');
    expect(voted).toContain('Tussenstand');
    const changed = cardJson(await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'oneens', reason: 'Te weinig concreet' }, 'aad-lid-1')));
    expect(changed).toContain('Je stem is gewijzigd');
    const tally = await c.draftStore.tally(draft);
    expect(tally).toMatchObject({ total: 1, counts: { oneens: 1, eens: 0 } });
    expect((await c.draftStore.get(draft.id))!.viewers).toEqual(['aad-lid-1']);
  });

  it('keeps results hidden until closing when asked, and anonymous votes without names', async () => {
    const { adapter, draft, c, clock } = await posted({ visibility: 'na-sluiting', anonymous: 'true' });
    const voted = cardJson(await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'oneens', reason: 'Liever lokaal' }, 'aad-lid-2')));
    expect(voted).toContain('De uitslag is zichtbaar nadat de stemming is gesloten.');
    expect(voted).not.toContain('Tussenstand');
    clock.set('2026-11-30T17:01:00+01:00');
    expect(await c.draftScheduler.tick()).toMatchObject({ closed: 1 });
    const after = cardJson(await act(adapter, invoke('draft.refresh', { draftId: draft.id }, 'aad-lid-3')));
    expect(after).toContain('Uitslag');
    expect(after).toContain('Liever lokaal');
    expect(after).not.toContain('Lid 2');
  });

  it('refuses votes from non-members and after closing, and forged input, changing nothing', async () => {
    const { adapter, draft, c, clock } = await posted();
    expect(cardJson(await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'eens' }, 'aad-buitenstaander')))).toContain('Alleen leden');
    expect(cardJson(await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'misschien' }, 'aad-lid-1')))).toContain('Kies Eens');
    expect(cardJson(await act(adapter, invoke('draft.vote', { draftId: 'verzonnen', choice: 'eens' }, 'aad-lid-1')))).toContain('bestaat niet');
    expect(cardJson(await act(adapter, invoke('draft.close', { draftId: draft.id, outcome: 'x' }, 'aad-lid-1')))).toMatch(/Alleen organisatoren/);
    clock.set('2026-11-30T17:00:00+01:00');
    expect(cardJson(await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'eens' }, 'aad-lid-1')))).toContain('gesloten');
    expect((await c.draftStore.tally(draft)).total).toBe(0);
  });

  it('reminds only non-voters 24 hours before closing, once, and closes automatically with the result', async () => {
    const { adapter, draft, c, clock, channel } = await posted();
    await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'eens' }, 'aad-lid-0'));
    await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'eens-met-aanpassingen' }, 'aad-lid-1'));
    clock.set('2026-11-29T16:00:00+01:00');
    expect((await c.draftScheduler.tick()).reminded).toBe(0);
    clock.set('2026-11-29T17:00:00+01:00');
    expect((await c.draftScheduler.tick()).reminded).toBe(4);
    expect(channel.said[0]!.text).toMatch(/^Sluit binnenkort/);
    expect(channel.said[0]!.mentions.map((m) => m.id).sort()).toEqual(['aad-lid-2', 'aad-lid-3', 'aad-lid-4', ORGANISER].sort());
    expect((await c.draftScheduler.tick()).reminded).toBe(0);
    clock.set('2026-11-30T17:00:00+01:00');
    expect((await c.draftScheduler.tick()).closed).toBe(1);
    const last = JSON.stringify(channel.updates.at(-1));
    expect(last).toContain('Uitslag');
    expect(last).toContain('2 van de 6 leden hebben gestemd');
    expect(last).toContain('Het quorum (50% van de leden) is niet gehaald.');
    const closed = cardJson(await act(adapter, invoke('draft.close', { draftId: draft.id, outcome: 'Het adviesorgaan neemt 1.2 over met aanpassingen.' })));
    expect(closed).toContain('Uitkomst');
    expect(closed).toContain('neemt 1.2 over met aanpassingen');
  });

  it('counts 60 members voting at once, and the final card says 60', async () => {
    const many = [{ id: ORGANISER, name: 'Secretaris' }, ...Array.from({ length: 60 }, (_, i) => ({ id: `aad-v-${i}`, name: `Stemmer ${i}` }))];
    const { c, adapter, draft, channel } = await posted({ visibility: 'live' });
    channel.members = many;
    const choices = ['eens', 'eens-met-aanpassingen', 'onthouding'];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        new TestAdapter(async (context) => c.bot.run(context)).send(invoke('draft.vote', { draftId: draft.id, choice: choices[i % 3] }, `aad-v-${i}`)),
      ),
    );
    await c.drafts.drain();
    expect((await c.draftStore.tally(draft)).total).toBe(60);
    const last = JSON.stringify(channel.updates.at(-1));
    expect(last).toContain('60 van de 61 leden hebben gestemd');
    expect(channel.updates.length).toBeLessThan(60);
    void adapter;
  });
});

describe('draft export', () => {
  it('gives members download links for Word, Markdown and CSV with the draft, comments and result; others get 404', async () => {
    const { adapter, draft, c } = await posted();
    await act(adapter, invoke('draft.comment', { draftId: draft.id, comment: '=SOM(A1) graag meetbaar' }, 'aad-lid-1'));
    await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'oneens', reason: 'Te vaag' }, 'aad-lid-2'));
    let links: string[] = [];
    await adapter.send(said('export 1.2', 'aad-lid-3')).assertReply((a) => {
      links = [...new Set([...JSON.stringify(a.attachments).matchAll(/https:\/\/adviesbot\.example\.nl\/export\/[A-Za-z0-9_-]{32}\/deeladvies-1\.2\.(docx|md|csv)/g)].map((m) => m[0]))];
    });
    expect(links).toHaveLength(3);
    await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(c.app.address() as AddressInfo).port}`;
    const get = (url: string) => fetch(url.replace('https://adviesbot.example.nl', base));
    const open = await (await get(links.find((l) => l.endsWith('.md'))!)).text();
    expect(open).toContain('De uitslag komt in de export nadat de stemming is gesloten.');
    expect(open).not.toContain('Te vaag');
    await act(adapter, invoke('draft.close', { draftId: draft.id, outcome: 'Overgenomen.' }));
    const md = await (await get(links.find((l) => l.endsWith('.md'))!)).text();
    expect(md).toContain('# Deeladvies 1.2: Participatiecoaching borgen');
    expect(md).toContain('> =SOM\\(A1\\) graag meetbaar');
    expect(md).toContain('Oneens: 1');
    const csv = await (await get(links.find((l) => l.endsWith('.csv'))!)).text();
    expect(csv).toContain(`"'=SOM(A1) graag meetbaar"`);
    const docx = Buffer.from(await (await get(links.find((l) => l.endsWith('.docx'))!)).arrayBuffer());
    const xml = new AdmZip(docx).readAsText('word/document.xml');
    expect(xml).toContain('Participatiecoaching borgen');
    expect(xml).toContain('Te vaag');
    expect((await fetch(`${base}/export/${'y'.repeat(32)}/deeladvies-1.2.md`)).status).toBe(404);
    c.app.close();
    expect(cardJson(await act(adapter, invoke('draft.export', { draftId: draft.id }, 'aad-buitenstaander')))).toMatch(/Alleen leden/);
  });
});

describe('a double click on Plaatsen', () => {
  it('posts one draft', async () => {
    const { c, channel } = setup();
    const press = () => new TestAdapter(async (context) => c.bot.run(context)).send(invoke('draft.post', { ...form, nonce: 'formulier-1' }));
    await Promise.all([press(), press()]);
    expect(channel.posted).toHaveLength(1);
  });
});

/** A group chat: no threads, the card goes into the chat itself. */
const GROUP = { id: '19:groep@thread.v2', conversationType: 'groupChat', isGroup: true, name: 'Werkkamer' };
const inGroup = (extra: Partial<Activity>): Partial<Activity> => ({ conversation: GROUP, ...extra });
const groupInvoke = (verb: string, data: Record<string, unknown>, aad = ORGANISER): Partial<Activity> =>
  inGroup({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', from: from(aad), value: { action: { type: 'Action.Execute', verb, data } } });
const groupSaid = (text: string, aad: string): Partial<Activity> =>
  inGroup({ type: 'message', text: `<at>Adviesbot</at> ${text}`, from: from(aad), recipient: { id: 'bot', name: 'Adviesbot' }, entities: [{ type: 'mention', text: '<at>Adviesbot</at>', mentioned: { id: 'bot', name: 'Adviesbot' } }] });

/** Every reply of one turn (a card action may send a message and answer the invoke). */
async function replies(adapter: TestAdapter, activity: Partial<Activity>): Promise<Array<Partial<Activity>>> {
  await adapter.send(activity).startTest();
  const out: Array<Partial<Activity>> = [];
  for (let next = adapter.activeQueue.shift(); next; next = adapter.activeQueue.shift()) out.push(next);
  return out;
}
const invokeBody = (all: Array<Partial<Activity>>): string => cardJson(all.find((a) => a.type === 'invokeResponse')!);
type Node = Record<string, unknown>;
function find(node: unknown, test: (n: Node) => boolean): Node[] {
  const out: Node[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      if (test(n as Node)) out.push(n as Node);
      Object.values(n).forEach(walk);
    }
  };
  walk(node);
  return out;
}
const cardOfInvoke = (a: Partial<Activity>): unknown => (a.value as { body: { value: unknown } }).body.value;

describe('drafts as members meet them (issue 14)', () => {
  it('the form says what will happen where it is used: a new post in a channel, a card in a group chat or a personal chat', async () => {
    const { adapter } = setup();
    await adapter.send(said('deeladvies', ORGANISER)).assertReply((a) => expect(JSON.stringify(a.attachments)).toContain('nieuw bericht in dit kanaal'));
    await adapter.send(groupSaid('deeladvies', ORGANISER)).assertReply((a) => {
      const json = JSON.stringify(a.attachments);
      expect(json).toContain('als kaart in deze groepschat');
      expect(json).not.toContain('kanaal');
    });
    await adapter
      .send({ type: 'message', text: 'deeladvies', from: from(ORGANISER), conversation: { id: 'persoonlijk-1', conversationType: 'personal', name: 'x', isGroup: false } })
      .assertReply((a) => {
        const json = JSON.stringify(a.attachments);
        expect(json).toContain('persoonlijke gesprek');
        expect(json).not.toContain('draad');
      });
  });

  it('after Plaatsen in a group chat the form becomes a short confirmation: one card per draft to vote on', async () => {
    const { adapter, channel, c } = setup();
    const reply = cardOfInvoke(await act(adapter, groupInvoke('draft.post', { ...form, nonce: 'groep-1' })));
    expect(channel.posted).toHaveLength(1);
    expect(JSON.stringify(reply)).toContain('Deeladvies 1.2 is geplaatst');
    expect(JSON.stringify(reply)).toContain('deze chat');
    // No vote, no inputs on the confirmation: the posted card is the only one with a vote.
    expect(find(reply, (n) => n.verb === 'draft.vote')).toHaveLength(0);
    expect(find(reply, (n) => typeof n.type === 'string' && n.type.startsWith('Input.'))).toHaveLength(0);
    expect(find(channel.posted[0], (n) => n.verb === 'draft.vote')).toHaveLength(1);
    // The same form pressed again still gives a confirmation, not a second votable card.
    const again = cardOfInvoke(await act(adapter, groupInvoke('draft.post', { ...form, nonce: 'groep-1' })));
    expect(JSON.stringify(again)).toMatch(/is (al )?geplaatst/);
    expect(find(again, (n) => n.verb === 'draft.vote')).toHaveLength(0);
    expect(channel.posted).toHaveLength(1);
    expect(await c.draftStore.findByNumber(GROUP.id, '1.2')).toBeDefined();
  });

  it('a refused vote (Oneens without reason) keeps the option and the text the member entered', async () => {
    const { adapter, draft, c } = await posted();
    await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'eens' }, 'aad-lid-1'));
    const refused = cardOfInvoke(await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'oneens', reason: '  ' }, 'aad-lid-1')));
    expect(JSON.stringify(refused)).toContain('⚠ Geef bij Oneens kort aan waarom');
    const [choice] = find(refused, (n) => n.id === 'choice');
    expect(choice!.value).toBe('oneens');
    expect((await c.draftStore.myVote(draft, 'aad-lid-1'))!.choice).toBe('eens');
    const tooLong = cardOfInvoke(await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'eens-met-aanpassingen', reason: 'x'.repeat(600) }, 'aad-lid-2')));
    expect(find(tooLong, (n) => n.id === 'choice')[0]!.value).toBe('eens-met-aanpassingen');
    expect(find(tooLong, (n) => n.id === 'reason')[0]!.value).toBe('x'.repeat(600));
  });

  it('Exporteren keeps the vote card and sends the links as a message of their own', async () => {
    const { adapter, draft } = await posted();
    const all = await replies(adapter, invoke('draft.export', { draftId: draft.id }, 'aad-lid-1'));
    const card = JSON.parse(invokeBody(all)) as unknown;
    expect(find(card, (n) => n.verb === 'draft.vote')).toHaveLength(1);
    expect(JSON.stringify(card)).toContain('apart bericht');
    const message = all.find((a) => a.type === 'message');
    expect(JSON.stringify(message?.attachments)).toMatch(/\/export\/[A-Za-z0-9_-]{32}\/deeladvies-1\.2\.docx/);
  });

  it('strips markup from vote reasons, outcomes and card comments before showing them', async () => {
    const { adapter, draft, c } = await posted({ visibility: 'live' });
    await act(adapter, invoke('draft.vote', { draftId: draft.id, choice: 'oneens', reason: 'Onduidelijk <b>wie</b> het doet <script>alert(1)</script>' }, 'aad-lid-1'));
    expect((await c.draftStore.myVote(draft, 'aad-lid-1'))!.reason).toBe('Onduidelijk wie het doet');
    const shown = cardJson(await act(adapter, invoke('draft.refresh', { draftId: draft.id }, 'aad-lid-2')));
    expect(shown).toContain('Onduidelijk wie het doet');
    expect(shown).not.toMatch(/<b>|<script|alert/);
    await act(adapter, invoke('draft.comment', { draftId: draft.id, comment: '<i>Graag</i> &lt;b&gt;meetbaar&lt;/b&gt;' }, 'aad-lid-3'));
    expect((await c.draftStore.comments(draft.id)).map((x) => x.text)).toContain('Graag meetbaar');
    const closed = cardJson(await act(adapter, invoke('draft.close', { draftId: draft.id, outcome: '<p>Overgenomen</p>' })));
    expect(closed).toContain('Overgenomen');
    expect(closed).not.toContain('<p>');
  });

  it('refuses a comment over 2000 characters with the limit, keeps it in the field, and marks a long thread reply as shortened', async () => {
    const { adapter, draft, c } = await posted();
    const long = 'Lang verhaal. '.repeat(360).trim();
    const refused = cardOfInvoke(await act(adapter, invoke('draft.comment', { draftId: draft.id, comment: long }, 'aad-lid-1')));
    expect(JSON.stringify(refused)).toContain(`te lang (${long.length} tekens, maximaal 2000) en is niet geplaatst`);
    expect(JSON.stringify(refused)).not.toContain('Je reactie is toegevoegd');
    expect(find(refused, (n) => n.id === 'comment')[0]!.value).toBe(long);
    expect(await c.draftStore.comments(draft.id)).toHaveLength(0);
    const thread = { id: `${CHANNEL};messageid=${draft.threadRootId}`, conversationType: 'channel', isGroup: true, name: 'x' };
    await adapter.send({ type: 'message', id: 'lang-1', text: long, from: from('aad-lid-2'), conversation: thread, channelData });
    const list = cardJson(await act(adapter, invoke('draft.comments', { draftId: draft.id }, 'aad-lid-2')));
    expect(list).toContain('Ingekort tot 2000 tekens');
  });
});
