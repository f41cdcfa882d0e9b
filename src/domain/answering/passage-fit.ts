import { fold } from './normalize.js';
import { PASSAGE_FEATURES, type PassageModel } from './passages.js';
import type { QuestionAnswerer } from './pipeline.js';
import { fitLogistic, probability } from './ranker.js';

/**
 * Fitting the passage model (scripts/fit.ts, scripts/cv.ts): one row per question, its best passage with the
 * named features, labelled 1 when the quote (label and passage) contains every expected fragment of an answerable
 * question. The threshold is strict: a wrong quote costs WRONG_QUOTE_COST right ones, about the odds of the curated
 * answers' precision (93.6%), so a quote is given only where quotes are at least as often right as curated answers.
 */
export const PASSAGE_L2 = 1;
export const WRONG_QUOTE_COST = 15;
/** The passage model never quotes below this probability, whatever the training questions say. */
export const MIN_PASSAGE_THRESHOLD = 0.5;

export interface LabelledSet {
  name: string;
  answerable: Array<{ q: string; expect: string[] }>;
  unanswerable: string[];
}

export interface PassageRow {
  set: string;
  answerable: boolean;
  /** Whether the curated entries declined it (only then is a passage considered). */
  declined: boolean;
  /** The best passage's features; undefined when no passage shares a word or a passage check ruled it out. */
  x?: number[];
  y: number;
}

const squash = (t: string): string => fold(t).replace(/\s+/g, ' ');

/** Whether a quote's text holds every expected fragment (the same test as for an answer card). */
export function quoteHolds(label: string, text: string, expect: string[]): boolean {
  const card = squash(`${label}\n${text}`);
  return expect.every((f) => card.includes(squash(f)));
}

export function passageRows(qa: QuestionAnswerer, sets: LabelledSet[]): PassageRow[] {
  const out: PassageRow[] = [];
  for (const set of sets) {
    const items = [...set.answerable.map((a) => ({ q: a.q, expect: a.expect as string[] | undefined })), ...set.unanswerable.map((q) => ({ q, expect: undefined }))];
    for (const { q, expect } of items) {
      const row = qa.passageRow(q);
      if (!row) continue;
      const c = row.candidate;
      const usable = c && !c.failed;
      const y = usable && expect && quoteHolds(row.label ?? '', c.passage.text, expect) ? 1 : 0;
      out.push({ set: set.name, answerable: expect !== undefined, declined: row.declined, ...(usable ? { x: c.x } : {}), y });
    }
  }
  return out;
}

/** Fits the passage model on these rows: logistic regression on every usable row, the threshold on the declined ones. */
export function fitPassageModel(rows: PassageRow[], sets: string[]): PassageModel {
  const usable = rows.filter((r) => r.x);
  const model = fitLogistic(usable.map((r) => r.x!), usable.map((r) => r.y), PASSAGE_L2);
  const declined = usable.filter((r) => r.declined).map((r) => ({ p: probability(model, r.x!), y: r.y }));
  let threshold = 1;
  let bestScore = 0;
  for (let t = MIN_PASSAGE_THRESHOLD; t <= 0.991; t += 0.01) {
    let score = 0;
    for (const d of declined) if (d.p >= t) score += d.y === 1 ? 1 : -WRONG_QUOTE_COST;
    if (score > bestScore) {
      bestScore = score;
      threshold = Math.round(t * 100) / 100;
    }
  }
  return {
    features: [...PASSAGE_FEATURES],
    model,
    threshold,
    fitted: { sets, questions: rows.length, positives: usable.filter((r) => r.y === 1).length, l2: PASSAGE_L2 },
  };
}
