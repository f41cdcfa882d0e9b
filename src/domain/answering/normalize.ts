import { createRequire } from 'node:module';
import { stemmer } from '@orama/stemmers/dutch';
import type { Lexicon } from '../knowledge/schema.js';
import { editDistanceAtMost, editDistanceWithin } from './edit-distance.js';
import { PATTERNS, QUESTION_WORDS, WHERE_SEEN_WORDS, WORDS } from './language.js';
import { isDutchWord } from './spelling.js';
import { WEIGHTS } from './weights.js';

/**
 * Stage 1 of answering, normalize: Dutch text handling for retrieval: folding, tokens, stop words, word forms, synonyms, stems and compounds.
 * One Analyzer is built per knowledge base; it learns the vocabulary of the entries so it can split
 * compounds ("participatiecoaching" -> participatie + coaching) and join words written apart
 * ("focus groepen" -> focusgroepen).
 */

/** Stop words: those of knowledge/nl/words.yaml, then the Dutch list of stopwords-iso less the words that carry meaning here. */
const KEEP = new Set(WORDS.iso_keep);
const ISO_STOPWORDS: string[] = (createRequire(import.meta.url)('stopwords-iso') as { nl: string[] }).nl.filter((w) => !KEEP.has(w));

const NOUN_QUESTION_WORDS = new Set(WORDS.question_words.before_noun);
const PARTICIPLE = PATTERNS.participle;
const ATTRIBUTIVE = new Set(WORDS.attributive_adjectives);
const AUXILIARIES = new Set(WORDS.auxiliaries);
const WHERE_PREPOSITIONS = new Set(WORDS.where_prepositions);
const SEPARABLE_PARTICLES = new Set(WORDS.separable_particles);
const ARTICLES = new Set(WORDS.articles);
const { attributive: ATTRIBUTIVE_IMPORTANCE, lightVerb: LIGHT_VERB_IMPORTANCE, unknownVerb: UNKNOWN_VERB_IMPORTANCE, unusedWord: UNUSED_WORD_IMPORTANCE, compoundPart: COMPOUND_PART_WEIGHT } =
  WEIGHTS.importance;

const EXTRA_FOLDS: Array<[RegExp, string | ((...args: string[]) => string)]> = [
  [/€\s*/g, ' euro '],
  [/(\d)\.(?=\d{3}(?!\d))/g, '$1'], // 81.000 -> 81000, 1.250.000 -> 1250000
  [/(\d),-/g, '$1'],
  [/(\d)\s*%/g, '$1 procent'],
  [/\b([a-z])&([a-z])\b/g, '$1 en $2'], // "b&w" is "b en w"
  [/\b([a-z])\.([a-z])\.(?:([a-z])(?:\.|\b))?/g, (_m: string, a: string, b: string, c?: string) => `${a}${b}${c ?? ''} `], // "t.z.t." and "t.z.t" -> tzt
  [/y/g, 'ij'], // "zienswyze", "Wychen": y typed for ij; applied to index and query alike
  // "DVO 26-27" is the DVO 2026-2027: two consecutive two-digit years
  [/\b(1[5-9]|[2-4]\d)\s*[-/]\s*(1[6-9]|[2-4]\d)\b/g, (_m: string, a: string, b: string) => (Number(b) === Number(a) + 1 ? `20${a}-20${b}` : _m)],
];

/** Lower case, accents folded, y read as ij, thousands separators dropped; keeps decimal points inside numbers. */
export function fold(text: string): string {
  let out = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  for (const [pattern, replacement] of EXTRA_FOLDS) out = out.replace(pattern, replacement as string);
  return out;
}

const TOKEN = /[a-z0-9]+(?:\.[0-9]+)*/g;

export function words(text: string): string[] {
  return fold(text).match(TOKEN) ?? [];
}

/** Verbs with a Latin root and their nouns: "inventariseren" is about "inventarisatie", "evalueert" about "evaluatie". */
const LATIN_VERB = PATTERNS.latin_verb;

/** The noun of a verb form with a Latin root ("evalueert" -> evaluatie), else the word itself. */
function nounOfVerb(word: string): string {
  const m = LATIN_VERB.exec(word);
  return m ? `${m[1]}atie` : word;
}

/** Longer "words" (a run of letters, a pasted link) are taken as they are: no compound splitting, no correction. */
const MAX_WORD_LENGTH = 40;

