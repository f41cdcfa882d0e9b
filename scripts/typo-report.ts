// Typo robustness: for every answerable question of the golden and held-out sets that the bot answers, makes
// typo variants (a letter swapped, dropped, doubled or replaced by its keyboard neighbour in one word of five
// letters or more) and counts how often the variant gets the same entry. A measure, not a test.
//   npx tsx scripts/typo-report.ts [--verbose]
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { QuestionAnswerer } from '../src/domain/knowledge/qa.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';

const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now: () => new Date('2026-11-23T12:00:00+01:00') });
const dir = new URL('../test/golden/', import.meta.url);
const questions = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('holdout3')) // set 3 is kept for the final measure only
  .flatMap((f) => (parse(readFileSync(new URL(f, dir), 'utf8')) as { answerable: Array<{ q: string }> }).answerable.map((a) => a.q));

let seed = 42;
const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const NEIGHBOURS: Record<string, string> = { a: 's', s: 'a', e: 'r', r: 'e', i: 'o', o: 'i', n: 'm', m: 'n', t: 'r', d: 's', u: 'i', l: 'k', g: 'h', c: 'v', p: 'o' };
const KINDS = ['swap', 'drop', 'double', 'neighbour'] as const;
function typo(word: string, kind: (typeof KINDS)[number]): string {
  const i = 1 + random(word.length - 2); // never the first letter
  if (kind === 'swap') return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  if (kind === 'drop') return word.slice(0, i) + word.slice(i + 1);
  if (kind === 'double') return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i) + (NEIGHBOURS[word[i]!] ?? word[i]) + word.slice(i + 1);
}

const perKind = new Map<string, { same: number; total: number }>();
const misses: string[] = [];
for (const q of questions) {
  const clean = qa.ask(q);
  if (clean.kind !== 'answer') continue;
  const long = q.split(/\s+/).map((w, i) => ({ w, i })).filter(({ w }) => /^[a-zA-Z]{5,}$/.test(w));
  if (long.length === 0) continue;
  for (const kind of KINDS) {
    const { w, i } = long[random(long.length)]!;
    const words = q.split(/\s+/);
    words[i] = typo(w, kind);
    const variant = words.join(' ');
    const r = qa.ask(variant);
    const tally = perKind.get(kind) ?? { same: 0, total: 0 };
    tally.total++;
    if (r.kind === 'answer' && r.entry.id === clean.entry.id) tally.same++;
    else misses.push(`${variant}  ->  ${r.kind === 'answer' ? r.entry.id : r.kind} (zonder typefout: ${clean.entry.id})`);
    perKind.set(kind, tally);
  }
}
let same = 0;
let total = 0;
for (const [kind, t] of perKind) {
  console.log(`${kind.padEnd(10)} ${t.same}/${t.total} (${((100 * t.same) / t.total).toFixed(1)}%)`);
  same += t.same;
  total += t.total;
}
console.log(`alles      ${same}/${total} (${((100 * same) / total).toFixed(1)}%) hetzelfde antwoord als zonder typefout`);
if (process.argv.includes('--verbose')) console.log(`\n${misses.join('\n')}`);
