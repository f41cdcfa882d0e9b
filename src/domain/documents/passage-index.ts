import type { DocumentMeta, DocumentStore } from './document-store.js';
import type { Passage } from './passages.js';

/** A passage found for a question: BM25 score and confidence (0..1, the share of the question's weight it covers). */
export interface ScoredPassage {
  passage: Passage;
  document: DocumentMeta;
  score: number;
  confidence: number;
  /** How many of the question's terms the passage itself contains. */
  matched: number;
}

export interface SearchOptions {
  /**
   * Only passages with at least this confidence. Lets the search stop at once when no passage can reach it (the
   * question's informative words stand in no document), which is the usual case for a question the documents do
   * not answer.
   */
  minConfidence?: number;
}

/**
 * What the answerer needs of the documents: passages for a question, best first. The answerer falls back to
 * it when the curated knowledge has no answer (see answerFromDocuments).
 */
export interface PassageSearch {
  search(question: string, limit?: number, options?: SearchOptions): ScoredPassage[];
}

/** Index terms of a text (the answerer's Dutch analyzer: folded, stemmed, compounds split, no stop words). */
export type Terms = (text: string) => string[];

interface Slot {
  passage: Passage;
  documentId: string;
  /** Term frequencies of the passage's text and section. */
  tf: Map<string, number>;
  length: number;
}

/** Puts `item` into `top` (best first, at most `limit`) when it beats the last; `compare` > 0 means better. */
function insertTop<T>(top: T[], item: T, limit: number, compare: (a: T, b: T) => number): void {
  if (top.length >= limit && compare(item, top[top.length - 1]!) <= 0) return;
  let i = Math.min(top.length, limit - 1);
  top[i] = item;
  while (i > 0 && compare(top[i]!, top[i - 1]!) > 0) {
    [top[i - 1], top[i]] = [top[i]!, top[i - 1]!];
    i -= 1;
  }
}

/** A word in a document's title counts for half in every passage of that document that lacks it. */
const TITLE_SHARE = 0.5;
/** BM25 parameters (MiniSearch's defaults), used to order passages that cover the question equally. */
const K1 = 1.2;
const B = 0.7;

/**
 * The passages of every added document in an inverted index: per term the passages that contain it. A question's
 * confidence in a passage is the share of the question's informative weight (inverse passage frequency) the
 * passage covers; the search computes it exactly for every passage that shares a word with the question, by
 * walking the question's posting lists once into a scratch array, so a word that stands in every passage costs one
 * addition per passage and no ranking. Ties are ordered by BM25. Kept in sync with the store by `sync` (on every
 * instance, once a minute and after each change).
 */
export class PassageIndex implements PassageSearch {
  /** Passages by slot number; a removed passage leaves its slot empty. */
  private slots: Array<Slot | undefined> = [];
  private live = 0;
  private totalLength = 0;
  private readonly postings = new Map<string, number[]>();
  private readonly slotsOf = new Map<string, number[]>();
  private readonly documents = new Map<string, DocumentMeta>();
  private readonly titleTerms = new Map<string, Set<string>>();
  /** Per title term the documents whose title has it. */
  private readonly titlePostings = new Map<string, Set<string>>();
  private covered = new Float64Array(0);
  private matched = new Uint16Array(0);

  constructor(private readonly terms: Terms) {}

  get documentCount(): number {
    return this.documents.size;
  }

  get passageCount(): number {
    return this.live;
  }

  has(documentId: string, version?: number): boolean {
    const d = this.documents.get(documentId);
    return Boolean(d) && (version === undefined || d!.version === version);
  }

  documentIds(): string[] {
    return [...this.documents.keys()];
  }

  /** Adds (or replaces) one document's passages. */
  put(document: DocumentMeta, passages: Passage[]): void {
    if (this.documents.has(document.id)) this.remove(document.id);
    this.documents.set(document.id, document);
    this.setTitle(document);
    const slots: number[] = [];
    for (const passage of passages) {
      const words = this.terms(`${passage.text}\n${passage.section ?? ''}`);
      const tf = new Map<string, number>();
      for (const term of words) tf.set(term, (tf.get(term) ?? 0) + 1);
      const slot = this.slots.length;
      this.slots.push({ passage, documentId: document.id, tf, length: words.length });
      for (const term of tf.keys()) {
        const list = this.postings.get(term);
        if (list) list.push(slot);
        else this.postings.set(term, [slot]);
      }
      slots.push(slot);
      this.live += 1;
      this.totalLength += words.length;
    }
    this.slotsOf.set(document.id, slots);
  }

