/**
 * The best `limit` results of MiniSearch's `search` (minisearch 7.2), the same ids with the same scores in the same
 * order, computed without building a result object for every matching document and sorting them all. On a large
 * base a question's rarest words still match thousands of entries, and MiniSearch allocates a result with its matched
 * terms and fields for each and sorts them all, where answering keeps ten: that was most of the time of a slow question.
 *
 * It reads MiniSearch's own index (its posting lists, field lengths and document count) and does the same floating
 * point operations in the same order: per query term the contributions of each field and of each prefix and fuzzy
 * variant are summed into that term's score, the terms' scores are summed in query order, the sum is multiplied by
 * the number of query terms matched, and the ranking is MiniSearch's stable sort by score (ties keep the order in
 * which the documents were first matched). While the index is unchanged, each term's postings are kept with their
 * BM25 scores. With discarded documents not yet vacuumed it reads the postings as MiniSearch does and removes the
 * same ones in the same order (MiniSearch cleans them up as it meets them, and scores the documents after them with
 * the lowered counts). When MiniSearch's internals are not what this mirrors it returns undefined and the caller asks
 * MiniSearch itself. test/domain/answering/bm25.test.ts holds it to `search`, results and index alike.
 */
export interface TopSearchOptions {
  fields?: string[];
  boost?: Record<string, number>;
  boostTerm?: (term: string, i: number, terms: string[]) => number;
  fuzzy?: (term: string, i: number, terms: string[]) => number | boolean;
  prefix?: (term: string, i: number, terms: string[]) => boolean;
  weights?: { fuzzy: number; prefix: number };
  maxFuzzy?: number;
}

export interface TopResult {
  id: string;
  score: number;
}

/** Per field id, per short document id, the term frequency (MiniSearch's posting lists of one term). */
type FieldTermData = Map<number, Map<number, number>>;

/** The parts of MiniSearch 7 this reads (private there). */
interface Internals {
  _index: {
    get(term: string): FieldTermData | undefined;
    atPrefix(prefix: string): Iterable<[string, FieldTermData]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [FieldTermData, number]>;
  };
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _fieldLength: Map<number, number[]>;
  _documentIds: Map<number, unknown>;
  _documentCount: number;
  _nextId: number;
  _dirtCount: number;
  _currentVacuum: unknown;
  removeTerm(fieldId: number, documentId: number, term: string): void;
  _options: {
    fields: string[];
    searchOptions: {
      bm25?: { k: number; b: number; d: number };
      weights?: { fuzzy?: number; prefix?: number };
      boost?: Record<string, number>;
      fields?: string[];
      maxFuzzy?: number;
      boostDocument?: unknown;
      filter?: unknown;
      combineWith?: string;
    };
  };
}

/** Scratch arrays by short document id, kept between searches of one index (all zero between searches). */
interface Scratch {
  /** The score of the document for the query term being scored. */
  termScore: Float64Array;
  /** Whether the query term being scored has matched the document yet. */
  termMatched: Uint8Array;
  /** The sum of the scores of the query terms before. */
  total: Float64Array;
  /** Bit i: the i-th distinct query term matched the document. */
  matched: Uint32Array;
  /** Whether the document is in `order` yet. */
  seen: Uint8Array;
}

const scratchOf = new WeakMap<object, Scratch>();

function scratchFor(index: object, size: number): Scratch {
  let s = scratchOf.get(index);
  if (!s || s.total.length < size) {
    const n = Math.max(size, 2 * (s?.total.length ?? 0), 64);
    s = { termScore: new Float64Array(n), termMatched: new Uint8Array(n), total: new Float64Array(n), matched: new Uint32Array(n), seen: new Uint8Array(n) };
    scratchOf.set(index, s);
  }
  return s;
}

/** This MiniSearch's internals, when they look like those of the 7.x one mirrored here. */
function internalsOf(index: object): Internals | undefined {
  const m = index as Partial<Internals>;
  if (!m._index || typeof m._index.get !== 'function' || typeof m._index.atPrefix !== 'function' || typeof m._index.fuzzyGet !== 'function') return undefined;
  if (!m._fieldIds || !Array.isArray(m._avgFieldLength) || !(m._fieldLength instanceof Map) || !(m._documentIds instanceof Map)) return undefined;
  if (typeof m._documentCount !== 'number' || typeof m._nextId !== 'number' || typeof m._dirtCount !== 'number' || !m._options?.searchOptions) return undefined;
  if (typeof m.removeTerm !== 'function') return undefined;
  return m as Internals;
}

const DEFAULT_WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };
const DEFAULT_BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * `index.search(query, options).slice(0, limit)` as ids and scores, or undefined when MiniSearch has to answer
 * itself (see above). The query is split on spaces, as the retriever's search tokenizer does.
 */
