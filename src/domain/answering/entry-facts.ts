import type { KnowledgeEntry } from '../knowledge/schema.js';
import { MUNICIPALITY_ALIASES, PATTERNS } from './language.js';
import type { Analyzer } from './normalize.js';
import { fold } from './normalize.js';
import { municipalitiesIn } from './understand.js';

/** An entry's texts prepared once: everything it says folded, its answer folded, the normalized words of its answer and title. */
export interface EntryTexts {
  full: string;
  answer: string;
  answerWords: string[];
  titleWords: string[];
  /** The answer's sentences and lines, each with the municipalities it names and its words (periods left out). */
  parts: Array<{ named: Set<string>; words: string[] }>;
  /** Whether the answer only says something was asked for or is not known (intents asked_not_given). */
  askedNotGiven: boolean;
}

/** What the score and gate stages need to know of an entry, computed once per entry and kept until it changes. */
export class EntryFacts {
  private readonly textCache = new Map<string, EntryTexts>();
  private readonly aboutCache = new Map<string, string>();
  /** The stems of word lists of EntryTexts, kept as long as those texts are. */
  private readonly stemCache = new WeakMap<string[], string[]>();

  constructor(private readonly analyzer: Analyzer) {}

  forget(id: string): void {
    this.textCache.delete(id);
    this.aboutCache.delete(id);
  }

  texts(entry: KnowledgeEntry): EntryTexts {
    let texts = this.textCache.get(entry.id);
    if (!texts) {
      texts = {
        full: fold(`${entry.title} ${entry.answer} ${entry.questions.join(' ')} ${entry.topics.join(' ')} ${entry.event?.date ?? ''}`),
        answer: fold(entry.answer),
        answerWords: this.analyzer.normalizedWords(entry.answer.replace(PATTERNS.period_name, ' ')),
        titleWords: this.analyzer.normalizedWords(entry.title),
        parts: entry.answer.split(/\n|(?<=[.!?])\s+/).map((part) => ({
          named: municipalitiesIn(this.analyzer.normalizedWords(part)),
          words: this.analyzer.normalizedWords(part.replace(PATTERNS.period_name, ' ')),
        })),
        askedNotGiven: PATTERNS.asked_not_given.test(fold(entry.answer)),
      };
      this.textCache.set(entry.id, texts);
    }
    return texts;
  }

  /** What an entry is about: title, topics, questions and body (not every name its answer mentions). */
  aboutText(entry: KnowledgeEntry): string {
    let text = this.aboutCache.get(entry.id);
    if (text === undefined) {
      text = ` ${this.analyzer.normalizedWords([entry.title, ...entry.topics, ...entry.questions, entry.body ?? '', entry.event?.body ?? ''].join(' ')).join(' ')} `;
      this.aboutCache.set(entry.id, text);
    }
    return text;
  }

  /** Whether an entry concerns every municipality the question names. */
  isAbout(entry: KnowledgeEntry, named: Set<string>): boolean {
    const own = entry.municipality;
    if (own && own !== 'Regio') {
      if (named.size === 1 && named.has(own)) return true;
      // An entry from one municipality's document about another's ("Toelichting op de nota in Wijchen", from
      // Druten's advice) says so in its title.
      const title = ` ${this.texts(entry).titleWords.join(' ')} `;
      return [...named].every((m) => MUNICIPALITY_ALIASES.get(m)!.some((alias) => title.includes(` ${alias} `)));
    }
    const about = this.aboutText(entry);
    return [...named].every((m) => MUNICIPALITY_ALIASES.get(m)!.some((alias) => about.includes(` ${alias} `)));
  }

  /** The analyzer's stem of each word of a word list of an entry's texts (answerWords, a part's words). */
  stemsOf(words: string[]): string[] {
    let stems = this.stemCache.get(words);
    if (!stems) {
      stems = words.map((w) => this.analyzer.stem(w));
      this.stemCache.set(words, stems);
    }
    return stems;
  }

  /** Whether an entry's title names a term ("Wie is de BAR?" names "bar"). */
  titleNames(entry: KnowledgeEntry, term: string): boolean {
    const title = this.texts(entry).titleWords;
    return this.analyzer.normalizedWords(term).every((word) => title.includes(word));
  }
}
