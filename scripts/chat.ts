// Talk to the running bot over its real HTTP endpoint, as a Teams channel does: the bot's replies arrive at a
// local reply endpoint (the activity's serviceUrl) and are printed readably, cards included.
//   npm run chat -- "wat is de deadline voor het BAR-advies?"     one question
//   npm run chat                                                 interactive; type a number to press a button
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline/promises';
import { randomUUID } from 'node:crypto';

const LOCAL_AAD = '00000000-0000-0000-0000-000000000001';
const BOT_URL = process.env.BOT_URL ?? `http://localhost:${process.env.PORT ?? 3978}/api/messages`;

interface Activity {
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: Card }>;
}
interface Card {
  body?: Element[];
  actions?: Action[];
}
interface Input {
  id: string;
  label?: string;
  value?: string;
  choices?: Array<{ title: string; value: string }>;
}
interface Element {
  type: string;
  text?: string;
  facts?: Array<{ title: string; value: string }>;
  items?: Element[];
  columns?: Array<{ items?: Element[] }>;
  weight?: string;
  id?: string;
  label?: string;
  value?: string;
  choices?: Array<{ title: string; value: string }>;
}
interface Action {
  type: string;
  title: string;
  data?: { msteams?: { value?: string } } & Record<string, unknown>;
  url?: string;
  verb?: string;
  card?: Card;
  associatedInputs?: string;
}

/** A button the user can press by number: a question to ask, or a card action to execute. */
type Button = { kind: 'ask'; value: string } | { kind: 'execute'; verb: string; data: Record<string, unknown>; inputs: Input[] };

const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string): string => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

function renderElement(el: Element, lines: string[], indent = ''): void {
  if (el.type === 'TextBlock' && el.text) {
    const text = el.text.replace(/\*\*(.+?)\*\*/g, (_m, t: string) => bold(t)).replace(/\[(.+?)\]\((.+?)\)/g, '$1 <$2>');
    lines.push(...text.split('\n').map((l) => indent + (el.weight === 'Bolder' ? bold(l) : l)));
  } else if (el.type === 'FactSet') {
    for (const f of el.facts ?? []) lines.push(`${indent}${f.title}: ${f.value}`);
  } else if (el.type.startsWith('Input.')) {
    lines.push(`${indent}[invoerveld] ${el.label ?? el.id}${el.value ? ` (nu: ${el.value})` : ''}`);
  } else if (el.type === 'ActionSet') {
    for (const action of (el as unknown as { actions: Action[] }).actions ?? []) pending.push(action);
  }
  for (const child of el.items ?? []) renderElement(child, lines, el.type === 'Container' ? `${indent}  ` : indent);
  for (const column of el.columns ?? []) for (const child of column.items ?? []) renderElement(child, lines, indent);
}

let buttons: Button[] = [];
let pending: Action[] = [];

function inputsOf(elements: Element[] = []): Input[] {
  const out: Input[] = [];
  for (const el of elements) {
    if (el.type.startsWith('Input.') && el.id) out.push({ id: el.id, ...(el.label ? { label: el.label } : {}), ...(el.value ? { value: el.value } : {}), ...(el.choices ? { choices: el.choices } : {}) });
    out.push(...inputsOf(el.items), ...inputsOf((el.columns ?? []).flatMap((c) => c.items ?? [])));
  }
  return out;
}

function printCard(card: Card): void {
  const lines: string[] = [];
  pending = [];
  for (const el of card.body ?? []) renderElement(el, lines);
  console.log(`\n${lines.join('\n')}`);
  buttons = [];
  const inputs = inputsOf(card.body);
  const list = (actions: Action[], indent: string): void => {
    for (const action of actions) {
      if (action.type === 'Action.ShowCard' && action.card) {
        console.log(dim(`${indent}${action.title}:`));
        list([...(action.card.actions ?? [])], `${indent}  `);
        continue;
      }
      let label = '-';
      const value = action.data?.msteams?.value;
      if (value) buttons.push({ kind: 'ask', value });
      else if (action.type === 'Action.Execute' && action.verb) {
        buttons.push({ kind: 'execute', verb: action.verb, data: { ...(action.data ?? {}) }, inputs: action.associatedInputs === 'none' ? [] : inputs });
      }
      if (value || action.type === 'Action.Execute') label = String(buttons.length);
      console.log(dim(`${indent}[${label}] ${action.title}${action.url ? ` <${action.url}>` : ''}`));
    }
  };
  list([...pending, ...(card.actions ?? [])], '  ');
}

