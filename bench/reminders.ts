// npm run bench:reminders — one reminder to 1,000 conversations through the real proactive path (CloudAdapter
// -> HTTP) to a local fake connector that enforces the Teams limits (per conversation 7/s and 60/30 s, about
// 30/s per app and tenant) and answers 429 without Retry-After when they are exceeded.
// Prints the total time against the floor those limits allow, and the reminders lost and sent twice.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { saveConversationReference } from '../src/bot/conversations.js';
import { compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { parseDeadlineForm } from '../src/domain/deadlines/deadline.js';
import { createLogger } from '../src/logger.js';
import { MemoryStore } from '../src/storage/memory-storage.js';
import { machine } from './stats.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 1000);
const GLOBAL_PER_SECOND = 30;

export interface ReminderBench {
  conversations: number;
  seconds: number;
  floorSeconds: number;
  ratio: number;
  lost: number;
  duplicates: number;
  throttled: number;
}

/** A fake Bot Connector that counts deliveries and throttles like Teams does. */
function fakeConnector() {
  const perConversation = new Map<string, number[]>();
  const global: number[] = [];
  const delivered = new Map<string, number>();
  let throttled = 0;
  const within = (list: number[], now: number, windowMs: number): number => list.filter((t) => t > now - windowMs).length;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        res.writeHead(404);
        res.end();
        return;
      }
      const conversation = decodeURIComponent(match[1]!);
      const now = Date.now();
      const own = perConversation.get(conversation) ?? [];
      if (within(global, now, 1000) >= GLOBAL_PER_SECOND || within(own, now, 1000) >= 7 || within(own, now, 30_000) >= 60) {
        throttled++;
        res.writeHead(429, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'TooManyRequests' } }));
        return;
      }
      global.push(now);
      while (global.length > 0 && global[0]! < now - 30_000) global.shift();
      own.push(now);
      perConversation.set(conversation, own);
      delivered.set(conversation, (delivered.get(conversation) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  return { server, delivered, throttled: () => throttled };
}

export async function runReminderBench(conversations = CONVERSATIONS): Promise<ReminderBench> {
  const connector = fakeConnector();
  await new Promise<void>((resolve) => connector.server.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(connector.server.address() as AddressInfo).port}/`;

  let now = new Date('2026-11-23T12:00:00+01:00');
  const store = new MemoryStore();
  const c = compose(loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent' }), createLogger('silent'), { store, now: () => now });
  const ids = Array.from({ length: conversations }, (_, i) => `bench-conversation-${i}`);
  for (const id of ids) {
    await saveConversationReference(
      store,
      { serviceUrl, channelId: 'msteams', conversation: { id, conversationType: 'channel', isGroup: true, name: id }, bot: { id: 'bot', name: 'Adviesbot' } },
      'installationUpdate',
    );
  }
  const form = parseDeadlineForm({ title: 'Advies over de Wmo-verordening', dueDate: '2026-12-16' }, now);
  if (!form.ok) throw new Error('form');
  const actor = { id: 'bench', name: 'Benchmark' };
  const deadline = await c.register.add({ ...form.value, schedule: [7] }, actor, ids[0]!);
  await c.register.update(deadline.id, (d) => ({ ...d, conversations: ids }), actor);

  now = new Date('2026-12-09T09:00:00+01:00');
  const started = performance.now();
  const report = await c.scheduler.tick();
  const seconds = (performance.now() - started) / 1000;
  connector.server.close();

  const lost = ids.filter((id) => !connector.delivered.has(id)).length;
  const duplicates = [...connector.delivered.values()].filter((n) => n > 1).length;
  // The limits allow a first burst of 30 and then 30 a second: the last batch can start after this long.
  const floorSeconds = Math.max(1, Math.ceil(conversations / GLOBAL_PER_SECOND) - 1);
  if (report.sent !== conversations - lost) console.error(`LET OP: de scheduler meldt ${report.sent} verstuurd, de connector ontving ${conversations - lost}; 429: ${connector.throttled()}`);
  return { conversations, seconds, floorSeconds, ratio: seconds / floorSeconds, lost, duplicates, throttled: connector.throttled() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`bench:reminders — ${new Date().toISOString()} — ${machine()}`);
  const r = await runReminderBench();
  console.log(`${r.conversations} gesprekken, één herinnering elk, via CloudAdapter naar een nep-connector met Teams-limieten`);
  console.log(`totale tijd      ${r.seconds.toFixed(2)} s`);
  console.log(`ondergrens       ${r.floorSeconds.toFixed(2)} s (${GLOBAL_PER_SECOND} per seconde per app en tenant)`);
  console.log(`verhouding       ${r.ratio.toFixed(3)} (doel: hoogstens 1.2)`);
  console.log(`verloren         ${r.lost} (doel: 0)`);
  console.log(`dubbel verstuurd ${r.duplicates} (doel: 0)`);
  console.log(`429-antwoorden   ${r.throttled}`);
  process.exit(0); // the code under test leaves servers and timers behind
}
