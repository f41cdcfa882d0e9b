// npm run bench:qa — retrieval time over the knowledge base and over synthetic ones 10x and 100x larger.
// Prints p50/p95/p99 per size and the index build time. Target: p95 under 5 ms at 100x.
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { loadGolden } from '../test/support/golden.js';
import { machine, ms, summarize } from './stats.js';
import { scaledKnowledgeBase } from './synthetic.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const kb = loadKnowledgeFromDisk();
const golden = loadGolden();
const questions = [...golden.answerable.map((a) => a.q), ...golden.unanswerable];

export interface QaBenchRow {
  factor: number;
  entries: number;
  buildMs: number;
  p50: number;
  p95: number;
  p99: number;
  /** p95 over questions with a typo never seen before (the typo correction's caches are cold for them). */
  p95Typo: number;
}

/** The question with two letters swapped in its longest word: a typo the analyzer has not seen yet. */
function withTypo(question: string, round: number): string {
  const words = question.split(' ');
  let at = 0;
  words.forEach((w, i) => (w.length > words[at]!.length ? (at = i) : undefined));
  const w = words[at]!;
  if (w.length < 5) return question;
  const i = 1 + ((round * 7 + w.length) % (w.length - 2));
  words[at] = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return words.join(' ');
}

export function runQaBench(factors = [1, 10, 100]): QaBenchRow[] {
  const rows: QaBenchRow[] = [];
  for (const factor of factors) {
    const scaled = scaledKnowledgeBase(kb, factor);
    const t0 = performance.now();
    const qa = new QuestionAnswerer(scaled, { now: () => new Date('2026-11-23T12:00:00+01:00') });
    const buildMs = performance.now() - t0;
    for (const q of questions) qa.ask(q); // warm up
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of questions) {
        const start = performance.now();
        qa.ask(q);
        samples.push(performance.now() - start);
      }
    }
    const s = summarize(samples);
    const typoSamples: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const q of questions) {
        const variant = withTypo(q, round);
        const start = performance.now();
        qa.ask(variant);
        typoSamples.push(performance.now() - start);
      }
    }
    rows.push({ factor, entries: scaled.entries.length, buildMs, p50: s.p50, p95: s.p95, p99: s.p99, p95Typo: summarize(typoSamples).p95 });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`bench:qa — ${new Date().toISOString()} — ${machine()}`);
  console.log(`${questions.length} vragen x ${ROUNDS} rondes per grootte\n`);
  console.log('grootte  entries  index bouwen   p50         p95         p99         p95 nieuwe typefout');
  for (const r of runQaBench()) {
    console.log(
      `${`${r.factor}x`.padEnd(8)} ${String(r.entries).padEnd(8)} ${ms(r.buildMs).padEnd(13)} ${ms(r.p50).padEnd(11)} ${ms(r.p95).padEnd(11)} ${ms(r.p99).padEnd(11)} ${ms(r.p95Typo)}`,
    );
  }
}
