// Accuracy on held-out question sets (default: every readable held-out set, scripts/golden-sets.ts; or the files given): written by
// someone who saw neither the knowledge base nor the main golden suite, and never used for tuning. A measure, not a test.
//   npx tsx scripts/holdout-report.ts [file.yaml ...] [--verbose] [--threshold 0.6]
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { fold } from '../src/domain/answering/normalize.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { answerText } from '../test/support/golden.js';
import { quoteHolds } from '../src/domain/answering/passage-fit.js';
import { GOLDEN_DIR, setNames } from './golden-sets.js';

const args = process.argv.slice(2);
const thresholdAt = args.indexOf('--threshold');
const threshold = thresholdAt >= 0 ? Number(args[thresholdAt + 1]) : undefined;
const files = args.filter((a, i) => !a.startsWith('--') && (thresholdAt < 0 || i !== thresholdAt + 1));
const paths = files.length > 0 ? files : setNames().filter((name) => name !== 'questions.yaml').map((name) => `${GOLDEN_DIR}${name}`);

const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), {
  now: () => new Date('2026-11-23T12:00:00+01:00'),
  ...(threshold ? { threshold } : {}),
});
const sq = (t: string): string => fold(t).replace(/\s+/g, ' ');
const pct = (c: number, t: number): string => `${c}/${t} (${((100 * c) / Math.max(t, 1)).toFixed(1)}%)`;
for (const path of paths) {
  const data = parse(readFileSync(path, 'utf8')) as { answerable: Array<{ q: string; expect: string[] }>; unanswerable: Array<string | { q: string }> };
  let ok = 0;
  const misses: string[] = [];
  let given = 0;
  for (const { q, expect } of data.answerable) {
    const r = qa.respond(q);
    if (r.kind === 'answer' || r.kind === 'passage') given++;
    // A quoted passage is right when the expected words stand in it, as npm run cv counts it.
    const right = r.kind === 'answer' ? expect.every((f) => sq(answerText(r)).includes(sq(f))) : r.kind === 'passage' && quoteHolds(r.label, r.passage.text, expect);
    if (right) ok++;
    else misses.push(`${q} -> ${r.kind === 'answer' ? r.entry.id : r.kind === 'passage' ? `passage ${r.passage.doc} ${r.passage.location}` : r.kind} (verwacht ${JSON.stringify(expect)})`);
  }
  let unknown = 0;
  const wrong: string[] = [];
  for (const item of data.unanswerable) {
    const q = typeof item === 'string' ? item : item.q;
    const r = qa.respond(q);
    // A decline is "weet ik niet" or, for small talk and bare input, a conversational reply: anything but an answer
    // or a quote.
    if (r.kind === 'answer' || r.kind === 'passage') {
      given++;
      wrong.push(`${q} -> ${r.kind === 'answer' ? r.entry.id : `passage ${r.passage.doc} ${r.passage.location}`}`);
    } else unknown++;
  }
  const name = path.split('/').pop();
  console.log(`${name}: beantwoordbaar ${pct(ok, data.answerable.length)}, onbeantwoordbaar -> weet ik niet ${pct(unknown, data.unanswerable.length)}, precisie ${pct(ok, given)}`);
  if (args.includes('--verbose')) console.log(`\n${misses.join('\n')}\n\n${wrong.join('\n')}\n`);
}
