// The labelled rows the learned ranker is fitted on, and the measures of a set, shared by scripts/fit.ts and
// scripts/cv.ts. A row is one candidate entry of one question (the question asked whole, as ask() first reads it),
// labelled 1 when the entry's answer card contains every expected fragment of an answerable question.
import { formatDutchDate } from '../src/domain/dates.js';
import { fold } from '../src/domain/answering/normalize.js';
import type { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { answerInput, fitLogistic, probability, type Logistic, type RankerModel } from '../src/domain/answering/ranker.js';
import { FEATURE_NAMES } from '../src/domain/answering/features.js';
import type { KnowledgeBase } from '../src/domain/knowledge/load.js';
import type { KnowledgeEntry } from '../src/domain/knowledge/schema.js';
import { answerText } from '../test/support/golden.js';
import type { QuestionSet } from './golden-sets.js';

/** L2 penalty of the fit, on standardized features. */
export const L2 = 0.3;
/** A wrong answer costs this many times a declined answerable question when the threshold is chosen. */
export const WRONG_COST = 2;
/** Stage 2 is fitted on stage-1 probabilities made out of fold, in this many groups of sets. */
export const INNER_FOLDS = 4;

const squash = (t: string): string => fold(t).replace(/\s+/g, ' ');
const cardText = (entry: KnowledgeEntry): string => squash([entry.title, entry.answer.trim(), entry.event ? formatDutchDate(entry.event.date) : ''].join('\n'));

export interface QuestionRows {
  set: string;
  answerable: boolean;
  rows: Array<{ x: number[]; y: number }>;
}

export function questionRows(qa: QuestionAnswerer, kb: KnowledgeBase, sets: QuestionSet[]): QuestionRows[] {
  const out: QuestionRows[] = [];
  for (const set of sets) {
    const items = [...set.answerable.map((a) => ({ q: a.q, expect: a.expect })), ...set.unanswerable.map((q) => ({ q, expect: undefined }))];
    for (const { q, expect } of items) {
      const rows = qa.candidateRows(q).map(({ id, x }) => {
        const entry = kb.byId.get(id)!;
        const y = expect && expect.every((f) => cardText(entry).includes(squash(f))) ? 1 : 0;
        return { x, y };
      });
      out.push({ set: set.name, answerable: expect !== undefined, rows });
    }
  }
  return out;
}

/**
 * Fits the ranker on these questions' rows: stage 1 on every candidate, stage 2 on the best candidate of each
 * question by stage 1 (its stage-1 probabilities out of fold: each question's set is left out when they are made,
 * so stage 2 learns how far stage 1 can be trusted on questions it has not seen), then the threshold.
 */
export function fitRanker(questions: QuestionRows[], sets: string[]): RankerModel {
  const rank = fitRows(questions);
  // Stage-1 probabilities out of fold, in INNER_FOLDS groups of whole sets.
  const setNames = [...new Set(questions.map((q) => q.set))];
  const fold = (set: string): number => setNames.indexOf(set) % INNER_FOLDS;
  const byFold = new Map<number, Logistic>();
  if (setNames.length > 1) for (let f = 0; f < Math.min(INNER_FOLDS, setNames.length); f++) byFold.set(f, fitRows(questions.filter((q) => fold(q.set) !== f)));
  const tops = questions
    .filter((q) => q.rows.length > 0)
    .map((q) => {
      const inner = byFold.get(fold(q.set)) ?? rank;
      const partial = { features: [...FEATURE_NAMES], rank: inner, answer: inner, threshold: 0, fitted: { sets, rows: 0, questions: 0, l2: L2 } };
      const ps = q.rows.map((r) => probability(partial.rank, r.x));
      let best = 0;
      for (let i = 1; i < ps.length; i++) if (ps[i]! > ps[best]!) best = i;
      const second = Math.max(0, ...ps.filter((_, i) => i !== best));
      return { x: answerInput(ps[best]!, second, q.rows[best]!.x), y: q.rows[best]!.y, answerable: q.answerable };
    });
  const answer = fitLogistic(tops.map((t) => t.x), tops.map((t) => t.y), L2);
  const model: RankerModel = {
    features: [...FEATURE_NAMES],
    rank,
    answer,
    threshold: 0.5,
    fitted: { sets, rows: questions.reduce((a, q) => a + q.rows.length, 0), questions: questions.length, l2: L2 },
  };
  model.threshold = chooseThreshold(
    tops.map((t) => ({ p: probability(answer, t.x), y: t.y, answerable: t.answerable })),
    questions.filter((q) => q.rows.length === 0).map((q) => q.answerable),
  );
  return model;
}

function fitRows(questions: QuestionRows[]): Logistic {
  return fitLogistic(
    questions.flatMap((q) => q.rows.map((r) => r.x)),
    questions.flatMap((q) => q.rows.map((r) => r.y)),
    L2,
  );
}

/**
 * The threshold that maximizes, over the training questions, the answerable ones answered correctly plus the
 * unanswerable ones declined, less WRONG_COST for each wrong answer. `empty`: questions without candidates.
 */
function chooseThreshold(tops: Array<{ p: number; y: number; answerable: boolean }>, empty: boolean[]): number {
  const declinedAnyway = empty.filter((answerable) => !answerable).length;
  let bestT = 0.5;
  let bestScore = -Infinity;
  for (let t = 0.05; t <= 0.951; t += 0.01) {
    let score = declinedAnyway;
    for (const top of tops) {
      if (top.p < t) score += top.answerable ? 0 : 1;
      else score += top.y === 1 ? 1 : -WRONG_COST;
    }
    if (score > bestScore) {
      bestScore = score;
      bestT = Math.round(t * 100) / 100;
    }
  }
  return bestT;
}

export interface SetFigures {
  set: string;
  answerable: number;
  correct: number;
  unanswerable: number;
  declined: number;
  answered: number;
  answeredCorrect: number;
}

/** Runs every question of a set through ask() and counts: answerable correct, unanswerable declined, precision. */
export function measure(qa: QuestionAnswerer, set: QuestionSet, misses?: string[]): SetFigures {
  const f: SetFigures = { set: set.name, answerable: set.answerable.length, correct: 0, unanswerable: set.unanswerable.length, declined: 0, answered: 0, answeredCorrect: 0 };
  for (const { q, expect } of set.answerable) {
    const r = qa.ask(q);
    const ok = r.kind === 'answer' && expect.every((x) => squash(answerText(r)).includes(squash(x)));
    if (!ok) misses?.push(`A ${q} -> ${r.kind === 'answer' ? `WRONG ${r.entry.id}` : r.kind}: ${r.trace?.decision.reason ?? ''}`);
    if (r.kind === 'unknown') continue;
    f.answered++;
    if (ok) {
      f.correct++;
      f.answeredCorrect++;
    }
  }
  for (const q of set.unanswerable) {
    const r = qa.ask(q);
    if (r.kind === 'unknown') f.declined++;
    else {
      f.answered++;
      misses?.push(`U ${q} -> ${r.kind === 'answer' ? r.entry.id : r.kind}: ${r.trace?.decision.reason ?? ''}`);
    }
  }
  return f;
}

const pct = (a: number, b: number): string => (b === 0 ? '  -  ' : `${((100 * a) / b).toFixed(1)}%`);
export function figureRow(f: SetFigures): string {
  return `| ${f.set} | ${f.answerable} + ${f.unanswerable} | ${pct(f.correct, f.answerable)} | ${pct(f.declined, f.unanswerable)} | ${pct(f.answeredCorrect, f.answered)} |`;
}
export function total(figures: SetFigures[], name = 'all'): SetFigures {
  const sum = (k: keyof Omit<SetFigures, 'set'>): number => figures.reduce((a, f) => a + f[k], 0);
  return { set: name, answerable: sum('answerable'), correct: sum('correct'), unanswerable: sum('unanswerable'), declined: sum('declined'), answered: sum('answered'), answeredCorrect: sum('answeredCorrect') };
}
