// Records what `ask` answers to every question of the readable sets (scripts/golden-sets.ts), or compares with a
// recording: proof that a refactoring left the behaviour as it was.
//   npx tsx scripts/golden-record.ts write test/golden/baseline/answers.json
//   npx tsx scripts/golden-record.ts compare test/golden/baseline/answers.json
import { readFileSync, writeFileSync } from 'node:fs';
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { loadSets } from './golden-sets.js';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'write' && mode !== 'compare') || !file) throw new Error('usage: golden-record.ts write|compare <file.json>');

const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now: () => new Date('2026-11-23T12:00:00+01:00') });
const record: Record<string, string> = {};
for (const set of loadSets()) {
  for (const q of [...set.answerable.map((a) => a.q), ...set.unanswerable]) {
    const result = qa.ask(q) as unknown as Record<string, unknown>;
    // The whole result as the card shows it; the entry by its id, the trace (added later) left out.
    const { entry, trace: _trace, ...rest } = result as { entry?: { id: string }; trace?: unknown };
    record[`${set.name}\t${q}`] = JSON.stringify({ ...rest, ...(entry ? { entry: entry.id } : {}) });
  }
}
if (mode === 'write') {
  writeFileSync(file, `${JSON.stringify(record, null, 1)}\n`);
  console.log(`${Object.keys(record).length} answers written to ${file}`);
} else {
  const before = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const keys = new Set([...Object.keys(before), ...Object.keys(record)]);
  let differ = 0;
  for (const key of keys) {
    if (before[key] === record[key]) continue;
    differ++;
    console.log(`DIFF ${key}\n  was:  ${before[key]}\n  now:  ${record[key]}`);
  }
  console.log(`${keys.size} questions, ${differ} different`);
  if (differ > 0) process.exitCode = 1;
}
