// Talk to the running bot over its real HTTP endpoint, as a Teams channel does: the bot's replies arrive at a
// local reply endpoint (the activity's serviceUrl) and are printed readably, cards included.
//   npm run chat -- "wat is de deadline voor het BAR-advies?"     one question
//   npm run chat                                                 interactive; type a number to press a button
// Pressing a button asks for every input the card shows for that action (a button in "Reactie toevoegen" asks for
// the comment, "Stem" for the vote and the reason), as Teams would send them.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { userInfo } from 'node:os';
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
  type: string;
  label?: string;
  value?: string;
  isRequired?: boolean;
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
  title?: string;
  value?: string;
  isRequired?: boolean;
  valueOn?: string;
  valueOff?: string;
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

/**
 * A button the user can press by number: a question to ask, or a card action to execute. `inputs` are asked for
 * (the inputs of the card the button is on); `carried` are the inputs of the cards around it, sent with their
 * current values as Teams does, without asking.
 */
type Button = { kind: 'ask'; value: string } | { kind: 'execute'; verb: string; data: Record<string, unknown>; inputs: Input[]; carried: Input[] };

const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string): string => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

// `npm run chat -- "vraag" | head` closes the pipe early: that ends the chat quietly, not with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/**
 * Card and message text as a terminal shows it, as Teams reads the markdown: **bold** in bold, a [link](url) as
 * "link <url>", a character escaped with a backslash ("Wmo\\-hulpmiddelen") as itself.
 */
const markdown = (text: string): string =>
  text
    .replace(/\*\*(.+?)\*\*/g, (_m, t: string) => bold(t))
    .replace(/\[(.+?)\]\((.+?)\)/g, '$1 <$2>')
    .replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1');

/** The choices of an input as the card shows them (a toggle is a choice between "ja" and "nee"). */
function choicesOf(el: Element): Array<{ title: string; value: string }> | undefined {
  if (el.type === 'Input.Toggle') return [{ title: 'ja', value: el.valueOn ?? 'true' }, { title: 'nee', value: el.valueOff ?? 'false' }];
  return el.choices;
}

/** What a choice input shows for a value: its title ("Na je eigen stem"), not the value sent ("na-stem"). */
const shown = (value: string, choices?: Array<{ title: string; value: string }>): string => choices?.find((c) => c.value === value)?.title ?? value;

let buttons: Button[] = [];

function inputsOf(elements: Element[] = []): Input[] {
  const out: Input[] = [];
  for (const el of elements) {
    if (el.type.startsWith('Input.') && el.id) {
      const label = el.label ?? el.title;
      const choices = choicesOf(el);
      out.push({
        id: el.id,
        type: el.type,
        ...(label ? { label } : {}),
        ...(el.value ? { value: el.value } : el.type === 'Input.Toggle' ? { value: el.valueOff ?? 'false' } : {}),
        ...(el.isRequired ? { isRequired: true } : {}),
        ...(choices ? { choices } : {}),
      });
    }
    out.push(...inputsOf(el.items), ...inputsOf((el.columns ?? []).flatMap((c) => c.items ?? [])));
  }
  return out;
}

/**
 * Prints a card in the order Teams shows it: the buttons of an ActionSet where it stands in the body (under "Had
 * je hier iets aan?", under "Je kunt bijvoorbeeld vragen"), the card's own buttons at the end.
 */
