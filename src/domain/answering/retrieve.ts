import MiniSearch from 'minisearch';
import type { KnowledgeEntry, Lexicon } from '../knowledge/schema.js';
import { topSearch, type TopSearchOptions } from './bm25.js';
import { editDistanceAtMost } from './edit-distance.js';
import { Analyzer, type AnalyzedQuery } from './normalize.js';
import { WEIGHTS } from './weights.js';

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
  /** Whether the question asks about an action (lexicon `actions`) that this entry does not name. */
  missesAction: boolean;
  /** Whether a missing word counts in full: not one that only says where the member read it or qualifies a noun. */
  missesMainWord: boolean;
  /** The largest share of the question's weight that one missing word has (0 when nothing is missing). */
  missingShare: number;
  /** How many missing words some other entry does contain (the question is about something the base has elsewhere). */
  missingKnown: number;
}

interface IndexedDoc {
  id: string;
  questions: string;
  title: string;
  topics: string;
  meta: string;
  answer: string;
  /** The words of the documents the entry cites (its sources' quotes). */
  source: string;
}

/** What the retriever keeps per entry besides the search index. */
interface EntryTerms {
  entry: KnowledgeEntry;
  /** Terms of what the entry is about: questions, title, topics, body. */
  key: Set<string>;
  /** Terms of the answer text. */
  answer: Set<string>;
  /** The entry's phrasings (title and questions), analysed like a question: typed word -> its terms. */
  phrasings: Array<Map<string, string[]>>;
  /** The weight of each word group of each phrasing (cachedGroupWeight), while the index is at `version`. */
  phrasingWeights?: { version: number; weights: number[][] };
}

const {
  answerOnlyCredit: ANSWER_ONLY_CREDIT,
  fuzzyCredit: FUZZY_CREDIT,
  commonTermMinDf: COMMON_TERM_MIN_DF,
  commonTermShare: COMMON_TERM_SHARE,
  maxSearchTerms: MAX_SEARCH_TERMS,
  maxUnknownSearchTerms: MAX_UNKNOWN_SEARCH_TERMS,
  boost: BOOST,
} = WEIGHTS.retrieval;
const FIELDS = ['questions', 'title', 'topics', 'meta', 'answer', 'source'] as const;

/**
 * What building the index asks of the analyzer for the base's entries, in their order: the vocabulary it learned,
 * and per entry its key and answer terms, its phrasings and the terms of each MiniSearch field. It depends only on
 * the entries, the lexicon and the code and data of answering; index-cache.ts keeps it between starts, so that a
 * start with the same knowledge feeds MiniSearch the same terms in the same order without analysing the texts again.
 */
export interface IndexAnalysis {
  vocabulary: string[];
  entries: Array<{ id: string; key: string[]; answer: string[]; phrasings: Array<Array<[string, string[]]>>; fields: string[][] }>;
}

/** An analysis given to the constructor (from the cache), or where to hand the one it made (to keep it). */
export interface AnalysisCache {
  analysis?: IndexAnalysis;
  save?: (analysis: IndexAnalysis) => void;
}

/**
 * Stage 3 of answering, retrieve: BM25 retrieval (MiniSearch) over the entries with the Dutch analyzer, plus two measures the answering
 * layer uses for its confidence: coverage of the question's informative words (weighted by inverse document
 * frequency) and similarity to the entry's closest phrasing.
 */
export class Retriever {
  readonly analyzer: Analyzer;
  private readonly index: MiniSearch<IndexedDoc>;
  private readonly entries = new Map<string, EntryTerms>();
  /** Document frequency of each index term. */
  private readonly df = new Map<string, number>();
  /** Counts the changes of the entries (and so of df and every idf). */
  private version = 0;

  /** The terms of the field texts being added, when they come from an IndexAnalysis. */
  private given: Map<string, string[]> | undefined;