function print(activity: Activity): void {
  if (activity.type !== 'message') return;
  if (activity.text) console.log(`\n${activity.text}`);
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType === 'application/vnd.microsoft.card.adaptive') printCard(attachment.content);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function startReplyEndpoint(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'GET' && /\/pagedmembers/.test(req.url ?? '')) {
      // The roster of this local chat: just you.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ members: [{ id: 'local-user', name: 'Lokale gebruiker', aadObjectId: LOCAL_AAD }] }));
      return;
    }
    if (req.method === 'PUT' && /\/v3\/conversations\/[^/]+\/activities\//.test(req.url ?? '')) {
      console.log(dim('\n(de kaart is voor iedereen bijgewerkt)'));
    } else if (req.method === 'POST' && /\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
      try {
        print(JSON.parse(body) as Activity);
      } catch {
        console.error('Onleesbaar antwoord van de bot');
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: randomUUID() }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function baseActivity(serviceUrl: string, conversationId: string) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: 'local-user', name: 'Lokale gebruiker', aadObjectId: LOCAL_AAD },
    recipient: { id: 'adviesbot', name: 'Adviesbot' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'local' },
    locale: 'nl-NL',
  };
}

/** Presses an Action.Execute button: sends the invoke and prints the card (or message) that comes back. */
async function execute(serviceUrl: string, conversationId: string, button: Extract<Button, { kind: 'execute' }>, values: Record<string, string>): Promise<void> {
  const activity = {
    ...baseActivity(serviceUrl, conversationId),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: button.verb, data: { ...button.data, ...values } } },
  };
  const response = await fetch(BOT_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const body = (await response.json().catch(() => undefined)) as { type?: string; value?: unknown } | undefined;
  if (!response.ok || !body) {
    console.error(`De bot antwoordde met HTTP ${response.status}`);
    return;
  }
  if (body.type === 'application/vnd.microsoft.card.adaptive') printCard(body.value as Card);
  else console.log(`\n${typeof body.value === 'string' ? body.value : JSON.stringify(body.value)}`);
}

async function send(serviceUrl: string, conversationId: string, text: string): Promise<void> {
  const activity = { ...baseActivity(serviceUrl, conversationId), type: 'message', text };
  const response = await fetch(BOT_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  if (!response.ok && response.status !== 202) {
    console.error(`De bot antwoordde met HTTP ${response.status}: ${await response.text()}`);
  }
}

async function main(): Promise<void> {
  const server = await startReplyEndpoint();
  const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const conversationId = `local-chat-${randomUUID()}`;
  const question = process.argv.slice(2).join(' ').trim();
  try {
    if (question) {
      await send(serviceUrl, conversationId, question);
      return;
    }
    console.log(`Adviesbot-chat met ${BOT_URL}. Typ je vraag, een nummer voor een knop, of "stop".`);
    const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
    // Reading lines through the iterator loses none when input is piped in.
    const lines = rl[Symbol.asyncIterator]();
    const ask = async (prompt: string): Promise<string> => {
      process.stdout.write(prompt);
      const next = await lines.next();
      return next.done ? 'stop' : String(next.value);
    };
    for (;;) {
      const line = (await ask('\n> ')).trim();
      if (!line) continue;
      if (/^(stop|exit|quit|doei)$/i.test(line)) break;
      const pressed = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
      if (pressed?.kind === 'execute') {
        const values: Record<string, string> = {};
        for (const input of pressed.inputs) {
          const choices = input.choices ? ` (${input.choices.map((c) => c.value).join(' / ')})` : '';
          const answer = (await ask(`${input.label ?? input.id}${choices}${input.value ? ` [${input.value}]` : ''}: `)).trim();
          values[input.id] = answer || input.value || '';
        }
        await execute(serviceUrl, conversationId, pressed, values);
        continue;
      }
      if (pressed) console.log(dim(`(${pressed.value})`));
      await send(serviceUrl, conversationId, pressed?.value ?? line);
    }
    rl.close();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    console.error(
      cause?.code === 'ECONNREFUSED'
        ? `Geen bot bereikbaar op ${BOT_URL}. Start hem eerst met: npm start`
        : `Fout: ${(error as Error).message}`,
    );
    process.exitCode = 1;
  } finally {
    server.close();
  }
}

await main();
