// Leave-one-set-out cross-validation of the learned ranker over the readable question sets (scripts/golden-sets.ts:
// never the blind holdout11/holdout12): for each set, fit on all the others, measure on the one left out.
//   npm run cv            the learned ranker, per set and in total
//   npm run cv -- --rules the hand-set rules alone (no fitting), for comparison
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { loadSets } from './golden-sets.js';
import { figureRow, fitRanker, measure, questionRows, total, type SetFigures } from './ranker-data.js';

const now = (): Date => new Date('2026-11-23T12:00:00+01:00');
const rulesOnly = process.argv.includes('--rules');
const sets = loadSets();
const kb = loadKnowledgeFromDisk();
const base = new QuestionAnswerer(kb, { now, model: null });
const figures: SetFigures[] = [];
const rows = rulesOnly ? [] : questionRows(base, kb, sets);
for (const held of sets) {
  let qa = base;
  let note = '';
  if (!rulesOnly) {
    const train = rows.filter((q) => q.set !== held.name);
    const model = fitRanker(train, sets.filter((s) => s !== held).map((s) => s.name));
    qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now, model });
    note = ` (threshold ${model.threshold})`;
  }
  const misses: string[] = [];
  const f = measure(qa, held, misses);
  if (process.argv.includes('--verbose')) console.log(`\n## ${held.name}\n${misses.join('\n')}`);
  figures.push(f);
  console.error(`${held.name} done${note}`);
}
console.log(`\n${rulesOnly ? 'hand-set rules' : 'learned ranker, leave-one-set-out'} (${new Date().toISOString().slice(0, 10)})\n`);
console.log('| set (left out) | questions | answerable correct | unanswerable declined | precision |');
console.log('|---|---|---|---|---|');
for (const f of figures) console.log(figureRow(f));
console.log(figureRow(total(figures)));
