import MiniSearch from 'minisearch';
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

/**
 * What the answerer needs of the documents: passages for a question, best first. The answerer falls back to
 * it when the curated knowledge has no answer (see answerFromDocuments).
 */
export interface PassageSearch {
  search(question: string, limit?: number): ScoredPassage[];
}

/** Index terms of a text (the answerer's Dutch analyzer: folded, stemmed, compounds split, no stop words). */
export type Terms = (text: string) => string[];

interface Indexed {
  passage: Passage;
  documentId: string;
  terms: Set<string>;
}

/**
 * The passages of every added document in one MiniSearch index (BM25), with the question's coverage as
 * confidence. Kept in sync with the store by `sync` (on every instance, once a minute and after each change).
 */
export class PassageIndex implements PassageSearch {
  private readonly index: MiniSearch<{ id: string; text: string; section: string; title: string }>;
  private readonly passages = new Map<string, Indexed>();
  private readonly documents = new Map<string, DocumentMeta>();
  private readonly df = new Map<string, number>();
  private readonly titleTerms = new Map<string, Set<string>>();

  constructor(private readonly terms: Terms) {
    this.index = new MiniSearch({
      fields: ['text', 'section', 'title'],
      storeFields: [],
      tokenize: (text) => this.terms(text),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => text.split(' ').filter(Boolean), boost: { text: 1, section: 0.5, title: 0.5 } },
    });
  }

  get documentCount(): number {
    return this.documents.size;
  }

  get passageCount(): number {
    return this.passages.size;
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
    this.titleTerms.set(document.id, new Set(this.terms(document.title)));
    const docs = passages.map((passage) => {
      const terms = new Set(this.terms(`${passage.text}\n${passage.section ?? ''}`));
      for (const term of terms) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      this.passages.set(passage.id, { passage, documentId: document.id, terms });
      return { id: passage.id, text: passage.text, section: passage.section ?? '', title: document.title };
    });
    this.index.addAll(docs);
  }

  /** Only the document's title, date or author changed: no re-indexing of its passages. */
  updateMeta(document: DocumentMeta): void {
    if (!this.documents.has(document.id)) return;
    this.documents.set(document.id, document);
    this.titleTerms.set(document.id, new Set(this.terms(document.title)));
  }

  remove(documentId: string): void {
    if (!this.documents.delete(documentId)) return;
    this.titleTerms.delete(documentId);
    for (const [id, indexed] of this.passages) {
      if (indexed.documentId !== documentId) continue;
      for (const term of indexed.terms) {
        const df = (this.df.get(term) ?? 1) - 1;
        if (df <= 0) this.df.delete(term);
        else this.df.set(term, df);
      }
      this.passages.delete(id);
      this.index.discard(id);
    }
  }

  private idf(term: string): number {
    return Math.log(1 + Math.max(this.passages.size, 1) / ((this.df.get(term) ?? 0.5) + 0.5));
  }

  search(question: string, limit = 5): ScoredPassage[] {
    if (this.passages.size === 0) return [];
    const queryTerms = [...new Set(this.terms(question))];
    if (queryTerms.length === 0) return [];
    const weights = new Map(queryTerms.map((t) => [t, this.idf(t)]));
    const total = [...weights.values()].reduce((a, b) => a + b, 0);
    const hits = this.index.search(queryTerms.join(' '), { combineWith: 'OR' }).slice(0, Math.max(limit * 4, 20));
    const scored = hits.flatMap((hit) => {
      const indexed = this.passages.get(String(hit.id));
      const document = indexed && this.documents.get(indexed.documentId);
      if (!indexed || !document) return [];
      const titleTerms = this.titleTerms.get(document.id) ?? new Set<string>();
      let covered = 0;
      let matched = 0;
      for (const [term, w] of weights) {
        if (indexed.terms.has(term)) {
          covered += w;
          matched += 1;
        } else if (titleTerms.has(term)) covered += w * 0.5;
      }
      return [{ passage: indexed.passage, document, score: hit.score, confidence: total > 0 ? covered / total : 0, matched }];
    });
    scored.sort((a, b) => b.confidence - a.confidence || b.score - a.score);
    return scored.slice(0, limit);
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