function printCard(card: Card): void {
  const lines: string[] = [];
  const next: Button[] = [];
  const cardInputs = inputsOf(card.body);
  // `inputs`: the inputs of the card a button is on (asked); `carried`: those of the cards around it (sent as they are).
  const list = (actions: Action[], indent: string, inputs: Input[], carried: Input[]): void => {
    for (const action of actions) {
      if (action.type === 'Action.ShowCard' && action.card) {
        lines.push(dim(`${indent}${action.title}:`));
        list([...(action.card.actions ?? [])], `${indent}  `, inputsOf(action.card.body), [...carried, ...inputs]);
        continue;
      }
      let label = '-';
      const value = action.data?.msteams?.value;
      if (value) next.push({ kind: 'ask', value });
      else if (action.type === 'Action.Execute' && action.verb) {
        const none = action.associatedInputs === 'none';
        next.push({ kind: 'execute', verb: action.verb, data: { ...(action.data ?? {}) }, inputs: none ? [] : inputs, carried: none ? [] : carried });
      }
      if (value || action.type === 'Action.Execute') label = String(next.length);
      lines.push(dim(`${indent}[${label}] ${action.title}${action.url ? ` <${action.url}>` : ''}`));
    }
  };
  const render = (el: Element, indent: string): void => {
    if (el.type === 'TextBlock' && el.text) {
      lines.push(...markdown(el.text).split('\n').map((l) => indent + (el.weight === 'Bolder' ? bold(l) : l)));
    } else if (el.type === 'FactSet') {
      for (const f of el.facts ?? []) lines.push(`${indent}${markdown(f.title)}: ${markdown(f.value)}`);
    } else if (el.type.startsWith('Input.')) {
      const value = el.value ?? (el.type === 'Input.Toggle' ? (el.valueOff ?? 'false') : undefined);
      lines.push(`${indent}[invoerveld] ${el.label ?? el.title ?? el.id}${value ? ` (nu: ${shown(value, choicesOf(el))})` : ''}`);
    } else if (el.type === 'ActionSet') {
      list((el as unknown as { actions?: Action[] }).actions ?? [], `${indent}  `, cardInputs, []);
    }
    for (const child of el.items ?? []) render(child, el.type === 'Container' ? `${indent}  ` : indent);
    for (const column of el.columns ?? []) for (const child of column.items ?? []) render(child, indent);
  };
  for (const el of card.body ?? []) render(el, '');
  list(card.actions ?? [], '  ', cardInputs, []);
  console.log(`\n${lines.join('\n')}`);
  // A card without buttons to press (a confirmation, the export links) leaves the previous card's buttons in use.
  if (next.length > 0) buttons = next;
}

function print(activity: Activity): void {
  if (activity.type !== 'message') return;
  if (activity.text) console.log(`\n${markdown(activity.text)}`);
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType === 'application/vnd.microsoft.card.adaptive') printCard(attachment.content);
  }
}

/**
 * While a button press is under way, what the bot sends meanwhile (the draft's new card, the export links) waits
 * until the card the press returns is printed: in Teams that card changes in place and new messages come below it.
 */
