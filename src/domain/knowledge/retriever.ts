import MiniSearch from 'minisearch';
import type { KnowledgeEntry, Lexicon } from './schema.js';
import { Analyzer } from './text.js';

/** A ranked entry with how much of the question it covers. */
export interface Hit {
  entry: KnowledgeEntry;
  score: number;
  /** Share (0..1) of the question's informative weight that this entry matches. */
  coverage: number;
  /** Content words of the question this entry does not match at all. */
  missing: string[];
}

interface IndexedDoc {
  id: string;
  questions: string;
  title: string;
  topics: string;
  meta: string;
  answer: string;
}

const FIELDS = ['questions', 'title', 'topics', 'meta', 'answer'] as const;
const BOOST: Record<(typeof FIELDS)[number], number> = { questions: 2, title: 2, topics: 1.5, meta: 1.5, answer: 1 };

/**
 * BM25 retrieval (MiniSearch) over the entries with the Dutch analyzer, plus a coverage measure weighted by
 * inverse document frequency, which the answering layer uses as its confidence.
 */
export class Retriever {
  readonly analyzer: Analyzer;
  private readonly index: MiniSearch<IndexedDoc>;
  private readonly entries = new Map<string, KnowledgeEntry>();
  /** Document frequency of each index term. */
  private readonly df = new Map<string, number>();

  constructor(entries: KnowledgeEntry[], lexicon: Lexicon) {
    this.analyzer = new Analyzer(lexicon);
    this.analyzer.learn(entries.flatMap((e) => [e.title, e.answer, ...e.questions, ...e.topics]));
    this.index = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS],
      storeFields: [],
      tokenize: (text) => this.analyzer.indexTerms(text),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => text.split(' ').filter(Boolean) },
    });
    this.add(entries);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds entries to the live index (curated entries added in Teams use this too). */
  add(entries: KnowledgeEntry[]): void {
    const docs = entries.map((entry) => {
      this.entries.set(entry.id, entry);
      const doc: IndexedDoc = {
        id: entry.id,
        questions: entry.questions.join('\n'),
        title: entry.title,
        topics: entry.topics.join(' '),
        meta: [entry.municipality ?? '', entry.body ?? '', entry.event?.subject ?? '', entry.event?.body ?? ''].join(' '),
        answer: entry.answer,
      };
      for (const term of new Set(FIELDS.flatMap((f) => this.analyzer.indexTerms(doc[f])))) {
        this.df.set(term, (this.df.get(term) ?? 0) + 1);
      }
      return doc;
    });
    this.index.addAll(docs);
  }

  /** Inverse document frequency; a term no entry contains counts as the rarest. */
  private idf(term: string): number {
    const n = Math.max(this.entries.size, 1);
    return Math.log(1 + n / ((this.df.get(term) ?? 0.5) + 0.5));
  }

  search(question: string, limit = 8): Hit[] {
    const query = this.analyzer.analyzeQuery(question);
    if (query.terms.length === 0) return [];
    const weights = new Map(query.terms.map((t) => [t.term, t.weight]));
    const results = this.index.search(query.terms.map((t) => t.term).join(' '), {
      boost: BOOST,
      boostTerm: (term) => weights.get(term) ?? 1,
      fuzzy: (term) => (term.length >= 5 && !/\d/.test(term) ? 0.25 : false),
      prefix: (term) => term.length >= 5 && !/\d/.test(term),
      weights: { fuzzy: 0.5, prefix: 0.6 },
      maxFuzzy: 2,
    });

    // Informative weight of the question: per typed word, the best of its own stem and its compound parts.
    const bySource = new Map<string, Array<{ term: string; weight: number }>>();
    for (const t of query.terms) {
      const list = bySource.get(t.source) ?? [];
      list.push(t);
      bySource.set(t.source, list);
    }
    const total = [...bySource.values()].reduce(
      (sum, list) => sum + Math.max(...list.map((t) => this.idf(t.term))),
      0,
    );

    return results.slice(0, limit).map((result) => {
      const exact = new Set(result.terms);
      const matched = new Set(result.queryTerms);
      let covered = 0;
      const missing: string[] = [];
      for (const [source, list] of bySource) {
        const credit = Math.max(
          ...list.map((t) => {
            if (!matched.has(t.term)) return 0;
            const factor = exact.has(t.term) ? 1 : 0.75;
            return this.idf(t.term) * t.weight * factor;
          }),
        );
        if (credit === 0) missing.push(source);
        covered += Math.min(credit, Math.max(...list.map((t) => this.idf(t.term))));
      }
      return {
        entry: this.entries.get(result.id as string)!,
        score: result.score,
        coverage: total > 0 ? covered / total : 0,
        missing,
      };
    });
  }
}
