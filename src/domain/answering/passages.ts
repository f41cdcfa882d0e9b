import MiniSearch from 'minisearch';
import { formatDutchDate } from '../dates.js';
import type { KnowledgeDocument } from '../knowledge/schema.js';
import { squashWhitespace } from '../knowledge/document-texts.js';
import type { Analyzer, AnalyzedQuery } from './normalize.js';
import type { Logistic } from './ranker.js';
import { probability } from './ranker.js';
import type { Intent } from './understand.js';
import { WEIGHTS } from './weights.js';

/**
 * Verbatim passages of the source documents (knowledge/documents/*.txt): paragraph-sized, each with its location,
 * in their own MiniSearch index built once at start. When no curated entry answers with enough confidence, the best
 * passage may be quoted instead (pipeline.ts), decided by a logistic model over the named features below
 * (PASSAGE_FEATURES, fitted by scripts/fit.ts into weights.json "passages") and a strict threshold.
 */
export interface Passage {
  /** `<document id>#<n>`. */
  id: string;
  doc: string;
  /** 1-based number of the passage in its document. */
  paragraph: number;
  /** The heading the passage stands under, when the document has one. */
  heading?: string;
  /** Where it stands, in words: `alinea 4, onder "Taalgebruik"`. */
  location: string;
  /** The text as it stands in the document, line breaks and runs of spaces made single spaces. */
  text: string;
}