/** Words grouped by first letter and length, for finding a typo's intended word quickly. */
function buckets(words: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const w of words) {
    const key = `${w[0]}${w.length}`;
    const list = out.get(key);
    if (list) list.push(w);
    else out.set(key, [w]);
  }
  return out;
}

export interface AnalyzedQuery {
  /** Terms to search for, each with its weight (1 for what the user typed, lower for expansions). */
  terms: Array<{ term: string; weight: number; source: string }>;
  /** The content words the user typed (stop words removed), before expansion. */
  content: string[];
  /**
   * Typed words that count for less than their rarity says: a light finite verb, an unknown participle or closing
   * infinitive; others count fully.
   */
  importance: Map<string, number>;
  /** Typed words that name an action of the process (lexicon `actions`): an answer must match them. */
  required: Set<string>;
}

export class Analyzer {
  private readonly stopwords: Set<string>;
  private readonly forms: Map<string, string>;
  /** Folded word -> canonical word of its synonym group (single words). */
  private readonly synonymOf = new Map<string, string>();
  /** Words a typo is corrected to, by first letter and length: synonyms, stop words (4+ letters), the base's words. */
  private readonly synonymBuckets = new Map<string, string[]>();
  private readonly stopwordBuckets = new Map<string, string[]>();
  private vocabularyBuckets = new Map<string, string[]>();
  /** Proper names that tolerate a typo. */
  private readonly names: string[];
  /** All multi-word phrases in one alternation (longest first), and each phrase's canonical word. */
  private readonly phrasePattern: RegExp | undefined;
  private readonly phraseCanonical = new Map<string, string>();
  /** Every word of a multi-word lexicon phrase: known words, never corrected. */
  private readonly phraseWords = new Set<string>();
  private readonly canonicalCache = new Map<string, string>();
  private readonly correctionCache = new Map<string, string>();
  /** Every word (folded, after forms and synonyms) seen in the knowledge base. */
  private vocabulary = new Set<string>();
  private readonly stemCache = new Map<string, string>();
  /** Per word: its stem followed by the stems of its compound parts (index time). */
  private readonly wordTermsCache = new Map<string, string[]>();
  private readonly splitCache = new Map<string, string[] | null>();
  /** Stems of the lexicon's actions. */
  private readonly actionStems: Set<string>;
  /** While the index is built (remembering): the words and index terms of each text of the base. */
  private memo: { words: Map<string, string[]>; terms: Map<string, string[]> } | undefined;

