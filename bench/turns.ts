// npm run bench:turns — Adviesbot answering questions against its floor: a minimal echo bot on the same stack
// (restify app factory, CloudAdapter, one storage read per turn). Both run as their own processes, started the way
// `npm start` starts the bot (compiled to JavaScript first; both bots compiled by compileBots), and are driven over HTTP from this process, which also plays the Bot
// Connector that receives their replies. Measured in one run: cold start (spawn to the first answer), the memory of
// each bot process (RSS after start and after 2,000 questions from 2,000 members, each in their own chat, at
// concurrency 20), then latency and throughput at concurrency 1, 8 and 32, echo and bot alternated in rounds so both
// see the same machine.
import { loadGolden } from '../test/support/golden.js';
import { combine, compileBots, drive, memberAndChatPerMessage, startBot, startConnector, type BotProcess, type Connector, type DriveResult, type Memory } from './load.js';
import { breakdown, type StartBreakdown, type TurnBreakdown } from './breakdown.js';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine } from './stats.js';

const PER_LEVEL = Number(process.env.BENCH_MESSAGES ?? 600);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
const MEMORY_QUESTIONS = Number(process.env.BENCH_MEMORY_QUESTIONS ?? 2000);
const MEMORY_CONCURRENCY = 20;
export const LEVELS = [1, 8, 32];

/**
 * The bots compared: the floor, Adviesbot as `npm start` runs it, and Adviesbot without its answer cache (every
 * question through the whole pipeline; the questions here repeat, as members' do, so the cache answers most of them).
 */
const BOTS = {
  echo: { script: 'bench/echo-server.ts', env: {} },
  bot: { script: 'src/server.ts', env: {} },
  nocache: { script: 'src/server.ts', env: { ANSWER_CACHE_ENTRIES: '0' } },
} as const;
type BotName = keyof typeof BOTS;

export interface TurnBench {
  rows: Array<{ concurrency: number } & Record<BotName, DriveResult>>;
  /** Spawn to first answer, per run, in ms. */
  cold: Record<BotName, number[]>;
  /**
   * The same for `bot` with an empty temporary folder (nothing kept by an earlier start): a first start after a
   * deployment, which reads what the build kept (src/keep-at-build.ts).
   */
  coldFirst: number[];
  /** A first start on knowledge edited after the build (a phrasing added): every text parsed and analysed again. */
  coldChanged: number[];
  memory: Record<BotName, { afterStart: Memory; afterLoadAtOnce: Memory; afterLoad: Memory }>;
  memoryQuestions: number;
  /** Where the time above the echo bot goes (bench/breakdown.ts, each in a fresh process). */
  start: StartBreakdown;
  turn: TurnBreakdown;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/** A copy of the knowledge files with one phrasing added, as an organiser might edit them after the build. */
function editedKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'adviesbot-bench-knowledge-'));
  for (const name of readdirSync('knowledge').filter((n) => n.endsWith('.yaml'))) copyFileSync(join('knowledge', name), join(dir, name));
  const glossary = join(dir, 'glossary.yaml');
  const text = readFileSync(glossary, 'utf8');
  if (!text.includes('      - Wat betekent DVO?\n')) throw new Error('knowledge/glossary.yaml: de vraag om aan te vullen ontbreekt');
  writeFileSync(glossary, text.replace('      - Wat betekent DVO?\n', '      - Wat betekent DVO?\n      - Wat betekent de afkorting DVO eigenlijk?\n'));
  return dir;
}

async function start(name: BotName, c: Connector): Promise<BotProcess> {
  return startBot(name, BOTS[name].script, c, BOTS[name].env);
}

