import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityTypes, TestAdapter, type Activity, type ConversationReference, type TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { loadKnowledgeFromDisk } from '../../src/knowledge-files.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { adviesaanvraagPdf } from '../support/documents.js';
import { memoryLogger } from '../support/logs.js';
import { damagedPdf } from '../support/pdf.js';

const ORGANISER = 'aad-secretaris';
const NOW = new Date('2026-12-02T10:00:00+01:00');

// A local server in the role of SharePoint/OneDrive, serving the files that Teams' download links point at.
const files = new Map<string, Buffer>([
  ['/aanvraag.pdf', adviesaanvraagPdf()],
  ['/aanvraag-v2.pdf', adviesaanvraagPdf({ version: 2 })],
  ['/kapot.pdf', damagedPdf()],
  ['/groot.pdf', Buffer.alloc(21 * 1024 * 1024, 0x20)],
]);
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const file = files.get(req.url ?? '');
    // Separate calls: restify (loaded by the bot) patches writeHead so that it returns nothing.
    if (!file) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', file.length);
    res.end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function setup(store = new MemoryStore()) {
  const c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, {
    kb: loadKnowledgeFromDisk(),
    store,
    now: () => NOW,
    organisers: { isOrganiser: async (context: TurnContext) => context.activity.from?.aadObjectId === ORGANISER },
    sender: { send: async () => undefined },
    notifier: { toOrganisers: async () => true, toConversation: async () => undefined },
  });
  return { c, store, adapter: new TestAdapter(async (context) => c.bot.run(context)) };
}

const from = (aad: string) => ({ id: `user-${aad}`, name: aad === ORGANISER ? 'Sanne Secretaris' : 'Lid An', aadObjectId: aad });

/** A file shared in a personal chat, as Teams sends it (recorded shape; the links point at the local server). */
function fileMessage(path: string, aad: string): Partial<Activity> {
  return {
    type: 'message',
    text: '',
    from: from(aad),
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        contentUrl: `https://contoso-my.sharepoint.com/personal/secretaris/Documents/Microsoft Teams-chatbestanden${path}`,
        name: path.slice(1),
        content: { downloadUrl: `${base}${path}`, uniqueId: '1150d938-8870-4044-9f2c-5bbdeba70c8c', fileType: 'pdf' },
      },
      { contentType: 'text/html', content: '<p>&nbsp;</p>' },
    ],
    channelData: { tenant: { id: 'tenant-1' } },
  };
}

