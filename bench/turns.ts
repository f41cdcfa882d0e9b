// npm run bench:turns — Adviesbot answering questions against its floor: a minimal echo bot on the same stack
// (restify app factory, CloudAdapter, one storage read per turn, a local fake connector receiving the replies),
// alternated in one run at concurrency 1, 8 and 32. Also cold start (process start to first answer) and memory.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityHandler } from 'botbuilder';
import type restify from 'restify';
import { createAdapter } from '../src/bot/adapter.js';
import { compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { SqliteStore } from '../src/storage/sqlite-storage.js';
import { loadGolden } from '../test/support/golden.js';
import { machine, summarize } from './stats.js';

const PER_LEVEL = Number(process.env.BENCH_MESSAGES ?? 600);
const LEVELS = [1, 8, 32];

/** A connector that resolves the waiting request when the bot's reply for it arrives. */
function connector(): { server: Server; url: () => string; waitFor: (id: string) => Promise<number> } {
  const waiting = new Map<string, (at: number) => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const m = /\/activities\/([^/?]+)/.exec(req.url ?? '');
      if (m) waiting.get(decodeURIComponent(m[1]!))?.(at);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  return {
    server,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    waitFor: (id) => new Promise((resolve) => waiting.set(id, resolve)),
  };
}

function echoApp(dataDir: string): restify.Server {
  const logger = createLogger('silent');
  const config = loadConfig({ STORAGE: 'sqlite', DATA_DIR: dataDir });
  const store = new SqliteStore(join(dataDir, 'echo.sqlite'));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await store.read([`conversation/${context.activity.conversation.id}`]);
    await context.sendActivity(`Je zei: ${context.activity.text}`);
    await next();
  });
  return createApp({ adapter: createAdapter(config, logger), bot, logger, health: { version: 'echo', knowledgeEntries: () => 0, storageKind: 'sqlite', startedAt: Date.now() } });
}