  constructor(lexicon: Lexicon) {
    this.stopwords = new Set([...WORDS.stopwords, ...ISO_STOPWORDS.map(fold), ...lexicon.stopwords.map(fold)]);
    this.forms = new Map(Object.entries(lexicon.forms).map(([k, v]) => [fold(k), fold(v)]));
    this.names = lexicon.names.map(fold);
    this.actionStems = new Set(lexicon.actions.map((a) => this.stem(words(a).join(''))));
    const phrases: Array<[string, string]> = [];
    for (const group of lexicon.synonyms) {
      const canonical = words(group[0]!).join('');
      for (const member of group) {
        const parts = words(member);
        if (parts.length === 1) this.synonymOf.set(parts[0]!, canonical);
        else phrases.push([parts.join(' '), canonical]);
      }
    }
    this.synonymBuckets = buckets([...this.synonymOf.keys()].filter((w) => w.length >= 4));
    this.stopwordBuckets = buckets([...this.stopwords].filter((w) => w.length >= 4));
    phrases.sort((a, b) => b[0].length - a[0].length);
    for (const [phrase, canonical] of phrases) {
      this.phraseCanonical.set(phrase, canonical);
      for (const word of phrase.split(' ')) this.phraseWords.add(word);
    }
    if (phrases.length > 0) {
      const escaped = phrases.map(([phrase]) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.phrasePattern = new RegExp(`\\b(?:${escaped.join('|')})\\b`, 'g');
    }
  }

  /** Teaches the analyzer the words of the knowledge base, for compound splitting and joining. */
  learn(texts: Iterable<string>): void {
    const vocabulary = new Set<string>();
    for (const text of texts) for (const word of this.normalizedWords(text)) vocabulary.add(word);
    this.restoreVocabulary(vocabulary);
  }

  /** The words learned, in the order learned (what restoreVocabulary takes). */
  vocabularyWords(): string[] {
    return [...this.vocabulary];
  }

  /** Sets the vocabulary that learn() found for the same texts (index-cache.ts keeps it between starts). */
  restoreVocabulary(words: Iterable<string>): void {
    const vocabulary = new Set(words);
    this.vocabulary = vocabulary;
    this.memo?.terms.clear();
    this.vocabularyBuckets = buckets([...vocabulary].filter((w) => w.length >= 4 && !/\d/.test(w)));
    this.canonicalCache.clear();
    this.correctionCache.clear();
    this.wordTermsCache.clear();
    this.splitCache.clear();
  }

  /** Adds the words of new texts (entries added while running) to what the analyzer knows. */
  addVocabulary(texts: Iterable<string>): void {
    const added: string[] = [];
    for (const text of texts) {
      for (const word of this.normalizedWords(text)) {
        if (this.vocabulary.has(word)) continue;
        this.vocabulary.add(word);
        added.push(word);
      }
    }
    if (added.length === 0) return;
    for (const word of added) {
      if (word.length < 4 || /\d/.test(word)) continue;
      const key = `${word[0]}${word.length}`;
      const list = this.vocabularyBuckets.get(key);
      if (list) list.push(word);
      else this.vocabularyBuckets.set(key, [word]);
    }
    // Earlier answers about these words (typo corrections, compound splits) may no longer hold.
    this.memo?.terms.clear();
    this.correctionCache.clear();
    this.splitCache.clear();
    this.wordTermsCache.clear();
  }

  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  isStopword(word: string): boolean {
    return this.stopwords.has(word) || (word.length === 1 && !/\d/.test(word));
  }

  stem(word: string): string {
    let stemmed = this.stemCache.get(word);
    if (stemmed === undefined) {
      stemmed = /^\d/.test(word) || word.length <= 3 ? word : stemmer(nounOfVerb(word));
      if (this.stemCache.size < 50_000) this.stemCache.set(word, stemmed);
    }
    return stemmed;
  }

  /**
   * Folded words with phrases, word forms and synonyms mapped to their canonical word. Stop words stay. `typed`:
   * the text is a user's question, whose unknown words may be typos (see typedCanonical).
   */
  normalizedWords(text: string, typed = false): string[] {
    if (typed || !this.memo) return this.wordsOfFolded(fold(text), typed);
    let words = this.memo.words.get(text);
    if (!words) this.memo.words.set(text, (words = this.wordsOfFolded(fold(text), false)));
    return [...words];
  }

  /**
   * Runs `work` (building the index) with the analysis of the base's own texts remembered: the index analyses each
   * text several times (vocabulary, key and answer terms, the MiniSearch fields, phrasings), and the same text gives
   * the same words and terms as long as the vocabulary does not change (learn and addVocabulary forget them).
   * Questions (typed) are never remembered; nothing is kept after `work`.
   */
  remembering<T>(work: () => T): T {
    if (this.memo) return work();
    this.memo = { words: new Map(), terms: new Map() };
    try {
      return work();
    } finally {
      this.memo = undefined;
    }
  }

  private wordsOfFolded(text: string, typed: boolean): string[] {
    let folded = text;
    // Twice, so that a phrase whose words are themselves written apart is found too ("burger advies raad").
    if (this.phrasePattern) {
      let replaced = false;
      const replace = (m: string): string => {
        replaced = true;
        return ` ${this.phraseCanonical.get(m)} `;
      };
      folded = folded.replace(this.phrasePattern, replace);
      if (replaced) folded = folded.replace(/\s+/g, ' ').replace(this.phrasePattern, (m) => ` ${this.phraseCanonical.get(m)} `);
    }
    return (folded.match(TOKEN) ?? []).map((w) => (typed ? this.typedCanonical(w) : this.canonical(w)));
  }

  /** One word with its word form and synonym group applied (no typo correction: see typedCanonical). */
  canonical(word: string): string {
    const cached = this.canonicalCache.get(word);
    if (cached !== undefined) return cached;
    const form = this.forms.get(word) ?? word;
    const result = this.synonymOf.get(form) ?? form;
    if (this.canonicalCache.size < 200_000) this.canonicalCache.set(word, result);
    return result;
  }

  /**
   * canonical() for a word a user typed: a word the analyzer does not know is first read as the word meant
   * ("bderag" -> budget). Only questions are corrected; the base's own texts are taken as written.
   */
  private typedCanonical(word: string): string {
    const result = this.canonical(word);
    if (result !== word || /\d/.test(word) || word.length < 4 || this.vocabulary.has(word) || this.stopwords.has(word)) return result;
    const corrected = this.correction(word);
    return corrected === word ? result : this.canonical(corrected);
  }

  /** spellingOf, remembered. */
  private correction(word: string): string {
    let corrected = this.correctionCache.get(word);
    if (corrected === undefined) {
      corrected = this.spellingOf(word);
      if (this.correctionCache.size < 50_000) this.correctionCache.set(word, corrected);
    }
    return corrected;
  }

  /** The text folded, with each word the analyzer does not know replaced by the word meant ("wanmeer" -> wanneer). */
  correctedText(text: string): string {
    return fold(text).replace(/[a-z]+/g, (w) => {
      if (w.length < 4 || this.stopwords.has(w) || this.vocabulary.has(w) || this.synonymOf.has(w) || this.forms.has(w)) return w;
      return this.correction(w);
    });
  }

  /**
   * The word meant by a word the analyzer does not know, allowing one typo (two in long words): a place or body
   * name ("wijgen"), a synonym ("bderag"), a question or function word ("wleke", "hbeben", "volegns"), or a word of
   * the knowledge base ("ontikkeling"). The first letter is taken as typed; the word itself when nothing is close.
   */
  private spellingOf(word: string): string {
    if (word.length < 4 || word.length > MAX_WORD_LENGTH) return word;
    // A correctly spelled Dutch word is meant as typed, even when a known word or name is one letter away
    // ("wijken" is no "Wijchen", "morgen" no "mogen"), and so is a word of a lexicon phrase ("dienstverlenings").
    if (this.phraseWords.has(word) || isDutchWord(word)) return word;
    const name = word.length >= 5 ? this.names.find((n) => n[0] === word[0] && editDistanceAtMost(word, n, n.length >= 7 ? 2 : 1)) : undefined;
    if (name) return name;
    // Two typos only in long words: in shorter ones a second letter makes another word ("regiodeal", "regionaal").
    const max = word.length >= 11 ? 2 : 1;
    const closest = (buckets: Map<string, string[]>, limit: number): string | undefined => {
      let best: string | undefined;
      let bestDistance = limit + 1;
      for (let length = word.length - limit; length <= word.length + limit; length++) {
        for (const candidate of buckets.get(`${word[0]}${length}`) ?? []) {
          const d = editDistanceWithin(word, candidate, bestDistance - 1);
          if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
            if (d === 1) return best;
          }
        }
      }
      return best;
    };
    if (word.length >= 5) {
      const synonym = closest(this.synonymBuckets, max);
      if (synonym) return synonym;
    }
    const stopword = closest(this.stopwordBuckets, 1);
    if (stopword) return stopword;
    return word.length >= 5 ? (closest(this.vocabularyBuckets, max) ?? word) : word;
  }

