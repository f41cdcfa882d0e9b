// npm run bench:profile — what a question turn and a start cost: starts Adviesbot (src/server.ts) as its own process
// with --cpu-prof, writes a heap snapshot after start and after 2,000 questions from 2,000 members, and prints the
// heaviest functions of the CPU profile by self time. Files go to bench/profiles/ (not committed); open the
// .cpuprofile and .heapsnapshot files in Chrome DevTools to look further.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadGolden } from '../test/support/golden.js';
import { compileBots, drive, memberAndChatPerMessage, memberPerMessage, startBot, startConnector } from './load.js';

const dir = join(process.cwd(), 'bench', 'profiles');
mkdirSync(dir, { recursive: true });
const stamp = Date.now();
const golden = loadGolden();
const questions = [...golden.answerable.map((a) => a.q), ...golden.unanswerable];
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 2000);

const c = await startConnector();
// Node writes one profile per thread (tsx's module loader runs in its own); the bot's turns are on the main one, the largest.
const profileDir = join(dir, `cpu-${stamp}`);
compileBots();
const bot = await startBot('profile', 'src/server.ts', c, {}, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
console.log(`cold start to first answer: ${bot.coldStartMs.toFixed(0)} ms`);
const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
// Writing a heap snapshot takes hundreds of MB of RSS itself: memory is read before each snapshot, never after one.
const before = await bot.memory();
const snapshots = process.env.BENCH_SNAPSHOTS !== '0';
if (snapshots) await bot.snapshot(join(dir, `after-start-${stamp}.heapsnapshot`));
// BENCH_SENDER=worker: one conversation per worker, as in the latency runs of bench:turns; otherwise each member in their own chat.
await drive(bot.url, c, questions, 20, QUESTIONS, process.env.BENCH_SENDER === 'worker' ? memberPerMessage : memberAndChatPerMessage('member'));
const after = await bot.memory();
if (snapshots) await bot.snapshot(join(dir, `after-${QUESTIONS}-${stamp}.heapsnapshot`));
const line = (m: typeof before): string => `rss ${mb(m.rss)}, heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})`;
console.log(`after start: ${line(before)}\nafter ${QUESTIONS} questions: ${line(after)}`);
for (const [space, { size, used }] of Object.entries(after.spaces)) {
  console.log(`  ${space}: ${mb(before.spaces[space]!.size)} -> ${mb(size)} committed, ${mb(before.spaces[space]!.used)} -> ${mb(used)} used`);
}
await bot.stop();
c.server.close();

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const files = readdirSync(profileDir).map((f) => join(profileDir, f));
const file = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (file) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const self = new Map<string, number>();
  const total = profile.samples.length;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const id of profile.samples) {
    const n = byId.get(id)!;
    const where = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(src|bench)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + 1);
  }
  console.log(`\nheaviest by self time (${total} samples): ${file}`);
  for (const [where, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${((n / total) * 100).toFixed(1).padStart(5)}%  ${where}`);
}
process.exit(0);