/** A passage shorter than minChars says too little to be an answer ("Geacht college,"); a paragraph longer than maxChars is cut at sentence ends into pieces of about pieceChars. */
const { minChars: MIN_CHARS, maxChars: MAX_CHARS, pieceChars: PIECE_CHARS } = WEIGHTS.passages;
const SENTENCE_END = /[.!?](?:["'”’)]*)$/;

/** A block that stands alone as a heading: "## Aanleiding", "Taalgebruik:", "Inleiding:". */
function headingOf(block: string, next: string | undefined, pending: boolean): string | undefined {
  const markdown = /^#{1,6}\s+(.+)$/.exec(block);
  if (markdown) return markdown[1]!.replace(/\*+/g, '').trim();
  const words = block.split(' ').length;
  if (block.length <= 80 && words <= 8 && /:$/.test(block) && !/\b(?:om|tot|door|op|aan):$/i.test(block)) return block.replace(/:$/, '').trim();
  // A short line before a paragraph, such as "Deel 2. Advies met betrekking tot de Focusgroepen.", is its heading.
  if (!pending && block.length < MIN_CHARS && words <= 10 && /^[A-Z]/.test(block) && !/,$/.test(block) && next !== undefined && next.length >= MIN_CHARS) return block.replace(/[.:]$/, '').trim();
  if (!pending && block.length <= 50 && words <= 5 && !/[.,;:!?]$/.test(block) && /^[A-Z]/.test(block) && next !== undefined && /^[A-Z0-9]/.test(next)) return block;
  return undefined;
}

/** A block whose first line is a heading ("Deel 1. Advies met betrekking tot participatie coaching:"), as two blocks. */
function leadingHeading(block: string): string[] {
  const [first, ...rest] = block.trim().split('\n');
  const line = squashWhitespace(first ?? '');
  if (rest.length > 0 && line.split(' ').length <= 8 && /:$/.test(line) && !/\b(?:om|tot|door|op|aan):$/i.test(line)) return [line, rest.join('\n')];
  return [block];
}

/** A document's text split into paragraph-sized passages with their location. */
export function splitPassages(doc: string, text: string): Passage[] {
  const blocks = text
    .replace(/\r/g, '')
    .split(/\n[ \t\u00a0]*\n/)
    .flatMap(leadingHeading)
    .map(squashWhitespace)
    .filter((b) => b.length > 0 && !/^-{3,}$/.test(b));
  const paragraphs: Array<{ heading?: string; text: string }> = [];
  let heading: string | undefined;
  let pending = '';
  const flush = (): void => {
    if (pending) paragraphs.push({ ...(heading ? { heading } : {}), text: pending });
    pending = '';
  };
  blocks.forEach((block, i) => {
    const title = headingOf(block, blocks[i + 1], pending !== '');
    if (title !== undefined) {
      flush();
      heading = title;
      return;
    }
    pending = pending ? `${pending} ${block}` : block;
    if (SENTENCE_END.test(pending)) flush();
  });
  flush();
  const out: Passage[] = [];
  for (const p of paragraphs) {
    if (/<\/?[a-z]+>/i.test(p.text)) continue; // table rows of the extraction, no prose
    for (const piece of pieces(p.text)) {
      if (piece.length < MIN_CHARS) continue;
      const paragraph = out.length + 1;
      out.push({
        id: `${doc}#${paragraph}`,
        doc,
        paragraph,
        ...(p.heading ? { heading: p.heading } : {}),
        location: `alinea ${paragraph}${p.heading ? `, onder "${p.heading}"` : ''}`,
        text: piece,
      });
    }
  }
  return out;
}

/** The passages of every document text (document id -> text), in document order. */
export function passagesOf(texts: ReadonlyMap<string, string>): Passage[] {
  return [...texts].sort(([a], [b]) => a.localeCompare(b)).flatMap(([doc, text]) => splitPassages(doc, text));
}

/** A long paragraph in pieces that end at a sentence end. */
function pieces(text: string): string[] {
  if (text.length <= MAX_CHARS) return [text];
  const sentences = text.match(/[^.!?]+(?:[.!?]+["'”’)]*|$)\s*/g) ?? [text];
  const out: string[] = [];
  let current = '';
  for (const s of sentences) {
    if (current && current.length + s.length > PIECE_CHARS) {
      out.push(current.trim());
      current = '';
    }
    current += s;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** The named features of the best passage for a question, in this order (the passage model's input). */
export const PASSAGE_FEATURES = [
  'coverage',
  'coverageGap',
  'logBm25',
  'bm25Ratio',
  'missingWords',
  'missingShare',
  'queryTerms',
  'municipalityNamed',
  'curatedProbability',
  'curatedCoverage',
] as const;

/** The passage model: logistic regression over PASSAGE_FEATURES and the minimum probability to quote. */
export interface PassageModel {
  features: string[];
  model: Logistic;
  threshold: number;
  fitted: { sets: string[]; questions: number; positives: number; l2: number };
}

export interface PassageHit {
  passage: Passage;
  score: number;
  coverage: number;
  missing: string[];
}

/** The best passage of a question with its features, or the reason there is none. */
export type PassageCandidate =
  | { passage: Passage; features: Record<string, number>; x: number[]; failed?: { check: string; reason: string } }
  | undefined;

/** What the pipeline knows when it falls back to passages: the question's analysis and the curated entries' best. */
export interface PassageContext {
  query: AnalyzedQuery;
  intent: Intent;
  /** The curated model's probability for its best entry (0 when none or the hand-set rules decided). */
  curatedProbability: number;
  /** The best coverage of any curated entry. */
  curatedCoverage: number;
}

const DATE_IN_TEXT = /\b(?:\d{1,2} (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)|\d{1,2}-\d{1,2}-\d{2,4}|kwartaal|(?:19|20)\d\d)\b/i;

/** What indexing the passages asks of the analyzer, per passage in order: its terms, and those of its text and heading. */
export interface PassageAnalysis {
  terms: string[][];
  fields: string[][][];
}

/** Passages of the shipped documents in their own MiniSearch index, searched with the question's analysis. */
export class PassageIndex {
  private readonly index: MiniSearch<{ id: string; text: string; heading: string }>;
  private readonly byId = new Map<string, { passage: Passage; terms: Set<string> }>();
  private readonly df = new Map<string, number>();

  /**
   * `cache`: the terms of each passage made before for the same passages and analyzer (index-cache.ts), used instead
   * of analysing the texts again, or where to hand the ones made here. Either way MiniSearch gets the same terms in
   * the same order.
   */
  constructor(
    passages: Passage[],
    analyzer: Analyzer,
    private readonly documents: ReadonlyMap<string, KnowledgeDocument>,
    cache: { analysis?: PassageAnalysis; save?: (analysis: PassageAnalysis) => void } = {},
  ) {
    const given = cache.analysis && cache.analysis.terms.length === passages.length ? cache.analysis : undefined;
    const made: PassageAnalysis = { terms: [], fields: [] };
    /** The terms of each field text, looked up by MiniSearch's tokenize while the passages are added. */
    const fieldTerms = new Map<string, string[]>();
    this.index = new MiniSearch({
      fields: ['text', 'heading'],
      storeFields: [],
      tokenize: (text) => fieldTerms.get(text) ?? analyzer.indexTerms(text),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => text.split(' ').filter(Boolean) },
    });
    passages.forEach((passage, i) => {
      const list = given?.terms[i] ?? [...new Set(analyzer.indexTerms(`${passage.heading ?? ''}\n${passage.text}`))];
      const fields = given?.fields[i] ?? [analyzer.indexTerms(passage.text), analyzer.indexTerms(passage.heading ?? '')];
      made.terms.push(list);
      made.fields.push(fields);
      fieldTerms.set(passage.text, fields[0]!);
      fieldTerms.set(passage.heading ?? '', fields[1]!);
      const terms = new Set(list);
      for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      this.byId.set(passage.id, { passage, terms });
    });
    this.index.addAll(passages.map((p) => ({ id: p.id, text: p.text, heading: p.heading ?? '' })));
    fieldTerms.clear();
    if (!given) cache.save?.(made);
  }

  get size(): number {
    return this.byId.size;
  }

  private idf(term: string): number {
    return Math.log(1 + this.byId.size / ((this.df.get(term) ?? 0.5) + 0.5));
  }

  /** The passages that share a word with the question, best BM25 first, with the weighted share of it they cover. */
  search(query: AnalyzedQuery, limit = 5): PassageHit[] {
    if (query.terms.length === 0 || this.byId.size === 0) return [];
    const weights = new Map(query.terms.map((t) => [t.term, t.weight]));
    const results = this.index.search(query.terms.map((t) => t.term).join(' '), {
      boostTerm: (term) => weights.get(term) ?? 1,
      fuzzy: (term) => (term.length >= 6 && !this.df.has(term) && !/\d/.test(term) ? 0.2 : false),
      weights: { fuzzy: 0.5, prefix: 0.5 },
      maxFuzzy: 1,
    });
    const groups = new Map<string, string[]>();
    for (const t of query.terms) groups.set(t.source, [...(groups.get(t.source) ?? []), t.term]);
    const groupWeight = (source: string, terms: string[]): number => Math.max(...terms.map((t) => this.idf(t))) * (query.importance.get(source) ?? 1);
    const total = [...groups].reduce((a, [s, t]) => a + groupWeight(s, t), 0);
    return results.slice(0, limit).map((r) => {
      const { passage, terms } = this.byId.get(r.id as string)!;
      let covered = 0;
      const missing: string[] = [];
      for (const [source, list] of groups) {
        const hit = list.filter((t) => terms.has(t));
        if (hit.length === 0) missing.push(source);
        else covered += Math.min(groupWeight(source, list), Math.max(...hit.map((t) => this.idf(t) * (weights.get(t) ?? 1))));
      }
      return { passage, score: r.score, coverage: total > 0 ? covered / total : 0, missing };
    });
  }

  /** The best passage for a question with its named features; `failed` when a check rules it out whatever its score. */
  best(context: PassageContext): PassageCandidate {
    const hits = this.search(context.query);
    const top = hits.sort((a, b) => b.coverage - a.coverage || b.score - a.score)[0];
    if (!top) return undefined;
    const second = hits[1];
    const doc = this.documents.get(top.passage.doc);
    const { intent } = context;
    const named = intent.named.size > 0 ? (doc?.municipality !== undefined && intent.named.has(doc.municipality) ? 1 : -1) : 0;
    const wantsDate = intent.date || intent.deadline || intent.year;
    const wantsNumber = intent.counted !== undefined;
    const kindFits = !wantsDate || DATE_IN_TEXT.test(top.passage.text);
    const groups = new Set(context.query.terms.map((t) => t.source)).size;
    const features: Record<string, number> = {
      coverage: top.coverage,
      coverageGap: top.coverage - (second?.coverage ?? 0),
      logBm25: Math.log1p(top.score),
      bm25Ratio: second ? second.score / top.score : 0,
      missingWords: top.missing.length,
      missingShare: groups > 0 ? top.missing.length / groups : 0,
      queryTerms: groups,
      municipalityNamed: named,
      curatedProbability: context.curatedProbability,
      curatedCoverage: context.curatedCoverage,
    };
    const x = PASSAGE_FEATURES.map((f) => features[f]!);
    // Checks that no probability overrides, each with its reason.
    const failed =
      named < 0
        ? { check: 'passage-municipality', reason: `the question names ${[...intent.named].join(', ')}; the passage is from a document about ${doc?.municipality ?? 'no municipality'}` }
        : wantsNumber
          ? { check: 'passage-count', reason: 'asks how many; a passage may count something else, amounts come from curated entries (their checks test what is counted)' }
          : !kindFits
            ? { check: 'passage-kind', reason: 'asks for a date; the passage has none' }
            : intent.now || intent.outcome || intent.future
              ? { check: 'passage-then', reason: 'asks about the present, what came of something or what is to come; a passage only says what its document said then' }
              : features.bm25Ratio! > WEIGHTS.passages.ambiguousRatio
                ? { check: 'passage-ambiguous', reason: `another passage scores ${features.bm25Ratio!.toFixed(2)} of the best: the question points at no single place in the documents` }
                : undefined;
    return { passage: top.passage, features, x, ...(failed ? { failed } : {}) };
  }

  /** The probability (passage model) that this passage answers the question. */
  static probability(model: PassageModel, x: number[]): number {
    return probability(model.model, x);
  }

  /** The label of a quote: `In <document title> (<date>) staat:`. */
  static label(doc: KnowledgeDocument): string {
    return `In ${doc.title} (${formatDutchDate(doc.date)}) staat:`;
  }
}
