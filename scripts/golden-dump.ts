// Dumps, per golden question, the first acceptable-by-rules hit's coverage and similarity, and whether it is right.
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { fold } from '../src/domain/answering/normalize.js';
import { loadGolden } from '../test/support/golden.js';

const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now: () => new Date('2026-11-23T12:00:00+01:00'), threshold: 0 });
const sq = (t: string): string => fold(t).replace(/\s+/g, ' ');
const g = loadGolden();
const rows: Array<[string, number, number, string]> = [];
for (const { q, expect } of g.answerable) {
  const r = qa.ask(q);
  if (r.kind !== 'answer') { rows.push(['A-none', 0, 0, q]); continue; }
  const h = qa.retriever.search(q, 10).find((x) => x.entry.id === r.entry.id)!;
  const ok = expect.every((f) => sq(`${r.entry.title} ${r.answer} ${r.date?.formatted ?? ''}`).includes(sq(f)));
  rows.push([ok ? 'A-ok' : 'A-wrong', h.coverage, h.similarity, q]);
}
for (const q of g.unanswerable) {
  const r = qa.ask(q);
  if (r.kind !== 'answer') { rows.push(['U-none', 0, 0, q]); continue; }
  const h = qa.retriever.search(q, 10).find((x) => x.entry.id === r.entry.id)!;
  rows.push(['U-ans', h.coverage, h.similarity, `${q} -> ${r.entry.id}`]);
}
for (const [k, c, s, q] of rows.sort((a, b) => a[0].localeCompare(b[0]))) console.log(`${k}\t${c.toFixed(2)}\t${s.toFixed(2)}\t${q}`);
