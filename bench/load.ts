// The load generator of the turn benchmarks: a fake Bot Connector that receives the bots' replies, a driver that
// posts activities to /api/messages, and bot processes started apart from it (so their memory and CPU are their own).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { summarize } from './stats.js';

/** A connector that resolves the waiting request when the bot's reply for it arrives. */
export interface Connector {
  server: Server;
  url: () => string;
  waitFor: (id: string) => Promise<number>;
}

export async function startConnector(): Promise<Connector> {
  const waiting = new Map<string, (at: number) => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const m = /\/activities\/([^/?]+)/.exec(req.url ?? '');
      const id = m ? decodeURIComponent(m[1]!) : undefined;
      if (id) {
        waiting.get(id)?.(at);
        waiting.delete(id);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { server, url: () => url, waitFor: (id) => new Promise((resolve) => waiting.set(id, resolve)) };
}

/** Who sends message number i: a member (and their conversation) per message, or per worker. */
export type Sender = (i: number, worker: number) => { member: string; conversation: string };

/** A different member per message, in one conversation per worker (a member asking hundreds would meet the flood limit). */
export const memberPerMessage: Sender = (i, worker) => ({ member: `u${i}`, conversation: `bench-${worker}` });

/** A different member per message, each in their own personal chat with the bot (first contact for every one). */
export const memberAndChatPerMessage =
  (prefix: string): Sender =>
  (i) => ({ member: `${prefix}-${i}`, conversation: `a:${prefix}-chat-${i}` });

export function activity(c: Connector, text: string, sender: { member: string; conversation: string }, id = randomUUID()): Record<string, unknown> {
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl: c.url(),
    from: { id: sender.member, name: 'Lid', aadObjectId: `aad-${sender.member}` },
    recipient: { id: 'bot', name: 'Adviesbot' },
    conversation: { id: sender.conversation, conversationType: 'personal' },
    text,
  };
}

export interface DriveResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** Each message's time from POST to reply, and the whole run's, in ms. */
  samples: number[];
  elapsedMs: number;
}

/** Several runs as one: their samples together, throughput over their summed time. */
export function combine(runs: DriveResult[]): DriveResult {
  const samples = runs.flatMap((r) => r.samples);
  const elapsedMs = runs.reduce((n, r) => n + r.elapsedMs, 0);
  const s = summarize(samples);
  return { perSecond: (samples.length / elapsedMs) * 1000, p50: s.p50, p99: s.p99, samples, elapsedMs };
}

/** Sends `count` questions at `concurrency`, each timed from the POST until its reply reaches the connector. */
export async function drive(botUrl: string, c: Connector, questions: string[], concurrency: number, count: number, sender: Sender = memberPerMessage, offset = 0): Promise<DriveResult> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < count) {
        const i = next++;
        const id = randomUUID();
        const replied = c.waitFor(id);
        const t0 = performance.now();
        const body = JSON.stringify(activity(c, questions[(i + offset) % questions.length]!, sender(i, worker), id));
        const res = await fetch(botUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (!res.ok) throw new Error(`bot answered ${res.status}`);
        samples.push((await replied) - t0);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const s = summarize(samples);
  return { perSecond: (count / elapsedMs) * 1000, p50: s.p50, p99: s.p99, samples, elapsedMs };
}

export interface Memory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** V8's heap spaces: committed size and used bytes. */
  spaces: Record<string, { size: number; used: number }>;
}

/** A bot started as its own process, with bench/probe.ts preloaded to report its memory over IPC. */
export interface BotProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** From spawn until the first question was answered. */
  coldStartMs: number;
  /** The process's memory, after a full GC unless `gc` is false. */
  memory(gc?: boolean): Promise<Memory>;
  /**
   * The process's memory once it has settled: a full GC, then readings every 500 ms until the RSS stops falling
   * (V8 gives the pages a GC freed back to the system on a background thread, a second or more later), at most 15 s.
   */
  settledMemory(): Promise<Memory>;
  snapshot(path: string): Promise<string>;
  stop(): Promise<void>;
}

const FIRST_QUESTION = 'wat is de deadline voor het BAR-advies?';

/** Where compileBots() puts the compiled bots: src/ and the two bench scripts, beside links to the data they read. */
const COMPILED = 'build/compiled';

/**
 * Compiles src/, bench/echo-server.ts and bench/probe.ts into build/compiled (tsconfig.bench.json), as `npm start`
 * runs the bot compiled: both bots are then measured as plain JavaScript, neither through tsx's loader. The folders
 * the code reads relative to itself (knowledge/, cards/, public/, package.json) are linked in beside it.
 */
export function compileBots(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json'], { stdio: 'inherit' });
  for (const name of ['knowledge', 'cards', 'public', 'package.json']) {
    const link = join(COMPILED, name);
    if (!existsSync(link)) symlinkSync(resolve(name), link);
  }
  // As `npm run build` does after tsc: what the first start reads (src/keep-at-build.ts).
  execFileSync(process.execPath, [join(COMPILED, 'src/keep-at-build.js')], { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'silent' } });
}

/**
 * Starts `script` (echo or Adviesbot), compiled, as `node --expose-gc --import probe.js <script>.js` on a free
 * port with its own data directory, and times it from spawn to the reply to its first question.
 */
export async function startBot(name: string, script: string, c: Connector, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BotProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `adviesbot-bench-${name}-`));
  const t0 = performance.now();
  // Compiled (compileBots): `src/server.ts` runs as build/compiled/src/server.js, with the probe compiled beside it.
  const compiled = join(COMPILED, script.replace(/\.ts$/, '.js'));
  if (!existsSync(compiled)) throw new Error(`${compiled} ontbreekt: roep eerst compileBots() aan`);
  const child = spawn(process.execPath, ['--expose-gc', ...nodeArgs, '--import', `./${COMPILED}/bench/probe.js`, compiled], {
    env: { ...process.env, MicrosoftAppId: '', LOG_LEVEL: 'silent', ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${name} stopped (code ${code})`))));
  exited.catch(() => undefined);
  const url = `http://127.0.0.1:${port}/api/messages`;
  for (;;) {
    const id = randomUUID();
    const replied = c.waitFor(id);
    const body = JSON.stringify(activity(c, FIRST_QUESTION, { member: `${name}-first`, conversation: `a:${name}-first` }, id));
    const ok = await Promise.race([fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.ok, () => false), exited]);
    if (ok) {
      await Promise.race([replied, exited]);
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const coldStartMs = performance.now() - t0;
  const ask = <T>(request: Record<string, unknown>): Promise<T> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: { probe?: string }): void => {
        if (m.probe !== request.probe) return;
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.send(request, (err) => err && reject(err));
    });
  return {
    name,
    url,
    child,
    coldStartMs,
    memory: (gc = true) => ask<Memory>({ probe: 'memory', gc }),
    settledMemory: async () => {
      let last = await ask<Memory>({ probe: 'memory', gc: true });
      for (let waited = 0; waited < 15_000; waited += 500) {
        await new Promise((r) => setTimeout(r, 500));
        const now = await ask<Memory>({ probe: 'memory', gc: false });
        const settled = last.rss - now.rss < 2 ** 20;
        last = now;
        if (settled) break;
      }
      return last;
    },
    snapshot: async (path) => (await ask<{ path: string }>({ probe: 'snapshot', path })).path,
    stop: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        console.error(`${name} did not stop within 20 s of SIGTERM; killed`);
        child.kill('SIGKILL');
      }, 20_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
