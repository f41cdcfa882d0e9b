import type { AddressInfo } from 'node:net';
import { ActivityTypes, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { afterAll, describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { FakeClock } from '../support/clock.js';
import { realKnowledgeBase } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

const ORGANISER = 'aad-organisator';

function setup() {
  const clock = new FakeClock('2026-11-23T12:00:00+01:00');
  const c = compose(loadConfig({ STORAGE: 'memory', PUBLIC_URL: 'https://adviesbot.example.nl' }), memoryLogger('silent').logger, {
    kb: realKnowledgeBase(),
    store: new MemoryStore(),
    now: clock.now,
    organisers: { isOrganiser: async (context: TurnContext) => context.activity.from?.aadObjectId === ORGANISER },
    sender: { send: async () => undefined },
  });
  const adapter = new TestAdapter(async (context) => c.bot.run(context));
  return { c, adapter, clock };
}

const from = (aad: string) => ({ id: `user-${aad}`, name: aad === ORGANISER ? 'Secretaris' : 'Lid', aadObjectId: aad });

function invoke(verb: string, data: Record<string, unknown>, aad = ORGANISER): Partial<Activity> {
  return { type: ActivityTypes.Invoke, name: 'adaptiveCard/action', from: from(aad), value: { action: { type: 'Action.Execute', verb, data } } };
}

type InvokeBody = { statusCode: number; type: string; value: unknown };
const bodyOf = (activity: Partial<Activity>): InvokeBody => (activity.value as { body: InvokeBody }).body;

/** Sends an activity and returns the bot's one reply. */
async function act(adapter: TestAdapter, activity: Partial<Activity> | string): Promise<Partial<Activity>> {
  let reply: Partial<Activity> = {};
  await adapter.send(activity).assertReply((a) => {
    reply = a;
  });
  return reply;
}

const validForm = { title: 'Advies over de Wmo-verordening', body: 'adviesraad', kind: 'advies', dueDate: '2026-12-16', dueTime: '17:00', description: 'Gevraagd advies.', link: '', schedule: '14, 7, 2, 0' };

describe('deadlines in Teams', () => {
  it('opens the form for an organiser on "nieuwe deadline" and refuses others politely', async () => {
    const { adapter } = setup();
    await adapter.send({ type: 'message', text: 'nieuwe deadline', from: from(ORGANISER) }).assertReply((a) => {
      expect(JSON.stringify(a.attachments?.[0]?.content)).toContain('deadline.save');
    });
    await adapter.send({ type: 'message', text: 'nieuwe deadline', from: from('aad-lid') }).assertReply((a) => {
      expect(a.text).toMatch(/Alleen organisatoren/);
    });
  });

  it('saves a valid form, lists it, and answers "wanneer is de deadline voor ..." from it', async () => {
    const { c, adapter } = setup();
    await adapter.send(invoke('deadline.save', validForm)).assertReply((a) => {
      const body = bodyOf(a);
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(body.value)).toContain('16 december 2026 om 17:00');
    });
    const saved = await c.register.list();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.conversations).toEqual(['Convo1']);
    await adapter.send({ type: 'message', text: 'deadlines', from: from('aad-lid') }).assertReply((a) => {
      const json = JSON.stringify(a.attachments?.[0]?.content);
      expect(json).toContain('Advies over de Wmo-verordening');
      expect(json).toContain('23 dagen');
      expect(json).not.toContain('deadline.cancel'); // members see no organiser buttons
    });
    await adapter.send({ type: 'message', text: 'wanneer is de deadline voor het advies over de wmo-verordening?' }).assertReply((a) => {
      const json = JSON.stringify(a.attachments?.[0]?.content);
      expect(json).toContain('16 december 2026');
      expect(json).toContain('over 23 dagen');
    });
    await adapter.send({ type: 'message', text: 'welke deadlines komen eraan?' }).assertReply((a) => {
      expect(JSON.stringify(a.attachments?.[0]?.content)).toContain('Advies over de Wmo-verordening');
    });
  });

  it('shows the problems of an invalid form inline and saves nothing', async () => {
    const { c, adapter } = setup();
    await adapter.send(invoke('deadline.save', { ...validForm, title: ' ', dueDate: '2026-02-30' })).assertReply((a) => {
      const json = JSON.stringify(bodyOf(a).value);
      expect(json).toContain('⚠ Vul een titel in.');
      expect(json).toContain('⚠ Deze datum bestaat niet.');
    });
    await adapter.send(invoke('deadline.save', { ...validForm, dueDate: '2026-11-01' })).assertReply((a) => {
      expect(JSON.stringify(bodyOf(a).value)).toContain('in het verleden');
    });
    expect(await c.register.list()).toHaveLength(0);
  });

  it('refuses organiser actions from members on the server, whatever card they press', async () => {
    const { c, adapter } = setup();
    await act(adapter, invoke('deadline.save', validForm));
    const [d] = await c.register.list();
    for (const verb of ['deadline.save', 'deadline.cancel', 'deadline.submit', 'deadline.edit']) {
      await adapter.send(invoke(verb, { ...validForm, deadlineId: d!.id, title: 'Gekaapt' }, 'aad-lid')).assertReply((a) => {
        expect(bodyOf(a).value).toMatch(/Alleen organisatoren/);
      });
    }
    expect(await c.register.get(d!.id)).toMatchObject({ title: validForm.title, state: 'open' });
  });

  it('lets an organiser edit, mark as submitted and cancel; a member may snooze', async () => {
    const { c, adapter } = setup();
    await act(adapter, invoke('deadline.save', validForm));
    const [d] = await c.register.list();
    await act(adapter, invoke('deadline.save', { ...validForm, deadlineId: d!.id, dueDate: '2026-12-18' }));
    expect((await c.register.get(d!.id))!.dueDate).toBe('2026-12-18');
    await adapter.send(invoke('deadline.snooze', { deadlineId: d!.id }, 'aad-lid')).assertReply((a) => {
      expect(JSON.stringify(bodyOf(a).value)).toContain('morgen (24 november 2026) om 9:00');
    });
    expect((await c.register.get(d!.id))!.snoozes).toHaveLength(1);
    await adapter.send(invoke('deadline.submit', { deadlineId: d!.id })).assertReply((a) => {
      expect(JSON.stringify(bodyOf(a).value)).toContain('Gemarkeerd als ingediend');
    });
    expect((await c.register.get(d!.id))!.state).toBe('ingediend');
    await adapter.send(invoke('deadline.cancel', { deadlineId: 'bestaat-niet' })).assertReply((a) => {
      expect(bodyOf(a).value).toMatch(/bestaat niet/);
    });
  });

  it('answers unknown or malformed card actions in Dutch and changes nothing', async () => {
    const { c, adapter } = setup();
    await adapter.send({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'iets.anders' } } }).assertReply((a) => {
      expect(bodyOf(a).value).toMatch(/ken ik niet/);
    });
    await adapter.send({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { nonsense: true } }).assertReply((a) => {
      expect((a.value as { status: number }).status).toBe(400);
    });
    await adapter.send(invoke('deadline.cancel', { deadlineId: { $gt: '' } })).assertReply((a) => {
      expect(bodyOf(a).value).toMatch(/onbekende gegevens/);
    });
    expect(await c.register.list()).toHaveLength(0);
  });
});