  /** Splits a compound into known words: "participatiecoaching" -> ["participatie", "coaching"]. */
  splitCompound(word: string): string[] | undefined {
    if (word.length > MAX_WORD_LENGTH) return undefined;
    let parts = this.splitCache.get(word);
    if (parts === undefined) {
      parts = this.split(word, 0) ?? null;
      if (this.splitCache.size < 200_000) this.splitCache.set(word, parts);
    }
    return parts ?? undefined;
  }

  /**
   * Splits a compound into known words; when the front part is unknown, still returns the known last part, since a
   * Dutch compound is a kind of its last part (a "leerwerkloket" is a "loket", "ziekteverzuim" is "verzuim").
   */
  private split(word: string, depth: number): string[] | undefined {
    const full = this.fullSplit(word, depth);
    if (full || depth > 0 || /\d/.test(word)) return full;
    for (let i = 3; i <= word.length - 4; i++) {
      const tail = word.slice(i);
      if (this.isKnownPart(tail)) return [tail];
    }
    return undefined;
  }

  private fullSplit(word: string, depth: number): string[] | undefined {
    if (word.length < 7 || depth > 2 || /\d/.test(word)) return undefined;
    for (let i = word.length - 3; i >= 3; i--) {
      const head = word.slice(0, i);
      const tail = word.slice(i);
      const tailParts = this.isKnownPart(tail) ? [tail] : depth < 2 ? this.fullSplit(tail, depth + 1) : undefined;
      if (!tailParts) continue;
      for (const candidate of [head, head.endsWith('s') ? head.slice(0, -1) : '', head.endsWith('en') ? head.slice(0, -2) : '', head.endsWith('e') ? head.slice(0, -1) : '']) {
        if (candidate.length >= 3 && this.isKnownPart(candidate)) return [candidate, ...tailParts];
      }
    }
    return undefined;
  }