  constructor(entries: KnowledgeEntry[], lexicon: Lexicon, cache: AnalysisCache = {}) {
    this.analyzer = new Analyzer(lexicon);
    this.index = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS],
      storeFields: [],
      tokenize: (text) => this.given?.get(text) ?? this.analyzer.indexTerms(text),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => text.split(' ').filter(Boolean) },
    });
    const given = cache.analysis;
    if (given && given.entries.length === entries.length && given.entries.every((e, i) => e.id === entries[i]!.id)) {
      this.analyzer.restoreVocabulary(given.vocabulary);
      this.add(entries, given.entries);
      return;
    }
    // Each text of an entry is analysed several times while indexing; `remembering` analyses it once.
    this.analyzer.remembering(() => {
      this.analyzer.learn(entries.flatMap((e) => [e.title, e.answer, ...e.questions, ...e.topics]));
      const made = this.add(entries);
      cache.save?.({ vocabulary: this.analyzer.vocabularyWords(), entries: made });
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds or replaces entries in the live index (deadlines and curated entries added in Teams use this). */
  upsert(entries: KnowledgeEntry[]): void {
    for (const entry of entries) if (this.entries.has(entry.id)) this.remove(entry.id);
    this.analyzer.remembering(() => {
      this.analyzer.addVocabulary(entries.flatMap((e) => [e.title, e.answer, ...e.questions, ...e.topics]));
      this.add(entries);
    });
  }

  remove(id: string): void {
    const terms = this.entries.get(id);
    if (!terms) return;
    for (const term of new Set([...terms.key, ...terms.answer])) {
      const df = (this.df.get(term) ?? 1) - 1;
      if (df <= 0) this.df.delete(term);
      else this.df.set(term, df);
    }
    this.entries.delete(id);
    this.version++;
    this.index.discard(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** Adds new entries to the live index, analysed here unless `given` (their IndexAnalysis, in the same order). */
  add(entries: KnowledgeEntry[], given?: IndexAnalysis['entries']): IndexAnalysis['entries'] {
    const analyses: IndexAnalysis['entries'] = [];
    this.version++;
    const fieldTerms = new Map<string, string[]>();
    const docs = entries.map((entry, i) => {
      const doc: IndexedDoc = {
        id: entry.id,
        questions: entry.questions.join('\n'),
        title: entry.title,
        topics: entry.topics.join(' '),
        meta: [entry.municipality ?? '', entry.body ?? '', entry.event?.subject ?? '', entry.event?.body ?? ''].join(' '),
        answer: entry.answer,
        source: entry.sources.flatMap((source) => (source.quote ? [source.quote] : [])).join('\n'),
      };
      const a = given?.[i] ?? {
        id: entry.id,
        key: [...new Set(this.analyzer.indexTerms(`${doc.questions}\n${doc.title}\n${doc.topics}\n${doc.meta}`))],
        answer: [...new Set(this.analyzer.indexTerms(doc.answer))],
        phrasings: [entry.title, ...entry.questions].map((p) => [...groupBySource(this.analyzer.analyzeQuery(p).terms)]),
        fields: FIELDS.map((field) => this.analyzer.indexTerms(doc[field])),
      };
      // MiniSearch's tokenize looks the field texts up here: the same text has the same terms.
      FIELDS.forEach((field, f) => fieldTerms.set(doc[field], a.fields[f]!));
      if (!given) analyses.push(a);
      const key = new Set(a.key);
      const answer = new Set(a.answer);
      for (const term of new Set([...key, ...answer])) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      this.entries.set(entry.id, { entry, key, answer, phrasings: a.phrasings.map((p) => new Map(p)) });
      return doc;
    });
    this.given = fieldTerms;
    try {
      this.index.addAll(docs);
    } finally {
      this.given = undefined;
    }
    return analyses;
  }

  /** Inverse document frequency; a term no entry contains counts as the rarest. */
  private idf(term: string): number {
    const n = Math.max(this.entries.size, 1);
    return Math.log(1 + n / ((this.df.get(term) ?? 0.5) + 0.5));
  }

  private isCommon(term: string): boolean {
    const df = this.df.get(term) ?? 0;
    return df > COMMON_TERM_MIN_DF && df > COMMON_TERM_SHARE * this.entries.size;
  }

  /** Whether any entry contains this index term. */
  knows(term: string): boolean {
    return this.df.has(term);
  }

  search(question: string, limit = 8): Hit[] {
    return this.searchAnalyzed(question, limit).hits;
  }

  /** search(), with the analysed question. */
  searchAnalyzed(question: string, limit = 8): { hits: Hit[]; query: AnalyzedQuery } {
    const query = this.analyzer.analyzeQuery(question, true);
    return { hits: query.terms.length === 0 ? [] : this.hitsFor(query, limit), query };
  }

  private hitsFor(query: AnalyzedQuery, limit: number): Hit[] {
    const weights = new Map(query.terms.map((t) => [t.term, t.weight]));
    // Candidates come from the most informative words; coverage and similarity below use every word. Common
    // words add almost nothing to BM25 but cost the most to score, so they are searched only when nothing else is left.
    // Words the base does not know (typos, other wordings) are searched besides the rarest known words, not
    // instead of them: they find something only through typo tolerance, if at all.
    const rare = query.terms.filter((t) => !this.isCommon(t.term));
    const known = (rare.length > 0 ? rare : query.terms)
      .filter((t) => this.df.has(t.term))
      .sort((a, b) => this.df.get(a.term)! - this.df.get(b.term)!)
      .slice(0, rare.length > 0 ? MAX_SEARCH_TERMS : 2);
    const unknown = query.terms.filter((t) => !this.df.has(t.term)).slice(0, MAX_UNKNOWN_SEARCH_TERMS);
    const searchTerms = [...known, ...unknown].map((t) => t.term);
    const options: TopSearchOptions = {
      // A question of only common words is matched on what entries are about, not on every answer text.
      ...(rare.length === 0 ? { fields: ['questions', 'title', 'topics'] } : {}),
      boost: BOOST,
      boostTerm: (term) => weights.get(term) ?? 1,
      // Typo tolerance and prefixes only for words the knowledge base does not contain as such: a known
      // word is taken as meant, which keeps search fast and precise on large knowledge bases.
      fuzzy: (term) => (term.length >= 5 && !this.df.has(term) && !/\d/.test(term) ? WEIGHTS.retrieval.fuzzy : false),
      prefix: (term) => term.length >= 5 && !this.df.has(term) && !/\d/.test(term),
      weights: { fuzzy: WEIGHTS.retrieval.fuzzyWeight, prefix: WEIGHTS.retrieval.prefixWeight },
      maxFuzzy: WEIGHTS.retrieval.maxFuzzy,
    };
    // MiniSearch's best `limit` results, without its result objects for every match (bm25.ts); MiniSearch itself
    // when that cannot give the same.
    const text = searchTerms.join(' ');
    const results = topSearch(this.index, text, options, limit) ?? this.index.search(text, options).slice(0, limit);

    // Per typed word, its own stem and its compound parts (or the joined compound it forms with its neighbour).
    const groups = groupBySource(query.terms);
    const weightOf = new Map([...groups].map(([source, terms]) => [source, this.groupWeight(terms) * (query.importance.get(source) ?? 1)]));
    const total = [...weightOf.values()].reduce((a, b) => a + b, 0);

    const idfMemo = new Map<string, number>();
    const similarity = this.similarityTo(groups, idfMemo);
    // Per word group, what does not depend on the entry: each term's idf times its weight, and whether the base knows it.
    const groupList = [...groups].map(([source, list]) => ({
      source,
      list,
      weighted: list.map((term) => this.idf(term) * (weights.get(term) ?? 1)),
      weight: weightOf.get(source)!,
      known: list.some((term) => this.df.has(term)),
    }));
    return results.map((result) => {
      const terms = this.entries.get(result.id as string)!;
      let covered = 0;
      const missing: string[] = [];
      let missingShare = 0;
      let missingKnown = 0;
      for (const { source, list, weighted, weight, known } of groupList) {
        const credit = Math.max(...list.map((term, i) => weighted[i]! * this.matchFactor(term, terms)));
        if (credit === 0) {
          missing.push(source);
          if (total > 0) missingShare = Math.max(missingShare, weight / total);
          if (known) missingKnown++;
        }
        covered += Math.min(credit, weight);
      }
      return {
        entry: terms.entry,
        score: result.score,
        coverage: total > 0 ? covered / total : 0,
        similarity: similarity(terms),
        missing,
        missesAction: missing.some((source) => query.required.has(source)),
        missesMainWord: missing.some((source) => (query.importance.get(source) ?? 1) >= 1),
        missingShare,
        missingKnown,
      };
    });
  }

  /**
   * bestSimilarity of the question's word groups to an entry's phrasings, with what is the same for every phrasing
   * worked out once: the question's group weights, each entry's phrasing group weights (kept until the index
   * changes), and for each phrasing term which of the question's groups it meets (close() either way round, as
   * meetsAny calls it). The same sums in the same order as dice, so the same numbers.
   */
  private similarityTo(groups: Map<string, string[]>, memo: Map<string, number>): (terms: EntryTerms) => number {
    const question = [...groups.values()];
    if (question.length > 30) return (terms) => this.bestSimilarity(groups, terms.phrasings, memo);
    const questionWeights = question.map((terms) => this.cachedGroupWeight(terms, memo));
    // Per phrasing term: bit g when some term t of the question's group g has close(t, term) (the question's side
    // of dice), and when close(term, t) (the phrasing's side).
    const meets = new Map<string, { ofQuestion: number; ofPhrasing: number }>();
    const meetsOf = (term: string): { ofQuestion: number; ofPhrasing: number } => {
      let m = meets.get(term);
      if (m === undefined) {
        let ofQuestion = 0;
        let ofPhrasing = 0;
        for (let g = 0; g < question.length; g++) {
          for (const t of question[g]!) {
            if (close(t, term)) ofQuestion |= 1 << g;
            if (close(term, t)) ofPhrasing |= 1 << g;
          }
        }
        m = { ofQuestion, ofPhrasing };
        meets.set(term, m);
      }
      return m;
    };
    const phrasingMet: boolean[] = [];
    return (terms) => {
      const phrasingWeights = this.phrasingWeightsOf(terms, memo);
      let best = 0;
      terms.phrasings.forEach((phrasing, p) => {
        const weights = phrasingWeights[p]!;
        let matched = 0;
        let all = 0;
        let questionMet = 0;
        let i = 0;
        for (const list of phrasing.values()) {
          let met = 0;
          for (const term of list) {
            const m = meetsOf(term);
            questionMet |= m.ofQuestion;
            met |= m.ofPhrasing;
          }
          phrasingMet[i++] = met !== 0;
        }
        for (let g = 0; g < question.length; g++) {
          const w = questionWeights[g]!;
          all += w;
          if ((questionMet & (1 << g)) !== 0) matched += w;
        }
        for (let j = 0; j < weights.length; j++) {
          const w = weights[j]!;
          all += w;
          if (phrasingMet[j]) matched += w;
        }
        const d = all > 0 ? matched / all : 0;
        if (d > best) best = d;
      });
      return best;
    };
  }

  /** The weight of each word group of each of the entry's phrasings, as dice weighs them. */
  private phrasingWeightsOf(terms: EntryTerms, memo: Map<string, number>): number[][] {
    if (terms.phrasingWeights?.version !== this.version) {
      terms.phrasingWeights = { version: this.version, weights: terms.phrasings.map((p) => [...p.values()].map((list) => this.cachedGroupWeight(list, memo))) };
    }
    return terms.phrasingWeights.weights;
  }

  private bestSimilarity(groups: Map<string, string[]>, phrasings: Array<Map<string, string[]>>, memo: Map<string, number>): number {
    let best = 0;
    for (const p of phrasings) {
      const d = this.dice(groups, p, memo);
      if (d > best) best = d;
    }
    return best;
  }

  /**
   * How well one query term is matched by an entry: 1 in what the entry is about, less when only its answer
   * text has it, less again when only a typo-tolerant or prefix match finds it; 0 when absent.
   */
  private matchFactor(term: string, terms: EntryTerms): number {
    if (terms.key.has(term)) return 1;
    if (terms.answer.has(term)) return ANSWER_ONLY_CREDIT;
    if (this.df.has(term) || term.length < 5 || /\d/.test(term)) return 0;
    if (closeToAny(term, terms.key)) return FUZZY_CREDIT;
    if (closeToAny(term, terms.answer)) return FUZZY_CREDIT * ANSWER_ONLY_CREDIT;
    return 0;
  }

  /**
   * Weight of a word group: its most informative term. A compound the base does not know but whose parts it
   * does ("collegebrief" = college + brief) weighs as its parts, not as an unknown word.
   */
  private groupWeight(terms: string[]): number {
    const known = terms.filter((t) => this.df.has(t));
    return Math.max(...(known.length > 0 ? known : terms).map((t) => this.idf(t)));
  }

  /**
   * Weighted Dice overlap of two analysed texts, each a map of typed word -> its terms. Written with plain loops:
   * it runs for every phrasing of the ten best candidates, on every question.
   */
  private dice(a: Map<string, string[]>, b: Map<string, string[]>, weights: Map<string, number>): number {
    let matched = 0;
    let all = 0;
    for (const terms of a.values()) {
      const w = this.cachedGroupWeight(terms, weights);
      all += w;
      if (meetsAny(terms, b)) matched += w;
    }
    for (const terms of b.values()) {
      const w = this.cachedGroupWeight(terms, weights);
      all += w;
      if (meetsAny(terms, a)) matched += w;
    }
    return all > 0 ? matched / all : 0;
  }

  /** groupWeight with the idf of each term memoised for one question. */
  private cachedGroupWeight(terms: string[], memo: Map<string, number>): number {
    let best = 0;
    let bestKnown = 0;
    for (const t of terms) {
      let idf = memo.get(t);
      if (idf === undefined) {
        idf = this.idf(t);
        memo.set(t, idf);
      }
      if (idf > best) best = idf;
      if (this.df.has(t) && idf > bestKnown) bestKnown = idf;
    }
    return bestKnown > 0 ? bestKnown : best;
  }

}

/** Two terms that are the same word, allowing one typo or a prefix for longer words. */
function close(x: string, y: string): boolean {
  if (x === y) return true;
  // Typos seldom hit the first letter; checking it first skips nearly all edit-distance work.
  if (x.length < 5 || y.length < 5 || x[0] !== y[0]) return false;
  return x.startsWith(y) || y.startsWith(x) || editDistanceAtMost(x, y, 1);
}

/** Whether any of these terms equals or nearly equals a term of any group in `other`. */
function meetsAny(terms: string[], other: Map<string, string[]>): boolean {
  for (const group of other.values()) {
    for (const o of group) {
      for (const t of terms) if (close(t, o)) return true;
    }
  }
  return false;
}

function closeToAny(term: string, candidates: Set<string>): boolean {
  for (const candidate of candidates) {
    if (candidate[0] !== term[0]) continue;
    if (candidate.startsWith(term) || editDistanceAtMost(term, candidate, term.length >= 8 ? 2 : 1)) return true;
  }
  return false;
}

function groupBySource(terms: Array<{ term: string; source: string }>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of terms) groups.set(t.source, [...(groups.get(t.source) ?? []), t.term]);
  return groups;
}
