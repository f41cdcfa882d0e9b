import { describe, expect, it } from 'vitest';
import { QuestionAnswerer } from '../../src/domain/answering/pipeline.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { loadGolden, runGolden } from '../support/golden.js';

/**
 * The golden suite: questions written from the source documents by someone who did not see the knowledge
 * base (paraphrases, typos, chat style, and questions it cannot answer). The floors are the foundation issue's
 * target: 95% for both. Never tune an entry to one question here; the held-out sets (scripts/holdout-report.ts)
 * show how well the language handling carries over to questions it was not improved against.
 */
const ANSWERABLE_FLOOR = 0.95;
const UNANSWERABLE_FLOOR = 0.95;

describe('golden question suite', () => {
  const golden = loadGolden();
  const report = runGolden(new QuestionAnswerer(realKnowledgeBase(), { now: () => TODAY }));

  it('has at least 80 questions, at least 15 of them unanswerable', () => {
    expect(golden.answerable.length + golden.unanswerable.length).toBeGreaterThanOrEqual(80);
    expect(golden.unanswerable.length).toBeGreaterThanOrEqual(15);
  });

  it(`answers at least ${ANSWERABLE_FLOOR * 100}% of answerable questions correctly`, () => {
    const rate = report.answerable.correct / report.answerable.total;
    expect(rate, `missers:\n${report.answerable.failures.join('\n')}`).toBeGreaterThanOrEqual(ANSWERABLE_FLOOR);
  });

  it(`says "weet ik niet" to at least ${UNANSWERABLE_FLOOR * 100}% of unanswerable questions`, () => {
    const rate = report.unanswerable.correct / report.unanswerable.total;
    expect(rate, `toch beantwoord:\n${report.unanswerable.failures.join('\n')}`).toBeGreaterThanOrEqual(UNANSWERABLE_FLOOR);
  });
});