  /** A part of a compound that the knowledge base knows, directly or as a synonym ("percentage" -> procent). */
  private isKnownPart(word: string): boolean {
    return word.length >= 3 && !this.isStopword(word) && (this.vocabulary.has(word) || this.vocabulary.has(this.synonymOf.get(this.forms.get(word) ?? word) ?? ''));
  }

  /** Index-time terms: stems of every content word plus the stems of its compound parts. */
  indexTerms(text: string): string[] {
    const remembered = this.memo?.terms.get(text);
    if (remembered) return [...remembered];
    const folded = fold(text);
    const out: string[] = [];
    for (const word of this.memo ? this.normalizedWords(text) : this.wordsOfFolded(folded, false)) {
      if (this.isStopword(word)) continue;
      let terms = this.wordTermsCache.get(word);
      if (!terms) {
        terms = [this.stem(word), ...(this.splitCompound(word) ?? []).map((part) => this.stem(this.canonical(part)))];
        if (this.wordTermsCache.size < 200_000) this.wordTermsCache.set(word, terms);
      }
      out.push(...terms);
    }
    out.push(...this.separableVerbs(folded));
    this.memo?.terms.set(text, [...out]);
    return out;
  }

  /**
   * Separable verbs split over a clause of the base's text ("stelde op 17 december twee wensen vast" is
   * vaststellen): the particle that ends a clause, joined with each word of that clause into a word of the
   * lexicon. The query side does the same for the particle that ends a question (analyzeQuery).
   */
  private separableVerbs(folded: string): string[] {
    const out: string[] = [];
    for (const clause of folded.split(/[.;:!?\n]+|,\s/)) {
      const clauseWords = clause.match(TOKEN) ?? [];
      const particle = clauseWords[clauseWords.length - 1];
      if (!particle || !SEPARABLE_PARTICLES.has(particle)) continue;
      for (const word of clauseWords.slice(0, -1)) {
        const joined = this.synonymOf.get(this.forms.get(particle + word) ?? particle + word);
        if (joined) out.push(this.stem(joined));
      }
    }
    return out;
  }

