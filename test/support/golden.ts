import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { QaResult, QuestionAnswerer } from '../../src/domain/knowledge/qa.js';
import { fold } from '../../src/domain/knowledge/text.js';

const goldenSchema = z.object({
  answerable: z.array(z.object({ q: z.string().min(2), expect: z.array(z.string().min(1)).min(1) })),
  unanswerable: z.array(z.string().min(2)),
});

export function loadGolden(): z.infer<typeof goldenSchema> {
  return goldenSchema.parse(parse(readFileSync(new URL('../golden/questions.yaml', import.meta.url), 'utf8')));
}

const squash = (text: string): string => fold(text).replace(/\s+/g, ' ');

/** The text a user reads on the answer card: title, answer and date line. */
export function answerText(result: QaResult): string {
  if (result.kind !== 'answer') return '';
  return [result.entry.title, result.answer, result.date?.formatted ?? ''].join('\n');
}

export interface GoldenReport {
  answerable: { total: number; correct: number; failures: string[] };
  unanswerable: { total: number; correct: number; failures: string[] };
}

export function runGolden(qa: QuestionAnswerer): GoldenReport {
  const golden = loadGolden();
  const report: GoldenReport = {
    answerable: { total: golden.answerable.length, correct: 0, failures: [] },
    unanswerable: { total: golden.unanswerable.length, correct: 0, failures: [] },
  };
  for (const { q, expect } of golden.answerable) {
    const result = qa.ask(q);
    const text = squash(answerText(result));
    const ok = result.kind === 'answer' && expect.every((fragment) => text.includes(squash(fragment)));
    if (ok) report.answerable.correct++;
    else {
      report.answerable.failures.push(
        `${q}  ->  ${result.kind === 'answer' ? `${result.entry.id} (${result.confidence})` : result.kind}; verwacht ${JSON.stringify(expect)}`,
      );
    }
  }
  for (const q of golden.unanswerable) {
    const result = qa.ask(q);
    if (result.kind === 'unknown') report.unanswerable.correct++;
    else report.unanswerable.failures.push(`${q}  ->  ${result.kind === 'answer' ? `${result.entry.id} (${result.confidence})` : result.kind}`);
  }
  return report;
}
