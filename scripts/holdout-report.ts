// Accuracy on the held-out question set (test/golden/holdout.yaml): written by someone who saw neither the
// knowledge base nor the main golden suite, and never used for tuning. A measure, not a test.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { QuestionAnswerer } from '../src/domain/knowledge/qa.js';
import { fold } from '../src/domain/knowledge/text.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { answerText } from '../test/support/golden.js';

const data = parse(readFileSync(new URL('../test/golden/holdout.yaml', import.meta.url), 'utf8')) as {
  answerable: Array<{ q: string; expect: string[] }>;
  unanswerable: string[];
};
const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now: () => new Date('2026-11-23T12:00:00+01:00') });
const sq = (t: string): string => fold(t).replace(/\s+/g, ' ');
let ok = 0;
const misses: string[] = [];
for (const { q, expect } of data.answerable) {
  const r = qa.ask(q);
  if (r.kind === 'answer' && expect.every((f) => sq(answerText(r)).includes(sq(f)))) ok++;
  else misses.push(`${q} -> ${r.kind === 'answer' ? r.entry.id : r.kind} (verwacht ${JSON.stringify(expect)})`);
}
let unknown = 0;
const wrong: string[] = [];
for (const q of data.unanswerable) {
  const r = qa.ask(q);
  if (r.kind === 'unknown') unknown++;
  else wrong.push(`${q} -> ${r.kind === 'answer' ? r.entry.id : r.kind}`);
}
console.log(`holdout beantwoordbaar: ${ok}/${data.answerable.length} (${((100 * ok) / data.answerable.length).toFixed(1)}%)`);
console.log(`holdout onbeantwoordbaar -> weet ik niet: ${unknown}/${data.unanswerable.length} (${((100 * unknown) / data.unanswerable.length).toFixed(1)}%)`);
if (process.argv.includes('--verbose')) console.log(`\n${misses.join('\n')}\n\n${wrong.join('\n')}`);
