import type { Timing } from '../dates.js';
import type { KnowledgeEntry } from '../knowledge/schema.js';
import type { Passage, PassageModel } from './passages.js';
import type { RankerModel } from './ranker.js';

/** A question the user can ask next, shown as a button. */
export interface Suggestion {
  id: string;
  title: string;
  question: string;
}

export interface SourceView {
  title: string;
  author: string;
  date: string;
  dateNote?: string;
  url?: string;
  /** Verbatim passages from this document that support the answer. */
  quotes: string[];
}

export interface DateView {
  date: string;
  formatted: string;
  relative: string;
  timing: Timing;
  deadline: boolean;
  kind: string;
  body: string;
  subject: string;
}

/** A dated item from any source: knowledge entries now, the deadline register later. */
export interface DatedItem {
  id: string;
  title: string;
  body: string;
  kind: string;
  date: string;
  deadline: boolean;
  source: string;
}

export interface UpcomingItem extends DatedItem {
  formatted: string;
  relative: string;
  timing: Timing;
}

/** One candidate entry as the pipeline saw it: its features and the first gate check it failed, if any. */
export interface TraceCandidate {
  id: string;
  /** The ranking score: BM25 nudged by what the question asks (score.ts). */
  rank: number;
  /** The named features (features.ts), and `probability` when the learned ranker scored it. */
  features: Record<string, number>;
  /** Ranking factors that applied ("datedEntry x1.5", ...). */
  factors: string[];
  missing: string[];
  /** The first gate check this candidate failed, with its reason; absent when it passed every check. */
  failed?: { check: string; reason: string };
}

/** Why `ask` answered as it did. */
export interface Trace {
  /** The message as typed. */
  typed: string;
  /** The text that was finally asked (typos corrected, folded). */
  asked: string;
  /** How the message was read: as a definition of one term, whole, or by its asking part. */
  route: 'definition' | 'whole' | 'question-part' | 'conversation';
  /** What the understand stage found: the intents that hold, the municipalities, years and counted word. */
  intent: string[];
  /** Search terms after normalization, with their weights. */
  terms: string[];
  candidates: TraceCandidate[];
  /** What decided: a feature, a gate check or an intent, with a reason in words. */
  decision: { outcome: 'answer' | 'passage' | 'unknown' | 'upcoming' | 'conversation'; by: string; reason: string; entry?: string };
  /** The best passage of the documents when no curated entry answered: its features and probability, or the check it failed. */
  passage?: { id: string; features: Record<string, number>; failed?: { check: string; reason: string } };
}

export type QaResult =
  | {
      kind: 'answer';
      entry: KnowledgeEntry;
      confidence: number;
      answer: string;
      date?: DateView;
      sources: SourceView[];
      related: Suggestion[];
      trace?: Trace;
    }
  | { kind: 'upcoming'; items: UpcomingItem[]; today: string; trace?: Trace }
  | { kind: 'unknown'; question: string; suggestions: Suggestion[]; trace?: Trace };

/**
 * Not a curated answer: a passage quoted verbatim from a source document (passages.ts), labelled as a quote. Only
 * `askOrQuote` and `respond` give it, when no curated entry answers and the passage model is sure enough.
 */
export interface PassageResult {
  kind: 'passage';
  /** "In <document title> (<date>) staat:". */
  label: string;
  /** The document id, where the passage stands in it ("alinea 4, onder \"Taalgebruik\"") and its text, verbatim. */
  passage: { doc: string; location: string; text: string };
  /** The document, as on an answer card; its one quote is the passage. */
  source: SourceView;
  /** The passage model's probability that the passage answers the question. */
  confidence: number;
  related: Suggestion[];
  trace?: Trace;
}

/** The reply to a message that is no question (conversation.ts): a greeting, thanks, a goodbye, or too bare to search. */
export interface ConversationResult {
  kind: 'conversation';
  act: 'thanks' | 'goodbye' | 'greeting' | 'unclear';
  /** A short friendly reply in Dutch, plain text with **help** in markdown. */
  text: string;
  trace?: Trace;
}

/** What `respond` returns: a conversation reply, a quoted passage, or what `ask` returns. */
export type Reply = QaResult | PassageResult | ConversationResult;

export interface QaOptions {
  /** Current time; injected so tests and the scheduler share one clock. */
  now?: () => Date;
  /** Minimum confidence of the hand-set rules to answer (default: weights.json). */
  threshold?: number;
  /** The learned ranker; default the one in weights.json, null for the hand-set rules alone. */
  model?: RankerModel | null;
  /** Passages of the documents to quote when no entry answers; default the shipped texts (knowledge/documents), null for none. */
  passages?: Passage[] | null;
  /** The passage model; default the one in weights.json ("passages"), null never to quote a passage. */
  passageModel?: PassageModel | null;
  /** Extra dated items (for example deadlines added in Teams). */
  extraDates?: () => DatedItem[];
  /** Where the analysis of the base's texts is kept between starts (index-cache.ts); none: analysed every time. */
  indexCacheDir?: string;
}