  /** Only the document's title, date or author changed: no re-indexing of its passages. */
  updateMeta(document: DocumentMeta): void {
    if (!this.documents.has(document.id)) return;
    this.documents.set(document.id, document);
    this.setTitle(document);
  }

  remove(documentId: string): void {
    if (!this.documents.delete(documentId)) return;
    this.clearTitle(documentId);
    const removed = new Set(this.slotsOf.get(documentId) ?? []);
    this.slotsOf.delete(documentId);
    const terms = new Set<string>();
    for (const slot of removed) {
      const s = this.slots[slot]!;
      for (const term of s.tf.keys()) terms.add(term);
      this.live -= 1;
      this.totalLength -= s.length;
      this.slots[slot] = undefined;
    }
    for (const term of terms) {
      const kept = this.postings.get(term)!.filter((slot) => !removed.has(slot));
      if (kept.length > 0) this.postings.set(term, kept);
      else this.postings.delete(term);
    }
    if (this.live === 0) this.slots = [];
  }

  private setTitle(document: DocumentMeta): void {
    this.clearTitle(document.id);
    const terms = new Set(this.terms(document.title));
    this.titleTerms.set(document.id, terms);
    for (const term of terms) {
      const docs = this.titlePostings.get(term);
      if (docs) docs.add(document.id);
      else this.titlePostings.set(term, new Set([document.id]));
    }
  }

  private clearTitle(documentId: string): void {
    for (const term of this.titleTerms.get(documentId) ?? []) {
      const docs = this.titlePostings.get(term);
      docs?.delete(documentId);
      if (docs?.size === 0) this.titlePostings.delete(term);
    }
    this.titleTerms.delete(documentId);
  }

  private idf(term: string): number {
    return Math.log(1 + Math.max(this.live, 1) / ((this.postings.get(term)?.length ?? 0.5) + 0.5));
  }

  search(question: string, limit = 5, options: SearchOptions = {}): ScoredPassage[] {
    if (this.live === 0 || limit <= 0) return [];
    const terms = [...new Set(this.terms(question))];
    const weights = terms.map((t) => this.idf(t));
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) return [];
    // The most any passage can cover: each word in some passage, or at least in some title. Below the minimum:
    // nothing to search.
    let reachable = 0;
    terms.forEach((t, i) => {
      reachable += this.postings.has(t) ? weights[i]! : this.titlePostings.has(t) ? weights[i]! * TITLE_SHARE : 0;
    });
    const min = (options.minConfidence ?? 0) * total;
    if (reachable === 0 || reachable < min) return [];

    const titleBonus = new Map<string, number>();
    terms.forEach((t, i) => {
      for (const id of this.titlePostings.get(t) ?? []) titleBonus.set(id, (titleBonus.get(id) ?? 0) + weights[i]! * TITLE_SHARE);
    });
    if (this.covered.length < this.slots.length) {
      this.covered = new Float64Array(this.slots.length);
      this.matched = new Uint16Array(this.slots.length);
    }
    const { covered, matched } = this;
    const inTitle = (i: number, slot: number): boolean => this.titlePostings.get(terms[i]!)?.has(this.slots[slot]!.documentId) ?? false;
    // A word in both the passage and the title counts once, in full.
    const credit = (i: number, slot: number): number => (inTitle(i, slot) ? weights[i]! * (1 - TITLE_SHARE) : weights[i]!);

    // Words so common that a passage with only them (and half of every title word) stays below the minimum are
    // not walked: only passages with a rarer word are candidates, and they are checked for the common words.
    const order = terms.map((_, i) => i).sort((a, b) => weights[a]! - weights[b]!);
    const titled = terms.reduce((sum, t, i) => sum + (this.titlePostings.has(t) ? weights[i]! * TITLE_SHARE : 0), 0);
    let common = 0;
    let commonWeight = 0;
    let commonTitled = 0;
    while (common < order.length) {
      const i = order[common]!;
      const nextWeight = commonWeight + weights[i]!;
      const nextTitled = commonTitled + (this.titlePostings.has(terms[i]!) ? weights[i]! * TITLE_SHARE : 0);
      if (nextWeight + titled - nextTitled >= min) break;
      commonWeight = nextWeight;
      commonTitled = nextTitled;
      common += 1;
    }

