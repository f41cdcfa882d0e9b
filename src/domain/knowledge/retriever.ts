import MiniSearch from 'minisearch';
import type { KnowledgeEntry, Lexicon } from './schema.js';
import { editDistanceAtMost } from './edit-distance.js';
import { Analyzer } from './text.js';

/** A ranked entry with how much of the question it covers. */
export interface Hit {
  entry: KnowledgeEntry;
  score: number;
  /** Share (0..1) of the question's informative weight that this entry matches. */
  coverage: number;
  /** Weighted overlap (0..1, Dice) between the question and the entry's closest stored phrasing. */
  similarity: number;
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

/** Share of credit for a question word found only in the answer text, not in what the entry is about. */
const ANSWER_ONLY_CREDIT = 0.6;

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
  /** Each entry's phrasings (questions and title), analysed like a question. */
  private readonly phrasings = new Map<string, Array<Map<string, string[]>>>();

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
      this.phrasings.set(
        entry.id,
        [entry.title, ...entry.questions].map((p) => groupBySource(this.analyzer.analyzeQuery(p).terms)),
      );
      return doc;
    });
    this.index.addAll(docs);
  }

  /** Inverse document frequency; a term no entry contains counts as the rarest. */
  private idf(term: string): number {
    const n = Math.max(this.entries.size, 1);
    return Math.log(1 + n / ((this.df.get(term) ?? 0.5) + 0.5));
  }

  /** Weight of a word group: its most informative term. */
  private groupWeight(terms: string[]): number {
    return Math.max(...terms.map((t) => this.idf(t)));
  }

  /** Weighted Dice overlap of two analysed texts, each a map of typed word -> its terms. */
  private dice(a: Map<string, string[]>, b: Map<string, string[]>): number {
    let matched = 0;
    let all = 0;
    const bTerms = [...b.values()];
    const aTerms = [...a.values()];
    const close = (x: string, y: string): boolean =>
      x === y || (x.length >= 5 && y.length >= 5 && (editDistanceAtMost(x, y, 1) || x.startsWith(y) || y.startsWith(x)));
    for (const terms of aTerms) {
      const w = this.groupWeight(terms);
      all += w;
      if (bTerms.some((other) => terms.some((t) => other.some((o) => close(t, o))))) matched += w;
    }
    for (const terms of bTerms) {
      const w = this.groupWeight(terms);
      all += w;
      if (aTerms.some((other) => terms.some((t) => other.some((o) => close(t, o))))) matched += w;
    }
    return all > 0 ? matched / all : 0;
  }

  /** Whether a query term matched one of these index terms by typo tolerance or prefix. */
  private matchesFuzzily(term: string, indexTerms: Set<string>): boolean {
    for (const candidate of indexTerms) {
      if (candidate.startsWith(term) || editDistanceAtMost(term, candidate, 2)) return true;
    }
    return false;
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
    const queryGroups = new Map([...bySource].map(([source, list]) => [source, list.map((t) => t.term)]));
    const total = [...bySource.values()].reduce(
      (sum, list) => sum + Math.max(...list.map((t) => this.idf(t.term))),
      0,
    );

    return results.slice(0, limit).map((result) => {
      // Where each query term matched: in what the entry is about (questions, title, topics, body) it counts
      // fully; only somewhere in the answer text it counts for less, since long answers mention many things.
      const keyFieldTerms = new Set<string>();
      const answerOnlyTerms = new Set<string>();
      for (const [term, fields] of Object.entries(result.match)) {
        if (fields.some((f) => f !== 'answer')) keyFieldTerms.add(term);
        else answerOnlyTerms.add(term);
      }
      const matched = new Set(result.queryTerms);
      let covered = 0;
      const missing: string[] = [];
      for (const [source, list] of bySource) {
        const credit = Math.max(
          ...list.map((t) => {
            if (!matched.has(t.term)) return 0;
            const exact = keyFieldTerms.has(t.term) || answerOnlyTerms.has(t.term);
            const inKey = exact ? keyFieldTerms.has(t.term) : this.matchesFuzzily(t.term, keyFieldTerms);
            const factor = (exact ? 1 : 0.75) * (inKey ? 1 : ANSWER_ONLY_CREDIT);
            return this.idf(t.term) * t.weight * factor;
          }),
        );
        if (credit === 0) missing.push(source);
        covered += Math.min(credit, Math.max(...list.map((t) => this.idf(t.term))));
      }
      const phrasings = this.phrasings.get(result.id as string) ?? [];
      return {
        entry: this.entries.get(result.id as string)!,
        score: result.score,
        coverage: total > 0 ? covered / total : 0,
        similarity: Math.max(0, ...phrasings.map((p) => this.dice(queryGroups, p))),
        missing,
      };
    });
  }
}


function groupBySource(terms: Array<{ term: string; source: string }>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of terms) groups.set(t.source, [...(groups.get(t.source) ?? []), t.term]);
  return groups;
}