async function replies(adapter: TestAdapter, activity: Partial<Activity>, count: number): Promise<Array<Partial<Activity>>> {
  const out: Array<Partial<Activity>> = [];
  let flow = adapter.send(activity);
  for (let i = 0; i < count; i++) flow = flow.assertReply((a) => void out.push(a));
  await flow;
  return out;
}
const invoke = (verb: string, data: Record<string, unknown>, aad: string): Partial<Activity> => ({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', from: from(aad), value: { action: { type: 'Action.Execute', verb, data } } });
const body = (a: Partial<Activity>): string => JSON.stringify((a.value as { body: { value: unknown } }).body.value).replace(/\\\\/g, '');
// Card text with the markdown escapes of names and passages (\\-) taken out, to compare with plain text.
const cardOf = (a: Partial<Activity>): string => JSON.stringify(a.attachments?.[0]?.content ?? a.text).replace(/\\\\/g, '');
const QUESTION = 'Krijg ik een scootmobiel in bruikleen of in eigendom?';

describe('documents in Teams', () => {
  it('an organiser sends a PDF: stored, answered from with title, date and page, deadlines proposed and added', async () => {
    const { c, adapter } = setup();
    // A member cannot add one; nothing is stored.
    const [refused] = await replies(adapter, fileMessage('/aanvraag.pdf', 'aad-lid'), 1);
    expect(refused!.text).toMatch(/Alleen organisatoren/);
    expect(await c.documentStore.list()).toEqual([]);

    const [added, proposals] = await replies(adapter, fileMessage('/aanvraag.pdf', ORGANISER), 2);
    expect(cardOf(added!)).toContain('Adviesaanvraag verordening Wmo-hulpmiddelen 2027 (uit het document)');
    expect(cardOf(added!)).toContain('1 december 2026 (uit het document)');
    const proposalCard = cardOf(proposals!);
    expect(proposalCard).toContain('Deadlines in het document');
    expect(proposalCard).toContain('15 januari 2027');
    expect(proposalCard).toContain('uiterlijk 15 januari 2027');
    for (const button of ['Toevoegen', 'Aanpassen', 'Overslaan']) expect(proposalCard).toContain(`"title":"${button}"`);
    const [document] = await c.documentStore.list();

    // The same file again is refused.
    const [again] = await replies(adapter, fileMessage('/aanvraag.pdf', ORGANISER), 1);
    expect(again!.text).toMatch(/Dit document is er al/);

    // A member's question that only the document answers: the passage verbatim, labelled, with title, date, page.
    const [answer] = await replies(adapter, { type: 'message', text: QUESTION, from: from('aad-lid') }, 1);
    const answerCard = cardOf(answer!);
    expect(answerCard).toContain('Uit een toegevoegd document');
    expect(answerCard).toContain('Niemand heeft gecontroleerd');
    expect(answerCard).toContain('in bruikleen krijgen van de uitleenpool in Wijchen');
    expect(answerCard).toContain('pagina 2');
    expect(answerCard).toContain('1 december 2026');
    expect(answerCard).not.toContain('Maak hier een vast antwoord van');
    const [forOrganiser] = await replies(adapter, { type: 'message', text: QUESTION, from: from(ORGANISER) }, 1);
    expect(cardOf(forOrganiser!)).toContain('Maak hier een vast antwoord van');

    // Toevoegen: into the register with reminders; a second press (or another organiser's) adds nothing more.
    expect(body((await replies(adapter, invoke('proposal.add', { documentId: document!.id, n: 1 }, 'aad-lid'), 1))[0]!)).toMatch(/Alleen organisatoren/);
    const accepted = body((await replies(adapter, invoke('proposal.add', { documentId: document!.id, n: 1 }, ORGANISER), 1))[0]!);
    expect(accepted).toContain('Toegevoegd aan de deadlines');
    expect(body((await replies(adapter, invoke('proposal.add', { documentId: document!.id, n: 1 }, ORGANISER), 1))[0]!)).toContain('al toegevoegd');
    const registered = await c.register.list();
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({ dueDate: '2027-01-15', kind: 'advies', body: 'adviesraad', title: 'Advies: Adviesaanvraag verordening Wmo-hulpmiddelen 2027' });
    const deadlines = cardOf((await replies(adapter, { type: 'message', text: 'deadlines', from: from('aad-lid') }, 1))[0]!);
    expect(deadlines).toContain('Advies: Adviesaanvraag verordening Wmo-hulpmiddelen 2027');

    // Aanpassen: the changed date is checked (a day in the past is refused on the card) and then used.
    const past = body((await replies(adapter, invoke('proposal.add', { documentId: document!.id, n: 3, edited: true, p3_dueDate: '2026-01-01', p3_title: 'Wensen en bedenkingen Wmo', p3_kind: 'wensen en bedenkingen', p3_body: 'gemeenteraad' }, ORGANISER), 1))[0]!);
    expect(past).toContain('in het verleden');
    expect(await c.register.list()).toHaveLength(1);
    await replies(adapter, invoke('proposal.add', { documentId: document!.id, n: 3, edited: true, p3_dueDate: '2027-01-20', p3_title: 'Wensen en bedenkingen Wmo', p3_kind: 'wensen en bedenkingen', p3_body: 'gemeenteraad', p3_dueTime: '12:00' }, ORGANISER), 1);
    expect((await c.register.list()).map((d) => [d.title, d.dueDate, d.dueTime])).toContainEqual(['Wensen en bedenkingen Wmo', '2027-01-20', '12:00']);
    // Overslaan
    expect(body((await replies(adapter, invoke('proposal.skip', { documentId: document!.id, n: 2 }, ORGANISER), 1))[0]!)).toContain('Overgeslagen door Sanne Secretaris');
    expect((await c.documentStore.proposals(document!.id)).map((p) => p.state)).toEqual(['toegevoegd', 'overgeslagen', 'toegevoegd']);
  });

  it('makes a curated entry from a passage, and lists it when the document is removed everywhere', async () => {
    const store = new MemoryStore();
    const { c, adapter } = setup(store);
    const other = setup(store);
    await replies(adapter, fileMessage('/aanvraag.pdf', ORGANISER), 2);
    const [document] = await c.documentStore.list();
    await other.c.documents.sync();
    expect(cardOf((await replies(other.adapter, { type: 'message', text: QUESTION, from: from('aad-lid') }, 1))[0]!)).toContain('uitleenpool');

    const passage = (await c.documentStore.passages(document!.id))!.find((p) => p.text.includes('uitleenpool'))!;
    const form = body((await replies(adapter, invoke('document.curate', { documentId: document!.id, passageId: passage.id, question: QUESTION }, ORGANISER), 1))[0]!);
    expect(form).toContain('Antwoord opslaan');
    expect(form).toContain('Adviesaanvraag verordening Wmo-hulpmiddelen 2027, pagina 2');
    expect(form).toContain('in bruikleen krijgen van de uitleenpool');
    const questionId = /"questionId":"([^"]+)"/.exec(form)![1]!;
    await replies(adapter, invoke('question.answer', { questionId, answer: 'Een scootmobiel krijg je vanaf 2027 in bruikleen van de uitleenpool in Wijchen.', source: 'Adviesaanvraag verordening Wmo-hulpmiddelen 2027, pagina 2', sourceDate: '2026-12-01', topic: 'wmo' }, ORGANISER), 1);
    const [curated] = await c.curationStore.curated();
    expect(curated).toMatchObject({ documentId: document!.id });
    expect(curated!.entry.sources[0]!.quote).toBe(passage.text);

    const removed = body((await replies(adapter, invoke('document.remove', { documentId: document!.id }, ORGANISER), 1))[0]!);
    expect(removed).toContain('is verwijderd');
    expect(removed).toContain(curated!.entry.title);
    // The other instance stops answering from it at its next sync.
    await other.c.documents.sync();
    expect(other.c.passages.passageCount).toBe(0);
    expect(cardOf((await replies(other.adapter, { type: 'message', text: 'Wat staat er over de uitleenpool voor een traplift of rolstoel?', from: from('aad-lid') }, 1))[0]!)).not.toContain('Uit een toegevoegd document');
  });

  it('an organiser sends a new version with "vervang <id>": the old passages leave every instance, citing entries are listed', async () => {
    const store = new MemoryStore();
    const { c, adapter } = setup(store);
    const other = setup(store);
    await replies(adapter, fileMessage('/aanvraag.pdf', ORGANISER), 2);
    const [v1] = await c.documentStore.list();
    await other.c.documents.sync();
    const entry = await c.curationStore.addEntry({ question: 'Hoe krijg ik een scootmobiel?', answer: 'In bruikleen van de uitleenpool in Wijchen.', source: `${v1!.title}, pagina 2`, sourceDate: '2026-12-01', topic: 'wmo', phrasings: [], author: 'Sanne Secretaris', at: NOW, documentId: v1!.id });

    // A member cannot replace it.
    const asMember = { ...fileMessage('/aanvraag-v2.pdf', 'aad-lid'), text: `vervang ${v1!.id}` };
    expect((await replies(adapter, asMember, 1))[0]!.text).toMatch(/Alleen organisatoren/);
    // An unknown id: nothing stored, the old version stays.
    const unknown = { ...fileMessage('/aanvraag-v2.pdf', ORGANISER), text: 'vervang 000000000000' };
    expect((await replies(adapter, unknown, 1))[0]!.text).toMatch(/geen document met id "000000000000" om te vervangen/);
    expect((await c.documentStore.list()).map((d) => d.id)).toEqual([v1!.id]);

    const [added, proposals] = await replies(adapter, { ...fileMessage('/aanvraag-v2.pdf', ORGANISER), text: `vervang ${v1!.id}` }, 2);
    const card = cardOf(added!);
    expect(card).toContain('Nieuwe versie toegevoegd');
    expect(card).toContain(`Dit is een nieuwe versie van “${v1!.title}”`);
    expect(card).toContain(entry.entry.title);
    expect(cardOf(proposals!)).toContain('29 januari 2027');
    const [v2] = await c.documentStore.list();
    expect(v2!.replaces?.id).toBe(v1!.id);
    // Here at once, on the other instance at its next sync: only the new text answers.
    expect(c.passages.documentIds()).toEqual([v2!.id]);
    await other.c.documents.sync();
    expect(other.c.passages.documentIds()).toEqual([v2!.id]);
    const answer = cardOf((await replies(other.adapter, { type: 'message', text: QUESTION, from: from('aad-lid') }, 1))[0]!);
    expect(answer).toContain('uitleenpool in Beuningen');
    expect(answer).not.toContain('uitleenpool in Wijchen');
  });

  it('refuses a damaged file, a file over 20 MB and a file in a group chat with a Dutch message, storing nothing', async () => {
    const { c, adapter } = setup();
    expect((await replies(adapter, fileMessage('/kapot.pdf', ORGANISER), 1))[0]!.text).toMatch(/geen leesbare PDF/);
    expect((await replies(adapter, fileMessage('/groot.pdf', ORGANISER), 1))[0]!.text).toMatch(/maximum is 20 MB/);
    expect((await replies(adapter, fileMessage('/bestaat-niet.pdf', ORGANISER), 1))[0]!.text).toMatch(/niet ophalen \(HTTP 404\)/);
    const groupChat = new TestAdapter(async (context) => c.bot.run(context), {
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: { id: '19:group-1@thread.v2', conversationType: 'groupChat', isGroup: true, name: 'Adviesraad' },
      bot: { id: 'bot', name: 'Adviesbot' },
      user: from(ORGANISER),
    } as ConversationReference);
    // In a group chat the bot only reacts when mentioned; then it points to the personal chat.
    const mentioned = { ...fileMessage('/aanvraag.pdf', ORGANISER), text: '<at>Adviesbot</at>', entities: [{ type: 'mention', text: '<at>Adviesbot</at>', mentioned: { id: 'bot', name: 'Adviesbot' } }] };
    expect((await replies(groupChat, mentioned, 1))[0]!.text).toMatch(/persoonlijk gesprek/);
    expect(await c.documentStore.list()).toEqual([]);
    expect(await c.store.keys('document')).toEqual([]);
  });

  it('lists documents for members, with buttons for organisers', async () => {
    const { adapter } = setup();
    expect(cardOf((await replies(adapter, { type: 'message', text: 'documenten', from: from('aad-lid') }, 1))[0]!)).toContain('nog geen documenten');
    await replies(adapter, fileMessage('/aanvraag.pdf', ORGANISER), 2);
    const member = cardOf((await replies(adapter, { type: 'message', text: 'documenten', from: from('aad-lid') }, 1))[0]!);
    expect(member).toContain('Adviesaanvraag verordening Wmo-hulpmiddelen 2027');
    expect(member).not.toContain('Verwijderen');
    const organiser = cardOf((await replies(adapter, { type: 'message', text: 'documenten', from: from(ORGANISER) }, 1))[0]!);
    expect(organiser).toContain('Deadlines uit dit document');
    const id = /Id: ([0-9a-f]{12})/.exec(organiser)![1]!;
    expect(cardOf((await replies(adapter, { type: 'message', text: `document wijzigen ${id} titel: Wmo-verordening 2027 datum: 2026-11-28`, from: from(ORGANISER) }, 1))[0]!)).toContain('Wmo-verordening 2027');
    expect((await replies(adapter, { type: 'message', text: `document wijzigen ${id} datum: 2026-02-31`, from: from(ORGANISER) }, 1))[0]!.text).toMatch(/geen geldige datum/);
    expect((await replies(adapter, { type: 'message', text: `document wijzigen ${id} titel: X`, from: from('aad-lid') }, 1))[0]!.text).toMatch(/Alleen organisatoren/);
  });
});
