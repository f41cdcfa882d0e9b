// Shows how a question is analysed and ranked: terms, top hits, coverage and missing words.
import { QuestionAnswerer, searchTextOf } from '../src/domain/knowledge/qa.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';

const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now: () => new Date('2026-11-23T12:00:00+01:00') });
for (const typed of process.argv.slice(2)) {
  // As ask() sees it: typos corrected, question frames left out.
  const question = qa.retriever.analyzer.correctedText(typed);
  const analysis = qa.retriever.analyzer.analyzeQuery(searchTextOf(question), true);
  console.log(`\n? ${question}\n  termen: ${analysis.terms.map((t) => `${t.term}(${t.weight})`).join(' ')}`);
  for (const hit of qa.retriever.search(searchTextOf(question), 5)) {
    console.log(`  ${hit.score.toFixed(2).padStart(7)} cov=${hit.coverage.toFixed(2)} sim=${hit.similarity.toFixed(2)} ${hit.entry.id}  mist: ${hit.missing.join(',')}`);
  }
  const r = qa.ask(typed);
  console.log(`  => ${r.kind}${r.kind === 'answer' ? ` ${r.entry.id}` : ''}`);
}
