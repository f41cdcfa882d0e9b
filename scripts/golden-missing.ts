// For each golden question that is not answered right, prints the best hit's coverage and the words it misses.
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { answerText, loadGolden } from '../test/support/golden.js';
import { fold } from '../src/domain/answering/normalize.js';

const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now: () => new Date('2026-11-23T12:00:00+01:00') });
const golden = loadGolden();
const sq = (t: string): string => fold(t).replace(/\s+/g, ' ');
for (const { q, expect } of golden.answerable) {
  const r = qa.ask(q);
  if (r.kind === 'answer' && expect.every((f) => sq(answerText(r)).includes(sq(f)))) continue;
  const hits = qa.retriever.search(q, 10);
  const right = hits.find((h) => expect.every((f) => sq(`${h.entry.title} ${h.entry.answer} ${h.entry.event?.date ?? ''}`).includes(sq(f))));
  console.log(`${q}\n   got ${r.kind === 'answer' ? r.entry.id : r.kind}; right=${right ? `${right.entry.id} cov=${right.coverage.toFixed(2)} mist=${right.missing.join(',')}` : 'niet in top 10'}`);
}
console.log('--- onbeantwoordbaar beantwoord:');
for (const q of golden.unanswerable) {
  const r = qa.ask(q);
  if (r.kind === 'answer') {
    const h = qa.retriever.search(q, 10).find((x) => x.entry.id === r.entry.id)!;
    console.log(`${q}\n   -> ${r.entry.id} cov=${h.coverage.toFixed(2)} mist=${h.missing.join(',')}`);
  }
}
