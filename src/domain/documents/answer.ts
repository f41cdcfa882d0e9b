import type { DocumentMeta } from './document-store.js';
import type { PassageSearch, ScoredPassage } from './passage-index.js';
import type { Passage } from './passages.js';

/**
 * An answer from an added document: a passage shown verbatim, labelled as not checked by an organiser. It is only
 * given where the curated knowledge has no answer (the answerer said "unknown").
 */
export interface DocumentAnswer {
  kind: 'document';
  question: string;
  passage: Passage;
  document: DocumentMeta;
  confidence: number;
  /** Other passages that also reach the threshold, for a "Zie ook". */
  others: ScoredPassage[];
}

/**
 * How much of the question's informative weight (inverse passage frequency) a passage must cover to be shown.
 * High on purpose: a passage is shown as it stands, nobody checked it, and a wrong one costs more than "weet ik
 * niet zeker". At least two informative words must match, so a one-word question never picks a passage.
 */
export const PASSAGE_THRESHOLD = 0.8;
const MIN_MATCHED_TERMS = 2;

/**
 * The hook where the answerer falls back to documents: given what the curated knowledge answered, a passage that
 * answers with enough confidence when it did not. Anything other than an "unknown" result is kept as it is.
 */
export function answerFromDocuments(
  result: { kind: string },
  question: string,
  passages: PassageSearch | undefined,
  threshold = PASSAGE_THRESHOLD,
): DocumentAnswer | undefined {
  if (!passages || result.kind !== 'unknown') return undefined;
  const found = passages.search(question, 4, { minConfidence: threshold });
  const best = found[0];
  if (!best || best.confidence < threshold || best.matched < MIN_MATCHED_TERMS) return undefined;
  return { kind: 'document', question, passage: best.passage, document: best.document, confidence: best.confidence, others: found.slice(1, 3) };
}
