// Leave-one-set-out cross-validation of the learned ranker over the readable question sets (scripts/golden-sets.ts:
// never a blind set): for each set, fit on all the others, measure on the one left out.
//   npm run cv            the learned ranker, per set and in total: curated answers alone, then with quoted passages
//   npm run cv -- --rules the hand-set rules alone (no fitting), for comparison
// With passages, the passage model (src/domain/answering/passage-fit.ts) is fitted on the same other sets, on the
// rows of the curated model of that fold, and measured on the left-out set through askOrQuote: a quote counts as
// correct when its label and text hold every expected fragment, and as a wrong answer otherwise.
import { passageRows, fitPassageModel, quoteHolds } from '../src/domain/answering/passage-fit.js';
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { fold } from '../src/domain/answering/normalize.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { answerText } from '../test/support/golden.js';
import { loadSets, type QuestionSet } from './golden-sets.js';
import { figureRow, fitRanker, measure, questionRows, total, type SetFigures } from './ranker-data.js';

const now = (): Date => new Date('2026-11-23T12:00:00+01:00');
const rulesOnly = process.argv.includes('--rules');
const verbose = process.argv.includes('--verbose');
const sets = loadSets();
const kb = loadKnowledgeFromDisk();
const base = new QuestionAnswerer(kb, { now, model: null, passageModel: null });
const figures: SetFigures[] = [];
const withQuotes: Array<SetFigures & { quoted: number; quotedCorrect: number }> = [];
const rows = rulesOnly ? [] : questionRows(base, kb, sets);
const squash = (t: string): string => fold(t).replace(/\s+/g, ' ');

/** measure(), through askOrQuote: curated answers and quoted passages. */
function measureQuotes(qa: QuestionAnswerer, set: QuestionSet, misses: string[]): SetFigures & { quoted: number; quotedCorrect: number } {
  const f = { set: set.name, answerable: set.answerable.length, correct: 0, unanswerable: set.unanswerable.length, declined: 0, answered: 0, answeredCorrect: 0, quoted: 0, quotedCorrect: 0 };
  for (const { q, expect } of set.answerable) {
    const r = qa.askOrQuote(q);
    if (r.kind === 'unknown') continue;
    f.answered++;
    const ok =
      r.kind === 'passage' ? quoteHolds(r.label, r.passage.text, expect) : r.kind === 'answer' && expect.every((x) => squash(answerText(r)).includes(squash(x)));
    if (r.kind === 'passage') {
      f.quoted++;
      if (ok) f.quotedCorrect++;
      misses.push(`A${ok ? '' : ' WRONG'} quote ${q} -> ${r.passage.doc} ${r.passage.location} (${r.confidence}) ${JSON.stringify(r.trace?.passage?.features)}`);
    }
    if (ok) {
      f.correct++;
      f.answeredCorrect++;
    }
  }
  for (const q of set.unanswerable) {
    const r = qa.askOrQuote(q);
    if (r.kind === 'unknown') f.declined++;
    else {
      f.answered++;
      if (r.kind === 'passage') {
        f.quoted++;
        misses.push(`U WRONG quote ${q} -> ${r.passage.doc} ${r.passage.location} (${r.confidence}) ${JSON.stringify(r.trace?.passage?.features)}`);
      }
    }
  }
  return f;
}

for (const held of sets) {
  let qa = base;
  let note = '';
  if (!rulesOnly) {
    const train = rows.filter((q) => q.set !== held.name);
    const others = sets.filter((s) => s !== held);
    const model = fitRanker(train, others.map((s) => s.name));
    qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now, model, passageModel: null });
    const passageModel = fitPassageModel(passageRows(qa, others), others.map((s) => s.name));
    const quoting = new QuestionAnswerer(loadKnowledgeFromDisk(), { now, model, passageModel });
    const quoteMisses: string[] = [];
    withQuotes.push(measureQuotes(quoting, held, quoteMisses));
    if (verbose && quoteMisses.length > 0) console.log(`\n## ${held.name}: quotes (threshold ${passageModel.threshold})\n${quoteMisses.join('\n')}`);
    note = ` (threshold ${model.threshold}, passages ${passageModel.threshold})`;
  }
  const misses: string[] = [];
  const f = measure(qa, held, misses);
  if (verbose) console.log(`\n## ${held.name}\n${misses.join('\n')}`);
  figures.push(f);
  console.error(`${held.name} done${note}`);
}
const counts = (f: SetFigures): string => `${f.answered} answers, ${f.answeredCorrect} correct; ${f.declined} of ${f.unanswerable} unanswerable declined`;
console.log(`\n${rulesOnly ? 'hand-set rules' : 'learned ranker, leave-one-set-out'} (${new Date().toISOString().slice(0, 10)})\n`);
console.log('| set (left out) | questions | answerable correct | unanswerable declined | precision |');
console.log('|---|---|---|---|---|');
for (const f of figures) console.log(figureRow(f));
console.log(figureRow(total(figures)));
console.log(`\ncurated answers alone: ${counts(total(figures))}`);
if (!rulesOnly) {
  console.log('\nwith quoted passages (passage model fitted on the same other sets)\n');
  console.log('| set (left out) | questions | answerable correct | unanswerable declined | precision | quotes (correct) |');
  console.log('|---|---|---|---|---|---|');
  for (const f of withQuotes) console.log(`${figureRow(f)} ${f.quoted} (${f.quotedCorrect}) |`);
  const all = total(withQuotes);
  const quoted = withQuotes.reduce((a, f) => a + f.quoted, 0);
  const quotedCorrect = withQuotes.reduce((a, f) => a + f.quotedCorrect, 0);
  console.log(`${figureRow(all)} ${quoted} (${quotedCorrect}) |`);
  console.log(`\nwith passages: ${counts(all)}; of them ${quoted} quotes, ${quotedCorrect} correct`);
}