export function topSearch(index: object, query: string, options: TopSearchOptions, limit: number): TopResult[] | undefined {
  const m = internalsOf(index);
  if (!m) return undefined;
  // Discarded documents not yet vacuumed: MiniSearch removes their postings as it meets them (removeTerm) and
  // scores the documents after them with the lowered counts. Then the postings are read as MiniSearch reads them,
  // with the same removals in the same order, and none are kept.
  const dirty = m._dirtCount !== 0 || m._currentVacuum != null;
  const global = m._options.searchOptions;
  if (global.boostDocument != null || global.filter != null || (global.combineWith ?? 'or').toLowerCase() !== 'or') return undefined;
  const terms = query.split(' ').filter(Boolean);
  if (terms.length === 0) return [];
  const distinct = [...new Set(terms)];
  if (distinct.length > 31) return undefined;
  const { k, b, d } = global.bm25 ?? DEFAULT_BM25;
  const { fuzzy: fuzzyWeight, prefix: prefixWeight } = { ...DEFAULT_WEIGHTS, ...(options.weights ?? global.weights) };
  const maxFuzzy = options.maxFuzzy ?? global.maxFuzzy ?? 6;
  const boost = options.boost ?? global.boost ?? {};
  const fields = (options.fields ?? global.fields ?? m._options.fields).map((name) => ({
    id: m._fieldIds[name]!,
    boost: (Object.prototype.hasOwnProperty.call(boost, name) ? boost[name] : undefined) || 1,
  }));
  if (fields.some((f) => f.id === undefined)) return undefined;

  const { termScore, termMatched, total, matched, seen } = scratchFor(index, m._nextId);
  /** The documents in the order they were first matched (the order of MiniSearch's results before sorting). */
  const order: number[] = [];
  /** The documents the query term being scored has matched. */
  const termDocs: number[] = [];
  let ok = true;

  const cache = dirty ? undefined : postingsFor(index, m);
  const documentCount = m._documentCount;
  /** One matching posting: the document's score for the query term being scored, and its first match. */
  const add = (docId: number, bit: number, weightedScore: number): void => {
    if (termMatched[docId] === 0) {
      termMatched[docId] = 1;
      termDocs.push(docId);
      termScore[docId] = weightedScore;
      if (seen[docId] === 0) {
        seen[docId] = 1;
        order.push(docId);
      }
    } else termScore[docId] = termScore[docId]! + weightedScore;
    matched[docId] = matched[docId]! | bit;
  };
  /** MiniSearch's termResults, line by line, for an index with discarded documents still in its postings. */
  const scoreDirty = (bit: number, termWeight: number, termBoost: number, data: FieldTermData, derived: string): void => {
    for (const field of fields) {
      const freqs = data.get(field.id);
      if (freqs == null) continue;
      let matchingFields = freqs.size;
      const avgFieldLength = m._avgFieldLength[field.id]!;
      for (const docId of freqs.keys()) {
        if (!m._documentIds.has(docId)) {
          m.removeTerm(field.id, docId, derived);
          matchingFields -= 1;
          continue;
        }
        const termFreq = freqs.get(docId)!;
        const fieldLength = m._fieldLength.get(docId)![field.id]!;
        const invDocFreq = Math.log(1 + (documentCount - matchingFields + 0.5) / (matchingFields + 0.5));
        const rawScore = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
        add(docId, bit, termWeight * termBoost * field.boost * 1 * rawScore);
      }
    }
  };
  /** MiniSearch's termResults for one query term (bit) and one of its derived terms (itself, a prefix or fuzzy match). */
  const score = (bit: number, termWeight: number, termBoost: number, data: FieldTermData | undefined, derived: string): void => {
    if (data == null || !ok) return;
    if (!cache) {
      scoreDirty(bit, termWeight, termBoost, data, derived);
      return;
    }
    for (const field of fields) {
      const postings = cache.of(data, field.id, k, b, d);
      if (postings === undefined) continue;
      if (postings === null) {
        ok = false;
        return;
      }
      const { ids, raw } = postings;
      // MiniSearch multiplies by the document boost (1: none) before the raw score; the same order of operations.
      const factor = termWeight * termBoost * field.boost * 1;
      for (let j = 0; j < ids.length; j++) add(ids[j]!, bit, factor * raw[j]!);
    }
  };

  for (let i = 0; i < terms.length && ok; i++) {
    const term = terms[i]!;
    const bit = 1 << distinct.indexOf(term);
    const fuzzyOption = options.fuzzy ? options.fuzzy(term, i, terms) : false;
    const fuzzy = fuzzyOption === true ? 0.2 : fuzzyOption;
    const prefix = options.prefix ? options.prefix(term, i, terms) : false;
    const termBoost = options.boostTerm ? options.boostTerm(term, i, terms) : 1;
    score(bit, 1, termBoost, m._index.get(term), term);
    let fuzzyMatches: Map<string, [FieldTermData, number]> | undefined;
    if (fuzzy) {
      const maxDistance = fuzzy < 1 ? Math.min(maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy;
      if (maxDistance) fuzzyMatches = m._index.fuzzyGet(term, maxDistance);
    }
    if (prefix) {
      for (const [derived, data] of m._index.atPrefix(term)) {
        const distance = derived.length - term.length;
        if (!distance) continue;
        fuzzyMatches?.delete(derived);
        score(bit, (prefixWeight * derived.length) / (derived.length + 0.3 * distance), termBoost, data, derived);
      }
    }
    if (fuzzyMatches) {
      for (const derived of fuzzyMatches.keys()) {
        const [data, distance] = fuzzyMatches.get(derived)!;
        if (!distance) continue;
        score(bit, (fuzzyWeight * derived.length) / (derived.length + distance), termBoost, data, derived);
      }
    }
    // MiniSearch's OR: the term's score added to what the terms before it gave (the first one's: 0 + it, the same).
    for (const docId of termDocs) {
      total[docId] = total[docId]! + termScore[docId]!;
      termScore[docId] = 0;
      termMatched[docId] = 0;
    }
    termDocs.length = 0;
  }

  // The best `limit` by score times the number of distinct query terms matched, highest first; MiniSearch's sort
  // is stable, so equal scores stay in the order of first match.
  const best: Array<{ docId: number; score: number }> = [];
  for (let j = 0; j < order.length && ok; j++) {
    const docId = order[j]!;
    const s = total[docId]! * (popcount(matched[docId]!) || 1);
    if (Number.isNaN(s)) ok = false;
    else if (limit > 0 && (best.length < limit || s > best[best.length - 1]!.score)) {
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < s) at--;
      best.splice(at, 0, { docId, score: s });
      if (best.length > limit) best.pop();
    }
  }
  for (const docId of termDocs) {
    termScore[docId] = 0;
    termMatched[docId] = 0;
  }
  for (const docId of order) {
    total[docId] = 0;
    matched[docId] = 0;
    seen[docId] = 0;
  }
  if (!ok) return undefined;
  return best.map((r) => ({ id: m._documentIds.get(r.docId) as string, score: r.score }));
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** One term's postings in one field: the documents in MiniSearch's order and MiniSearch's BM25 score of each. */
interface Postings {
  ids: Int32Array;
  raw: Float64Array;
}

/** At most this many postings are kept scored (12 bytes each); beyond it the cache starts again. */
const MAX_CACHED_POSTINGS = 2_000_000;

/**
 * The scored postings of one index, kept while the index is unchanged: a posting's BM25 score depends only on the
 * term frequency, the number of documents with the term in that field, the field's length and average length and
 * the number of documents, and adding or discarding a document changes the document count or the next short id.
 */
class PostingsCache {
  private byData = new WeakMap<FieldTermData, Array<Postings | undefined>>();
  private count = 0;
  private version = '';

  constructor(private readonly m: Internals) {}

  check(): void {
    const version = `${this.m._nextId}/${this.m._documentCount}`;
    if (version !== this.version || this.count > MAX_CACHED_POSTINGS) {
      this.byData = new WeakMap();
      this.count = 0;
      this.version = version;
    }
  }

  /** The scored postings of a term in a field; undefined when it has none, null when a document is missing. */
  of(data: FieldTermData, fieldId: number, k: number, b: number, d: number): Postings | undefined | null {
    let perField = this.byData.get(data);
    const kept = perField?.[fieldId];
    if (kept) return kept;
    const freqs = data.get(fieldId);
    if (freqs == null) return undefined;
    const m = this.m;
    // calcBM25Score of MiniSearch, the same expression.
    const matchingFields = freqs.size;
    const avgFieldLength = m._avgFieldLength[fieldId]!;
    const invDocFreq = Math.log(1 + (m._documentCount - matchingFields + 0.5) / (matchingFields + 0.5));
    const ids = new Int32Array(freqs.size);
    const raw = new Float64Array(freqs.size);
    let j = 0;
    for (const [docId, termFreq] of freqs) {
      const lengths = m._fieldLength.get(docId);
      if (lengths === undefined) return null;
      const fieldLength = lengths[fieldId]!;
      ids[j] = docId;
      raw[j] = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
      j++;
    }
    const postings = { ids, raw };
    if (!perField) {
      perField = [];
      this.byData.set(data, perField);
    }
    perField[fieldId] = postings;
    this.count += ids.length;
    return postings;
  }
}

const postingsOf = new WeakMap<object, PostingsCache>();

function postingsFor(index: object, m: Internals): PostingsCache {
  let cache = postingsOf.get(index);
  if (!cache) {
    cache = new PostingsCache(m);
    postingsOf.set(index, cache);
  }
  cache.check();
  return cache;
}