export async function runTurnBench(log: (line: string) => void = () => undefined): Promise<TurnBench> {
  const golden = loadGolden();
  const questions = [...golden.answerable.map((a) => a.q), ...golden.unanswerable];
  compileBots();
  const c = await startConnector();
  const names = Object.keys(BOTS) as BotName[];

  // Cold start, alternated; the processes of the last run stay up for the rest.
  const cold = Object.fromEntries(names.map((n) => [n, [] as number[]])) as TurnBench['cold'];
  let bots = {} as Record<BotName, BotProcess>;
  const afterStart = {} as Record<BotName, Memory>;
  for (let run = 0; run < COLD_RUNS; run++) {
    if (run > 0) await Promise.all(Object.values(bots).map((b) => b.stop()));
    bots = {} as Record<BotName, BotProcess>;
    for (const name of names) {
      bots[name] = await start(name, c);
      cold[name].push(bots[name].coldStartMs);
      // The processes that stay: memory right after start, before a later start or load can let it settle longer.
      if (run === COLD_RUNS - 1) afterStart[name] = await bots[name].settledMemory();
    }
  }
  // A first start: nothing kept by an earlier start (an empty temporary folder each run, which holds the kept YAML
  // parses and the index analysis), with and without what the build kept applying to the knowledge.
  const coldFirst: number[] = [];
  const coldChanged: number[] = [];
  const edited = editedKnowledge();
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const [times, env] of [[coldFirst, {}], [coldChanged, { KNOWLEDGE_DIR: edited }]] as const) {
      const first = await startBot('first', BOTS.bot.script, c, { TMPDIR: mkdtempSync(join(tmpdir(), 'adviesbot-bench-tmp-')), ...env });
      times.push(first.coldStartMs);
      await first.stop();
    }
  }
  log(`cold start: ${names.map((n) => `${n} ${cold[n].map((ms) => ms.toFixed(0)).join('/')} ms`).join(', ')}; bot's first start ${coldFirst.map((ms) => ms.toFixed(0)).join('/')} ms, on edited knowledge ${coldChanged.map((ms) => ms.toFixed(0)).join('/')} ms`);

  // Memory after the load; each process reports its own, settled after a GC, as right after start above.
  const memory = {} as TurnBench['memory'];
  for (const name of names) {
    await drive(bots[name].url, c, questions, MEMORY_CONCURRENCY, MEMORY_QUESTIONS, memberAndChatPerMessage(`member-${name}`));
    const afterLoadAtOnce = await bots[name].memory();
    memory[name] = { afterStart: afterStart[name], afterLoadAtOnce, afterLoad: await bots[name].settledMemory() };
    log(`memory ${name}: ${(afterStart[name].rss / 2 ** 20).toFixed(0)} -> ${(memory[name].afterLoad.rss / 2 ** 20).toFixed(0)} MB`);
  }

  // Latency and throughput, alternated in rounds per level so that a busy moment of the machine hits both.
  for (const name of names) await drive(bots[name].url, c, questions, 8, 200);
  const rows: TurnBench['rows'] = [];
  for (const concurrency of LEVELS) {
    const runs = Object.fromEntries(names.map((n) => [n, [] as DriveResult[]])) as Record<BotName, DriveResult[]>;
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 === 0 ? names : [...names].reverse()) {
        runs[name].push(await drive(bots[name].url, c, questions, concurrency, Math.ceil(PER_LEVEL / ROUNDS), undefined, round * 37));
      }
    }
    const row = { concurrency, ...Object.fromEntries(names.map((n) => [n, combine(runs[n])])) } as TurnBench['rows'][number];
    rows.push(row);
    log(`concurrency ${concurrency}: ${names.map((n) => `${n} p50 ${row[n].p50.toFixed(2)} ms, ${row[n].perSecond.toFixed(0)}/s`).join('; ')}`);
  }
  await Promise.all(Object.values(bots).map((b) => b.stop()));
  c.server.close();
  return { rows, cold, coldFirst, coldChanged, memory, memoryQuestions: MEMORY_QUESTIONS, start: breakdown('start'), turn: breakdown('turn') };
}

/** The targets of issue 16, each with the figure measured against it. */
export function turnTargets(r: TurnBench): Array<{ what: string; value: number; target: string; met: boolean }> {
  const out: Array<{ what: string; value: number; target: string; met: boolean }> = [];
  for (const row of r.rows.filter((x) => x.concurrency === 1 || x.concurrency === 8)) {
    for (const name of ['bot', 'nocache'] as const) {
      const p50 = row[name].p50 / row.echo.p50;
      const throughput = row[name].perSecond / row.echo.perSecond;
      out.push({ what: `p50 at concurrency ${row.concurrency}, ${name} / echo`, value: p50, target: '≤ 1.25', met: p50 <= 1.25 });
      out.push({ what: `throughput at concurrency ${row.concurrency}, ${name} / echo`, value: throughput, target: '≥ 0.80', met: throughput >= 0.8 });
    }
  }
  const rss = r.memory.bot.afterLoad.rss / r.memory.bot.afterStart.rss;
  out.push({ what: `RSS after ${r.memoryQuestions.toLocaleString('en')} questions / after start (bot)`, value: rss, target: '≤ 1.20', met: rss <= 1.2 });
  const cold = median(r.cold.bot) / median(r.cold.echo);
  out.push({ what: 'cold start to first answer, bot / echo (medians)', value: cold, target: '≤ 1.50', met: cold <= 1.5 });
  const first = median(r.coldFirst) / median(r.cold.echo);
  out.push({ what: "the same, bot's first start after a build (nothing kept by an earlier start) / echo", value: first, target: '≤ 1.50', met: first <= 1.5 });
  const changed = median(r.coldChanged) / median(r.cold.echo);
  out.push({ what: "the same, bot's first start on knowledge edited after the build / echo", value: changed, target: '≤ 1.50', met: changed <= 1.5 });
  return out;
}