describe('calendar feed', () => {
  const { c, adapter } = setup();
  let url = '';
  afterAll(() => c.app.close());

  it('serves the team\u2019s deadlines as iCalendar under the key from "agenda-link", and 404 for a wrong key', async () => {
    await act(adapter, invoke('deadline.save', validForm));
    let link = '';
    await adapter.send({ type: 'message', text: 'agenda-link', from: from(ORGANISER) }).assertReply((a) => {
      link = /https:\/\/adviesbot\.example\.nl\/calendar\/[A-Za-z0-9_-]{32}\.ics/.exec(a.text ?? '')?.[0] ?? '';
      // Outside a team the link is not called the team's.
      expect(a.text).toContain('alle deadlines van dit gesprek');
    });
    expect(link).not.toBe('');
    await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(c.app.address() as AddressInfo).port}`;
    const res = await fetch(link.replace('https://adviesbot.example.nl', url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('Advies over de Wmo-verordening');
    expect(ics).toContain('DTSTART:20261216T160000Z');
    expect((await fetch(`${url}/calendar/${'x'.repeat(32)}.ics`)).status).toBe(404);
    expect((await fetch(`${url}/calendar/kort.ics`)).status).toBe(404);
    await adapter.send({ type: 'message', text: 'agenda-link', from: from('aad-lid') }).assertReply((a) => expect(a.text).toMatch(/Alleen organisatoren/));
  });
});

describe('editing a deadline that changed meanwhile', () => {
  it('refuses a save from a stale form and shows the newer version', async () => {
    const { c, adapter } = setup();
    await act(adapter, invoke('deadline.save', validForm));
    const [d] = await c.register.list();
    const staleVersion = d!.eTag;
    await act(adapter, invoke('deadline.save', { ...validForm, deadlineId: d!.id, version: staleVersion, dueDate: '2026-12-18' }));
    const reply = await act(adapter, invoke('deadline.save', { ...validForm, deadlineId: d!.id, version: staleVersion, title: 'Oude titel' }));
    expect(JSON.stringify(bodyOf(reply).value)).toContain('intussen gewijzigd');
    expect((await c.register.get(d!.id))!).toMatchObject({ dueDate: '2026-12-18', title: validForm.title });
  });
});

describe('a double click on Opslaan', () => {
  it('adds one deadline', async () => {
    const { c } = setup();
    const press = () => new TestAdapter(async (context) => c.bot.run(context)).send(invoke('deadline.save', { ...validForm, nonce: 'formulier-1' }));
    await Promise.all([press(), press()]);
    expect(await c.register.list()).toHaveLength(1);
  });
});

describe('deadlines beside the knowledge base (issue 14)', () => {
  it('counts deadlines apart from the knowledge base on the help card', async () => {
    const { c, adapter } = setup();
    const help = async (): Promise<string> => JSON.stringify((await act(adapter, { type: 'message', text: 'help', from: from('aad-lid') })).attachments?.[0]?.content);
    const entries = c.kb.entries.length;
    expect(await help()).toContain(`Kennisbank: ${entries} onderwerpen uit ${c.kb.documents.size} documenten.`);
    await act(adapter, invoke('deadline.save', validForm));
    await act(adapter, invoke('deadline.save', { ...validForm, title: 'Zienswijze begroting MGR', kind: 'zienswijze' }));
    const after = await help();
    expect(after).toContain(`Kennisbank: ${entries} onderwerpen`);
    expect(after).toContain('daarnaast 2 deadlines in het register');
  });

  it('the questions built from the kind and subject of a deadline find it, as a member would ask them', async () => {
    const { adapter } = setup();
    await act(adapter, invoke('deadline.save', { ...validForm, title: 'Zienswijze DVO', kind: 'zienswijze', description: 'De zienswijze van de adviesraad op de DVO' }));
    for (const q of ['Wanneer moet de DVO-zienswijze binnen zijn?', 'wanneer moet de zienswijze op de DVO binnen zijn?']) {
      const answer = JSON.stringify((await act(adapter, { type: 'message', text: q, from: from('aad-lid') })).attachments?.[0]?.content);
      expect(answer, q).toContain('Deadlineregister in Teams');
      expect(answer, q).toContain('moet de adviesraad “Zienswijze DVO” indienen. Gevraagd: de zienswijze van de adviesraad op de DVO.');
    }
  });

  it('beside a deadline added in Teams, related questions are on its subject (its municipality) or not shown', async () => {
    const { adapter } = setup();
    await act(adapter, invoke('deadline.save', { ...validForm, title: 'Begroting MGR 2027', kind: 'zienswijze', body: 'gemeenteraad', description: '' }));
    await act(adapter, invoke('deadline.save', { ...validForm, title: 'Zienswijze DVO: reactie Beuningen', kind: 'zienswijze' }));
    await act(adapter, invoke('deadline.save', { ...validForm, title: 'Advies participatiecoaching Wijchen' }));
    const related = async (q: string): Promise<string[]> => {
      const card = (await act(adapter, { type: 'message', text: q, from: from('aad-lid') })).attachments?.[0]?.content as { actions?: Array<{ type: string; title: string }> };
      expect(JSON.stringify(card), q).toContain('Deadlineregister in Teams');
      return (card.actions ?? []).filter((a) => a.type === 'Action.Submit').map((a) => a.title);
    };
    // Matched half the question, about something else: "Wie bepaalt de deadline voor ons advies?", "Wat is de Wgr?",
    // "Welke gemeenten doen mee aan de MGR?", Beuningen's deadline.
    expect(await related('wat is de deadline voor de zienswijze op de begroting van de MGR?')).toEqual([]);
    expect(await related('wanneer is de deadline voor de MGR-zienswijze')).toEqual([]);
    for (const title of await related('wanneer moet het advies over participatiecoaching van Wijchen binnen zijn?')) expect(title).toMatch(/Wijchen/);
  });

  it('a related button for a deadline added in Teams is a natural question that finds that deadline', async () => {
    const { adapter } = setup();
    await act(adapter, invoke('deadline.save', { ...validForm, title: 'Wmo-advies 2027' }));
    const asked = JSON.stringify((await act(adapter, { type: 'message', text: 'Wat is de deadline voor “Wmo-advies 2027”?', from: from('aad-lid') })).attachments?.[0]?.content);
    expect(asked).toContain('16 december 2026');
    expect(asked).toContain('Deadlineregister in Teams');
    // Every related button on any answer is a full question; none is built as "Wanneer is <title>?".
    for (const q of ['Wanneer moet het Wmo-advies 2027 klaar zijn?', 'wat is de deadline voor het BAR-advies?']) {
      const card = (await act(adapter, { type: 'message', text: q, from: from('aad-lid') })).attachments?.[0]?.content as { actions?: Array<{ title: string }> };
      for (const a of card.actions ?? []) {
        expect(a.title).not.toMatch(/^Wanneer is [A-Z][^“]*\?$/);
        expect(a.title.length).toBeLessThanOrEqual(44);
      }
    }
  });
});