    const touched: number[] = [];
    for (const i of order.slice(common)) {
      for (const slot of this.postings.get(terms[i]!) ?? []) {
        if (matched[slot] === 0) touched.push(slot);
        matched[slot] += 1;
        covered[slot] += credit(i, slot);
      }
    }
    for (const i of order.slice(0, common)) {
      for (const slot of touched) {
        if (!this.slots[slot]!.tf.has(terms[i]!)) continue;
        matched[slot] += 1;
        covered[slot] += credit(i, slot);
      }
    }

    // Passages that share only their document's title with the question: a few per document suffice, they are equal.
    // (With common words left out, a title alone never reaches the minimum, so none is missed here.)
    const titleOnly: number[] = [];
    for (const [id, bonus] of titleBonus) {
      if (bonus < min) continue;
      let taken = 0;
      for (const slot of this.slotsOf.get(id) ?? []) {
        if (taken >= limit) break;
        if (matched[slot] !== 0) continue;
        titleOnly.push(slot);
        taken += 1;
      }
    }
    for (const slot of titleOnly) covered[slot] = titleBonus.get(this.slots[slot]!.documentId)!;
    if (titleBonus.size > 0) for (const slot of touched) covered[slot] += titleBonus.get(this.slots[slot]!.documentId) ?? 0;
    const candidates = titleOnly.length > 0 ? [...titleOnly, ...touched] : touched;

    try {
      // Coverage as a whole number of billionths, so that equal word sets (summed with a title word, say)
      // compare equal and BM25 decides between them.
      const key = (slot: number): number => Math.round((covered[slot]! / total) * 1e9);
      // First the limit-th best coverage, then BM25 only for the passages at or above it.
      const best: number[] = [];
      for (const slot of candidates) {
        if (covered[slot]! < min) continue;
        insertTop(best, key(slot), limit, (a, b) => a - b);
      }
      if (best.length === 0) return [];
      const cutoff = best[best.length - 1]!;
      const avgLength = this.totalLength / this.live || 1;
      const top: Array<ScoredPassage & { key: number }> = [];
      for (const slot of candidates) {
        const k = key(slot);
        if (k < cutoff || covered[slot]! < min) continue;
        const s = this.slots[slot]!;
        let score = titleBonus.get(s.documentId) ?? 0;
        terms.forEach((t, i) => {
          const tf = s.tf.get(t);
          if (tf) score += (weights[i]! * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * s.length) / avgLength));
        });
        const found = { passage: s.passage, document: this.documents.get(s.documentId)!, score, confidence: covered[slot]! / total, matched: matched[slot]!, key: k };
        insertTop(top, found, limit, (a, b) => a.key - b.key || a.score - b.score);
      }
      return top.map(({ key: _key, ...found }) => found);
    } finally {
      for (const slot of candidates) {
        covered[slot] = 0;
        matched[slot] = 0;
      }
    }
  }

  /**
   * Makes the index match the store: documents removed elsewhere leave it, new ones are read and indexed, and a
   * changed title or date is taken over. One listing of the small meta records, plus one read of the passages
   * of documents this instance has not indexed yet.
   */
  async sync(store: DocumentStore): Promise<{ added: number; removed: number }> {
    const listed = await store.list();
    const ids = new Set(listed.map((d) => d.id));
    let removed = 0;
    for (const id of this.documentIds()) {
      if (!ids.has(id)) {
        this.remove(id);
        removed += 1;
      }
    }
    const fresh = listed.filter((d) => !this.documents.has(d.id));
    for (const d of listed) if (this.documents.has(d.id) && !this.has(d.id, d.version)) this.updateMeta(d);
    const bodies = await store.passagesOf(fresh.map((d) => d.id));
    for (const d of fresh) {
      const passages = bodies.get(d.id);
      if (passages) this.put(d, passages);
    }
    return { added: fresh.length, removed };
  }
}