async function listen(app: restify.Server): Promise<string> {
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/messages`;
}

async function drive(botUrl: string, c: ReturnType<typeof connector>, questions: string[], concurrency: number, count: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < count) {
        const i = next++;
        const id = randomUUID();
        const activity = {
          type: 'message',
          id,
          channelId: 'msteams',
          serviceUrl: c.url(),
          // A different member per message: one member asking hundreds of questions would meet the flood limit.
          from: { id: `u${i}`, name: 'Lid', aadObjectId: `aad-${i}` },
          recipient: { id: 'bot', name: 'Adviesbot' },
          conversation: { id: `bench-${worker}`, conversationType: 'personal' },
          text: questions[i % questions.length],
        };
        const replied = c.waitFor(id);
        const t0 = performance.now();
        await fetch(botUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
        samples.push((await replied) - t0);
      }
    }),
  );
  const s = summarize(samples);
  return { perSecond: (count / (performance.now() - started)) * 1000, p50: s.p50, p99: s.p99 };
}

async function coldStart(script: string[], env: Record<string, string>): Promise<number> {
  const c = connector();
  await new Promise<void>((resolve) => c.server.listen(0, '127.0.0.1', resolve));
  const port = 4500 + Math.floor(Math.random() * 400);
  const t0 = performance.now();
  const child = spawn(process.execPath, script, { env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent' }, stdio: 'ignore' });
  try {
    for (;;) {
      const id = randomUUID();
      const replied = c.waitFor(id);
      const ok = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', id, channelId: 'msteams', serviceUrl: c.url(), from: { id: 'u' }, recipient: { id: 'bot' }, conversation: { id: 'cold' }, text: 'wat is de deadline voor het BAR-advies?' }),
      }).then((r) => r.ok).catch(() => false);
      if (ok) {
        await replied;
        return performance.now() - t0;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGKILL');
    c.server.close();
  }
}

export interface TurnBench {
  rows: Array<{ concurrency: number; echo: { perSecond: number; p50: number; p99: number }; bot: { perSecond: number; p50: number; p99: number } }>;
  cold: { echo: number; bot: number };
  memory: { afterStartMb: number; after5kMb: number; after10kMb: number; growthPct: number };
}

export async function runTurnBench(): Promise<TurnBench> {
  const golden = loadGolden();
  const questions = [...golden.answerable.map((a) => a.q), ...golden.unanswerable];
  const c = connector();
  await new Promise<void>((resolve) => c.server.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'adviesbot-bench-'));
  const echo = echoApp(dir);
  const echoUrl = await listen(echo);
  const composition = compose(loadConfig({ STORAGE: 'sqlite', DATA_DIR: dir, LOG_LEVEL: 'silent' }), createLogger('silent'));
  const botUrl = await listen(composition.app);

  // Warm both up, then alternate them per level so both see the same machine state.
  await drive(echoUrl, c, questions, 8, 200);
  await drive(botUrl, c, questions, 8, 200);
  const rows: TurnBench['rows'] = [];
  for (const concurrency of LEVELS) {
    const echo = await drive(echoUrl, c, questions, concurrency, PER_LEVEL);
    const bot = await drive(botUrl, c, questions, concurrency, PER_LEVEL);
    rows.push({ concurrency, echo, bot });
  }

  global.gc?.();
  const rss = (): number => process.memoryUsage().rss / 2 ** 20;
  const afterStartMb = rss();
  await drive(botUrl, c, questions, 8, 5000);
  global.gc?.();
  const after5kMb = rss();
  await drive(botUrl, c, questions, 8, 5000);
  global.gc?.();
  const after10kMb = rss();
  composition.app.close();
  echo.close();
  c.server.close();

  const cold = {
    echo: await coldStart(['--import', 'tsx', 'bench/echo-server.ts'], { DATA_DIR: mkdtempSync(join(tmpdir(), 'echo-')) }),
    bot: await coldStart(['--import', 'tsx', 'src/server.ts'], { DATA_DIR: mkdtempSync(join(tmpdir(), 'bot-')), MicrosoftAppId: '' }),
  };
  return { rows, cold, memory: { afterStartMb, after5kMb, after10kMb, growthPct: ((after10kMb - after5kMb) / after5kMb) * 100 } };
}

export function turnLines(r: TurnBench): string[] {
  const lines = ['| concurrency | echo msg/s | bot msg/s | throughput ratio | echo p50 | bot p50 | p50 ratio | echo p99 | bot p99 |', '|---|---|---|---|---|---|---|---|---|'];
  for (const row of r.rows) {
    lines.push(
      `| ${row.concurrency} | ${row.echo.perSecond.toFixed(0)} | ${row.bot.perSecond.toFixed(0)} | ${(row.bot.perSecond / row.echo.perSecond).toFixed(2)} | ${row.echo.p50.toFixed(2)} ms | ${row.bot.p50.toFixed(2)} ms | ${(row.bot.p50 / row.echo.p50).toFixed(2)} | ${row.echo.p99.toFixed(2)} ms | ${row.bot.p99.toFixed(2)} ms |`,
    );
  }
  lines.push('', `Cold start to first answer: echo ${r.cold.echo.toFixed(0)} ms, Adviesbot ${r.cold.bot.toFixed(0)} ms (ratio ${(r.cold.bot / r.cold.echo).toFixed(2)}).`);
  lines.push(`Memory (RSS of the bench process, bot in-process): ${r.memory.afterStartMb.toFixed(0)} MB after start, ${r.memory.after5kMb.toFixed(0)} MB after 5,000 questions, ${r.memory.after10kMb.toFixed(0)} MB after 10,000 (growth ${r.memory.growthPct.toFixed(1)}% between 5,000 and 10,000; target ≤ 10%).`);
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`bench:turns — ${new Date().toISOString()} — ${machine()}`);
  console.log(`${PER_LEVEL} berichten per niveau; doel: p50 hoogstens 1.15x de echo-bot, doorvoer minstens 0.85x\n`);
  console.log(turnLines(await runTurnBench()).join('\n'));
  process.exit(0); // the code under test leaves servers and timers behind
}
