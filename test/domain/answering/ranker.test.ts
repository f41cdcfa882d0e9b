import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../../../src/domain/answering/features.js';
import { decide, fitLogistic, probability, solve } from '../../../src/domain/answering/ranker.js';
import { WEIGHTS } from '../../../src/domain/answering/weights.js';

/** A small deterministic pseudo-random sequence, so the fit is tested on the same data every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('logistic regression', () => {
  it('solves a linear system', () => {
    expect(solve([[4, 1], [1, 3]], [1, 2]).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.090909, 0.636364]);
  });

  it('recovers the weights of data drawn from a known logistic model, and its probabilities are calibrated', () => {
    const rand = random(7);
    const xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const x = [rand() * 4 - 2, rand() * 4 - 2];
      const p = 1 / (1 + Math.exp(-(0.5 + 2 * x[0]! - 1 * x[1]!)));
      xs.push(x);
      ys.push(rand() < p ? 1 : 0);
    }
    const fit = fitLogistic(xs, ys, 0.01);
    // Back from standardized features to the raw scale.
    const raw = fit.coef.map((c, j) => c / fit.scale[j]!);
    expect(raw[0]).toBeCloseTo(2, 0);
    expect(raw[1]).toBeCloseTo(-1, 0);
    // Calibration: among rows predicted near 0.7, about 70% are positive.
    const near = xs.map((x, i) => ({ p: probability(fit, x), y: ys[i]! })).filter((r) => r.p > 0.6 && r.p < 0.8);
    const share = near.filter((r) => r.y === 1).length / near.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.8);
  });

  it('gives the same weights for the same rows (deterministic)', () => {
    const xs = [[0, 1], [1, 0], [1, 1], [0, 0], [2, 1]];
    const ys = [0, 1, 1, 0, 1];
    expect(fitLogistic(xs, ys, 1)).toEqual(fitLogistic(xs, ys, 1));
  });
});

describe('the shipped ranker (weights.json, npm run fit)', () => {
  it('has a weight for every named feature, in order', () => {
    expect(WEIGHTS.model?.features).toEqual([...FEATURE_NAMES]);
  });

  it('picks the candidate with the highest probability and gives a probability that it answers', () => {
    const model = WEIGHTS.model!;
    const good = FEATURE_NAMES.map((n) => (/^gate:/.test(n) ? 0 : n === 'coverage' || n === 'similarity' || n === 'rule:passes' || n === 'rule:chosen' ? 1 : model.rank.mean[FEATURE_NAMES.indexOf(n)]!));
    const bad = FEATURE_NAMES.map((n, i) => (/^gate:/.test(n) ? 1 : n === 'coverage' || n === 'similarity' ? 0.1 : n.startsWith('rule:') ? 0 : model.rank.mean[i]!));
    const decision = decide(model, [bad, good]);
    expect(decision.best).toBe(1);
    expect(decision.p).toBeGreaterThan(0);
    expect(decision.p).toBeLessThan(1);
  });
});