  /** Query-time analysis: content words, their compound parts, and adjacent words joined when the join is known. */
  analyzeQuery(text: string, typed = false): AnalyzedQuery {
    const all = this.normalizedWords(text, typed);
    const content = all.filter((w) => !this.isStopword(w));
    const terms = new Map<string, { term: string; weight: number; source: string }>();
    const add = (word: string, weight: number, source: string): void => {
      const term = this.stem(word);
      const seen = terms.get(term);
      if (!seen || seen.weight < weight) terms.set(term, { term, weight, source });
    };
    for (const word of content) {
      add(word, 1, word);
      const parts = this.splitCompound(word);
      if (parts && !this.vocabulary.has(word)) for (const part of parts) add(this.canonical(part), COMPOUND_PART_WEIGHT, word);
    }
    // Two or three words that form a known compound ("werk kamer", "porte feuille houder") are that one word: their
    // parts count as it, not as more words to match. "1 t/m 3" is no "13".
    for (const size of [2, 3]) {
      for (let i = 0; i + size <= content.length; i++) {
        const parts = content.slice(i, i + size);
        if (parts.some((w) => /\d/.test(w))) continue;
        const joined = this.canonical(parts.join(''));
        if (!this.vocabulary.has(joined) && !this.synonymOf.has(parts.join(''))) continue;
        add(joined, 1, joined);
        for (const t of terms.values()) if (parts.includes(t.source)) t.source = joined;
      }
    }
    // Separable verbs: "wanneer loopt de MGR af?" is "aflopen", "wie stelt de lokale keuzes vast?" "vaststellen".
    // The particle that ends the question joins any word before it into a known word; a particle elsewhere joins a
    // word before it into a word of the lexicon ("wie doen er mee aan de MGR"), or the word right after it into a
    // known word ("advies in leveren" is "inleveren").
    const separable = new Set<string>();
    all.forEach((particle, at) => {
      if (!SEPARABLE_PARTICLES.has(particle)) return;
      const final = at === all.length - 1;
      for (const word of all.slice(0, at)) {
        // A light verb that is a stop word ("houdt", "komt") joins only into a word of the lexicon ("houdt ... over"
        // is "overhoudt", a rest budget), never into any known word.
        if (ARTICLES.has(word)) continue;
        const light = this.isStopword(word);
        const joined = particle + word;
        const canonical = this.canonical(joined);
        if ((light && this.synonymOf.has(this.forms.get(joined) ?? joined)) || (!light && (canonical !== joined || (final && this.vocabulary.has(joined))))) {
          add(canonical, 1, word);
          separable.add(word);
        }
      }
      const next = all[at + 1];
      if (next !== undefined && !this.isStopword(next)) {
        const written = particle + next;
        const joined = this.canonical(written);
        if (joined !== written || this.vocabulary.has(written)) add(joined, 1, next);
      }
    });
    const importance = new Map<string, number>();
    const verb = this.finiteVerb(all);
    if (verb !== undefined && !this.isStopword(verb) && !separable.has(verb) && this.isLight(verb)) importance.set(verb, LIGHT_VERB_IMPORTANCE);
    // A participle or infinitive that closes the question and that the base does not know is mostly another way
    // of saying what the entry says ("liever omschrijven", "goed gekozen"); it counts, but less than a noun.
    // Only in a question with an auxiliary, where a participle or infinitive closes the clause ("heeft ... gekozen");
    // elsewhere such words are as likely nouns ("gezinnen", "kinderen").
    const lastContent = content[content.length - 1];
    const withAuxiliary = all.some((w) => AUXILIARIES.has(w));
    for (const word of withAuxiliary ? content : []) {
      if (importance.has(word) || separable.has(word) || !this.isLight(word) || this.vocabulary.has(word) || this.splitCompound(word)) continue;
      if (PARTICIPLE.test(word) || (word === lastContent && /[^e]en$/.test(word) && word.length >= 6)) importance.set(word, UNKNOWN_VERB_IMPORTANCE);
    }
    // A common adjective ("nieuwe", "huidige", "belangrijkste") narrows a noun but is seldom the topic itself.
    for (const word of content) if (!importance.has(word) && ATTRIBUTIVE.has(word)) importance.set(word, ATTRIBUTIVE_IMPORTANCE);
    // "In het Nijmeegse stuk", "uit die tekst": a document word after in/uit/volgens says where the member read it.
    all.forEach((word, at) => {
      if (importance.has(word) || !WHERE_SEEN_WORDS.has(word)) return;
      if (all.slice(Math.max(0, at - 3), at).some((w) => WHERE_PREPOSITIONS.has(w))) importance.set(word, ATTRIBUTIVE_IMPORTANCE);
    });
    // A correctly spelled Dutch word that the base never uses is mostly another way of saying what an entry says
    // ("intensiveren", "vasthouden"): it counts, but less than the words the base knows.
    if (typed) {
      for (const word of content) {
        if (importance.has(word) || this.vocabulary.has(word) || this.synonymOf.has(word) || /\d/.test(word) || word.length < 4) continue;
        if (!this.splitCompound(word) && isDutchWord(word)) importance.set(word, UNUSED_WORD_IMPORTANCE);
      }
    }
    const required = new Set([...terms.values()].filter((t) => t.weight === 1 && this.actionStems.has(t.term)).map((t) => t.source));
    return { terms: [...terms.values()], content, importance, required };
  }

  /**
   * The finite verb of a question: in a yes/no question its first word, otherwise the word after the question
   * phrase ("wanneer", "tot welke leeftijd", "sinds wanneer"). Dutch puts it second; in a question it is mostly a
   * light verb ("tellen", "ligt", "voert") that says little about the topic, unlike a participle at the end.
   */
  private finiteVerb(all: string[]): string | undefined {
    const start = all.slice(0, 4).findIndex((w) => QUESTION_WORDS.has(w));
    if (start < 0) return undefined;
    let at = start + 1;
    if (NOUN_QUESTION_WORDS.has(all[start]!)) {
      // "welke nieuwe afspraken maakt ...": an inflected adjective before the noun.
      if (ATTRIBUTIVE.has(all[at] ?? '') && at + 2 < all.length) at++;
      at++;
    }
    while (at < all.length && QUESTION_WORDS.has(all[at]!)) at++;
    return all[at];
  }

  /**
   * A finite verb the lexicon does not name as meaningful: verbs of the process ("besloot", "adviseerde",
   * "ondertekent") belong to a synonym group and keep their weight; names and numbers are no verbs.
   */
  private isLight(word: string): boolean {
    return !/\d/.test(word) && this.canonical(word) === word && !this.synonymOf.has(word) && !this.names.includes(word);
  }
}
