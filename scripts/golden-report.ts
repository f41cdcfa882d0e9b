// Prints the golden suite's accuracy and every miss, for working on language handling and coverage.
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { runGolden } from '../test/support/golden.js';

const threshold = process.argv[2] ? Number(process.argv[2]) : undefined;
const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), {
  now: () => new Date('2026-11-23T12:00:00+01:00'),
  ...(threshold ? { threshold } : {}),
});
const report = runGolden(qa);
const pct = (c: number, t: number): string => `${c}/${t} (${((100 * c) / t).toFixed(1)}%)`;
console.log(`beantwoordbaar: ${pct(report.answerable.correct, report.answerable.total)}`);
console.log(`onbeantwoordbaar -> weet ik niet: ${pct(report.unanswerable.correct, report.unanswerable.total)}`);
if (!process.argv.includes('--quiet')) {
  console.log('\nMissers (beantwoordbaar):');
  for (const f of report.answerable.failures) console.log(`  ${f}`);
  console.log('\nMissers (onbeantwoordbaar):');
  for (const f of report.unanswerable.failures) console.log(`  ${f}`);
}
