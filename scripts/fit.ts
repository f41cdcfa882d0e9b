// Fits the learned ranker on every readable question set (never a blind set, scripts/golden-sets.ts) and writes it into
// src/domain/answering/weights.json (key "model"). Deterministic: the same sets and knowledge give the same file.
//   npm run fit
import { readFileSync, writeFileSync } from 'node:fs';
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';
import { loadSets } from './golden-sets.js';
import { fitPassageModel, passageRows } from '../src/domain/answering/passage-fit.js';
import { fitRanker, questionRows } from './ranker-data.js';

const file = new URL('../src/domain/answering/weights.json', import.meta.url);
const sets = loadSets();
const kb = loadKnowledgeFromDisk();
const qa = new QuestionAnswerer(kb, { now: () => new Date('2026-11-23T12:00:00+01:00'), model: null });
const model = fitRanker(questionRows(qa, kb, sets), sets.map((s) => s.name));
const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const weights = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const rounded = (l: typeof model.rank): typeof model.rank => ({ mean: l.mean.map(round), scale: l.scale.map(round), coef: l.coef.map(round), intercept: round(l.intercept) });
weights.model = { ...model, rank: rounded(model.rank), answer: rounded(model.answer) };
// The passage model, on the rows of the curated model just fitted (which questions it declines, its probabilities).
const fitted = new QuestionAnswerer(loadKnowledgeFromDisk(), { now: () => new Date('2026-11-23T12:00:00+01:00'), model: weights.model as typeof model, passageModel: null });
const passages = fitPassageModel(passageRows(fitted, sets), sets.map((s) => s.name));
weights.passageModel = { ...passages, model: rounded(passages.model) };
writeFileSync(file, `${JSON.stringify(weights, null, 2)}\n`);
console.log(`fitted on ${model.fitted.questions} questions (${model.fitted.rows} candidate rows) of ${sets.length} sets; threshold ${model.threshold}`);
console.log('feature                     rank   answer');
for (const [i, name] of model.features.entries()) console.log(`  ${name.padEnd(26)} ${model.rank.coef[i]!.toFixed(3).padStart(6)} ${model.answer.coef[i + 2]!.toFixed(3).padStart(6)}`);
console.log(`  rankLogit ${model.answer.coef[0]!.toFixed(3)}, rankGap ${model.answer.coef[1]!.toFixed(3)}`);
console.log(`passage model: ${passages.fitted.questions} questions, ${passages.fitted.positives} with a passage that holds the answer; threshold ${passages.threshold} (${fitted.passages.size} passages)`);
for (const [i, name] of passages.features.entries()) console.log(`  ${name.padEnd(26)} ${passages.model.coef[i]!.toFixed(3).padStart(6)}`);