let held: Array<() => void> | undefined;
const show = (output: () => void): void => {
  if (held) held.push(output);
  else output();
};

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
      show(() => console.log(dim('\n(de kaart in het gesprek is bijgewerkt)')));
    } else if (req.method === 'POST' && /\/v3\/conversations\/[^/]+\/activities/.test(req.url ?? '')) {
      try {
        const activity = JSON.parse(body) as Activity;
        show(() => print(activity));
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
  held = [];
  try {
    const response = await fetch(BOT_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const body = (await response.json().catch(() => undefined)) as { type?: string; value?: unknown } | undefined;
    if (!response.ok || !body) {
      console.error(`De bot antwoordde met HTTP ${response.status}`);
      return;
    }
    if (body.type === 'application/vnd.microsoft.card.adaptive') printCard(body.value as Card);
    else console.log(`\n${markdown(typeof body.value === 'string' ? body.value : JSON.stringify(body.value))}`);
  } finally {
    const waiting = held;
    held = undefined;
    for (const output of waiting) output();
  }
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

/** True when something answers at BOT_URL (any HTTP status); false when nothing listens there. */
async function reachable(): Promise<boolean> {
  try {
    await fetch(BOT_URL, { method: 'GET', signal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}

/**
 * One conversation per user of this computer, the same on every run, as a personal chat in Teams is: a one-shot
 * question does not leave a new conversation record behind in the bot each time.
 */
function conversationIdOf(): string {
  const name = (() => {
    try {
      return userInfo().username;
    } catch {
      return 'gebruiker';
    }
  })();
  return process.env.CHAT_CONVERSATION_ID ?? `local-chat-${name.replace(/[^A-Za-z0-9_-]/g, '') || 'gebruiker'}`;
}

/**
 * Asks for one input of a card. A choice is offered by its titles and numbered ("1 Eens, 2 Eens met aanpassingen,
 * ..."); the number, the title or the value may be typed. Enter keeps what the field holds; "-" empties a text
 * field that holds something (Teams lets you clear it too). A required field is asked again when left empty.
 */
async function fill(input: Input, ask: (prompt: string) => Promise<string>, ended: () => boolean): Promise<string> {
  const choices = input.choices;
  const current = input.value ?? '';
  const hint = input.type === 'Input.Date' ? ' (JJJJ-MM-DD)' : input.type === 'Input.Time' ? ' (UU:MM)' : '';
  const required = input.isRequired && !/verplicht/i.test(input.label ?? '') ? ' (verplicht)' : '';
  const options = choices ? ` (${choices.map((c, i) => `${i + 1} ${c.title}`).join(', ')})` : '';
  const keep = current ? ` [${choices ? shown(current, choices) : input.type === 'Input.Text' ? `${current}; - maakt leeg` : current}]` : '';
  const prompt = `${input.label ?? input.id}${required}${hint}${options}${keep}: `;
  for (;;) {
    const typed = (await ask(prompt)).trim();
    // The input ended (piped lines ran out): nothing more is sent.
    if (ended()) return current;
    if (choices) {
      const pick = typed === '' ? current : (choices[Number(typed) - 1]?.value ?? choices.find((c) => [c.title, c.value].some((x) => x.toLowerCase() === typed.toLowerCase()))?.value);
      if (pick !== undefined && (pick !== '' || !input.isRequired)) return pick;
      console.log(`Kies ${choices.map((c, i) => `${i + 1} (${c.title})`).join(', ')}.`);
      continue;
    }
    const answer = typed === '-' && current ? '' : typed || current;
    if (answer || !input.isRequired) return answer;
    // Teams does not send a card with an empty required field either.
    console.log('Dit veld is verplicht.');
  }
}

const NOT_REACHABLE = `Geen bot bereikbaar op ${BOT_URL}. Start hem eerst met: npm start`;

async function main(): Promise<number> {
  if (!(await reachable())) {
    console.error(NOT_REACHABLE);
    return 1;
  }
  const server = await startReplyEndpoint();
  const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const conversationId = conversationIdOf();
  const question = process.argv.slice(2).join(' ').trim();
  const rl = question ? undefined : createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
  try {
    if (question) {
      await send(serviceUrl, conversationId, question);
      return 0;
    }
    console.log(`Adviesbot-chat met ${BOT_URL}. Typ je vraag, een nummer voor een knop, of "stop".`);
    // Reading lines through the iterator loses none when input is piped in.
    const lines = rl![Symbol.asyncIterator]();
    let ended = false;
    const ask = async (prompt: string): Promise<string> => {
      process.stdout.write(prompt);
      const next = await lines.next();
      if (next.done) ended = true;
      return next.done ? 'stop' : String(next.value);
    };
    for (;;) {
      const line = (await ask('\n> ')).trim();
      if (!line) continue;
      if (/^(stop|exit|quit|doei)$/i.test(line)) break;
      const pressed = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
      if (/^\d+$/.test(line) && !pressed) {
        console.log(buttons.length ? `Kies een knop van 1 tot ${buttons.length}.` : 'Er is geen knop om in te drukken.');
        continue;
      }
      if (pressed?.kind === 'execute') {
        const values: Record<string, string> = {};
        // The inputs around the button go along as they are, as Teams sends them.
        for (const input of pressed.carried) values[input.id] = input.value ?? '';
        for (const input of pressed.inputs) {
          values[input.id] = await fill(input, ask, () => ended);
          if (ended) break;
        }
        if (ended) break;
        await execute(serviceUrl, conversationId, pressed, values);
        continue;
      }
      if (pressed) console.log(dim(`(${pressed.value})`));
      await send(serviceUrl, conversationId, pressed?.value ?? line);
    }
    return 0;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    console.error(cause?.code === 'ECONNREFUSED' ? NOT_REACHABLE : `Fout: ${(error as Error).message}`);
    return 1;
  } finally {
    rl?.close();
    server.close();
  }
}

// Exit explicitly: an open stdin or a keep-alive connection must not keep the chat waiting after it is done.
process.exit(await main());
