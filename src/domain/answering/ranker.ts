import { z } from 'zod';

/**
 * The learned ranker: logistic regression over the named features (features.ts), fitted on the labelled question sets
 * (scripts/fit.ts, `npm run fit`). Its output is the probability that a candidate entry answers the question; the best
 * candidate answers when that probability reaches the model's threshold.
 */
export const logisticSchema = z
  .object({
    /** Standardization: x' = (x - mean) / scale. */
    mean: z.array(z.number()),
    scale: z.array(z.number().positive()),
    coef: z.array(z.number()),
    intercept: z.number(),
  })
  .strict()
  .refine((m) => m.mean.length === m.coef.length && m.scale.length === m.coef.length, 'mean, scale en coef horen even lang te zijn');

/** The features of the answer model: the ranker's view of the best candidate, then that candidate's own features. */
export const ANSWER_EXTRA_FEATURES = ['rankLogit', 'rankGap'] as const;

export const rankerModelSchema = z
  .object({
    /** The candidate features (features.ts FEATURE_NAMES), in this order. */
    features: z.array(z.string()).min(1),
    /** Stage 1: the probability that a candidate answers the question; the best candidate is the one to answer with. */
    rank: logisticSchema,
    /** Stage 2: the probability that the best candidate answers it, from ANSWER_EXTRA_FEATURES and its features. */
    answer: logisticSchema,
    /** Minimum probability (stage 2) to answer. */
    threshold: z.number().min(0).max(1),
    /** How it was fitted: the sets, the number of rows and questions, the L2 penalty. */
    fitted: z.object({ sets: z.array(z.string()), rows: z.number().int(), questions: z.number().int(), l2: z.number() }).strict(),
  })
  .strict()
  .refine((m) => m.rank.coef.length === m.features.length && m.answer.coef.length === m.features.length + ANSWER_EXTRA_FEATURES.length, 'het aantal gewichten past niet bij features');
export type RankerModel = z.infer<typeof rankerModelSchema>;
export type Logistic = z.infer<typeof logisticSchema>;

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const logit = (p: number): number => Math.log(Math.max(p, 1e-6) / Math.max(1 - p, 1e-6));

/** The linear score of each feature (coef times standardized value), for the trace. */
export function contributions(model: Logistic, x: number[]): number[] {
  return model.coef.map((c, i) => c * ((x[i]! - model.mean[i]!) / model.scale[i]!));
}

export function probability(model: Logistic, x: number[]): number {
  return sigmoid(model.intercept + contributions(model, x).reduce((a, b) => a + b, 0));
}

/** The answer model's input for the best candidate: its rank probability, the gap to the second, its features. */
export function answerInput(rankP: number, secondP: number, x: number[]): number[] {
  return [logit(rankP), rankP - secondP, ...x];
}

/** The stage-1 probabilities of the candidates, the index of the best, and the stage-2 probability that it answers. */
export function decide(model: RankerModel, xs: number[][]): { ps: number[]; best: number; answerX: number[]; p: number } {
  const ps = xs.map((x) => probability(model.rank, x));
  let best = 0;
  for (let i = 1; i < ps.length; i++) if (ps[i]! > ps[best]!) best = i;
  const second = Math.max(0, ...ps.filter((_, i) => i !== best));
  const answerX = answerInput(ps[best]!, second, xs[best]!);
  return { ps, best, answerX, p: probability(model.answer, answerX) };
}

export interface LogisticFit {
  mean: number[];
  scale: number[];
  coef: number[];
  intercept: number;
}

/**
 * Fits L2-regularized logistic regression by Newton's method (iteratively reweighted least squares) on standardized
 * features. Deterministic: the same rows give the same weights. The intercept is not penalized.
 */
export function fitLogistic(xs: number[][], ys: number[], l2 = 1, iterations = 50): LogisticFit {
  const n = xs.length;
  const d = xs[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((a, x) => a + x[j]!, 0) / Math.max(n, 1));
  const scale = Array.from({ length: d }, (_, j) => {
    const variance = xs.reduce((a, x) => a + (x[j]! - mean[j]!) ** 2, 0) / Math.max(n, 1);
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  // Row i: [1, standardized features].
  const rows = xs.map((x) => [1, ...x.map((v, j) => (v - mean[j]!) / scale[j]!)]);
  const w = new Array<number>(d + 1).fill(0);
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      let z = 0;
      for (let j = 0; j <= d; j++) z += w[j]! * r[j]!;
      const p = sigmoid(z);
      const g = p - ys[i]!;
      const h = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j <= d; j++) {
        grad[j]! += g * r[j]!;
        const hj = h * r[j]!;
        const row = hess[j]!;
        for (let k = j; k <= d; k++) row[k]! += hj * r[k]!;
      }
    }
    for (let j = 0; j <= d; j++) for (let k = 0; k < j; k++) hess[j]![k] = hess[k]![j]!;
    for (let j = 1; j <= d; j++) {
      grad[j]! += l2 * w[j]!;
      hess[j]![j]! += l2;
    }
    const step = solve(hess, grad);
    let change = 0;
    for (let j = 0; j <= d; j++) {
      w[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-8) break;
  }
  return { mean, scale, coef: w.slice(1), intercept: w[0]! };
}

/** Solves a x = b for a symmetric positive definite a (Gaussian elimination with partial pivoting). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let c = r + 1; c < n; c++) s -= m[r]![c]! * x[c]!;
    x[r] = Math.abs(m[r]![r]!) < 1e-12 ? 0 : s / m[r]![r]!;
  }
  return x;
}