export function turnLines(r: TurnBench): string[] {
  const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MB`;
  const lines = [
    '`bot` is Adviesbot as `npm start` runs it; `nocache` the same with ANSWER_CACHE_ENTRIES=0, so every question goes through the whole pipeline. The questions are the golden set\'s, repeated (each about three times per level).',
    '',
    '| concurrency | bot | echo msg/s | bot msg/s | throughput ratio | echo p50 | bot p50 | p50 ratio | echo p99 | bot p99 |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of r.rows) {
    for (const name of ['bot', 'nocache'] as const) {
      const b = row[name];
      lines.push(
        `| ${row.concurrency} | ${name} | ${row.echo.perSecond.toFixed(0)} | ${b.perSecond.toFixed(0)} | ${(b.perSecond / row.echo.perSecond).toFixed(2)} | ${row.echo.p50.toFixed(2)} ms | ${b.p50.toFixed(2)} ms | ${(b.p50 / row.echo.p50).toFixed(2)} | ${row.echo.p99.toFixed(2)} ms | ${b.p99.toFixed(2)} ms |`,
      );
    }
  }
  const n = r.memoryQuestions.toLocaleString('en');
  lines.push(
    '',
    `Cold start, spawn to first answer (${r.cold.echo.length} runs each, median): ${(Object.keys(r.cold) as BotName[]).map((n) => `${n} ${median(r.cold[n]).toFixed(0)} ms (${r.cold[n].map((x) => x.toFixed(0)).join(', ')})`).join('; ')}. Adviesbot starts with the YAML parses and the analysis of its knowledge texts kept by an earlier start in the temporary folder (src/domain/knowledge/yaml-cache.ts, src/domain/answering/index-cache.ts); a first start after a build (an empty temporary folder) reads what the build kept beside the compiled code (src/keep-at-build.ts): ${median(r.coldFirst).toFixed(0)} ms (${r.coldFirst.map((x) => x.toFixed(0)).join(', ')}); a first start on knowledge edited after the build (a phrasing added to one entry) parses and analyses everything again: ${median(r.coldChanged).toFixed(0)} ms (${r.coldChanged.map((x) => x.toFixed(0)).join(', ')}).`,
    '',
    `Memory of each bot process, reported by the process itself over IPC (the load generator is another process): right after start (first answer given) and right after ${n} questions from ${n} members, each in their own personal chat, at concurrency ${MEMORY_CONCURRENCY}. Each reading is taken once the process has settled: a full GC, then every 500 ms until the RSS stops falling (V8 returns freed pages to the system a second or more after a GC). The column "at once" is the RSS read right after the GC that follows the load.`,
    '',
    '| bot | RSS after start | RSS after load | ratio | RSS after load, at once | heap used after start | heap used after load | heap committed after start | heap committed after load |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const name of Object.keys(r.memory) as BotName[]) {
    const { afterStart: a, afterLoad: b, afterLoadAtOnce: once } = r.memory[name];
    lines.push(`| ${name} | ${mb(a.rss)} | ${mb(b.rss)} | ${(b.rss / a.rss).toFixed(2)} | ${mb(once.rss)} | ${mb(a.heapUsed)} | ${mb(b.heapUsed)} | ${mb(a.heapTotal)} | ${mb(b.heapTotal)} |`);
  }
  lines.push('', '| target (issue 16) | measured | target | |', '|---|---|---|---|');
  for (const t of turnTargets(r)) lines.push(`| ${t.what} | ${t.value.toFixed(2)} | ${t.target} | ${t.met ? 'met' : 'missed'} |`);
  const ms = (n: number): string => `${n < 1 ? n.toFixed(3) : n.toFixed(0)} ms`;
  const { start: s, turn: t } = r;
  lines.push(
    '',
    'Where the time above the echo bot goes, measured in a fresh process each (`bench/breakdown.ts`, in the same run):',
    '',
    `- Start, the steps of src/server.ts in order: botbuilder and restify ${ms(s.stackModulesMs)} (the echo bot loads them too); Adviesbot's own modules and the libraries only it uses ${ms(s.botModulesMs)}; the knowledge files ${ms(s.knowledgeFilesMs)}; compose() ${ms(s.composeMs)}, of which the answerer (MiniSearch index, entry facts, the passages of the five documents) is at least ${ms(s.answererWarmMs)} (built again warm from the texts) and ${ms(s.answererKeptMs)} from the kept analysis; the spelling word list ${ms(s.spellingListMs)}; the first answer ${ms(s.firstAnswerMs)}.`,
    `- A question turn, per question of the golden set (${t.questions}), warm, without HTTP: the whole answering pipeline ${ms(t.pipelineMs)} (what an answer cache miss costs), a reply from the answer cache ${ms(t.cachedReplyMs)}, the answer card ${ms(t.cardMs)}; keeping an unanswered question in SQLite ${ms(t.keepUnknownMs)} (${(t.unknownShare * 100).toFixed(0)}% of these questions); the reply activity is ${(t.replyBytes / 1024).toFixed(1)} KB of JSON against the echo bot's ${(t.echoReplyBytes / 1024).toFixed(2)} KB, which botframework-connector serializes and sends.`,
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`bench:turns — ${new Date().toISOString()} — ${machine()}`);
  console.log(`${PER_LEVEL} messages per level in ${ROUNDS} rounds; memory after ${MEMORY_QUESTIONS} questions at concurrency ${MEMORY_CONCURRENCY}\n`);
  const result = await runTurnBench((line) => console.log(line));
  console.log(`\n${turnLines(result).join('\n')}`);
  process.exit(0);
}
