// The labelled question sets in test/golden that scripts may read: questions.yaml and holdout*.yaml, never a blind
// set (one written by a helper who saw only the documents, kept out until it has been measured once). Sets 11 to 21
// were measured once (README "How answering works") and have been fitted on since; a new blind set goes in here.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const GOLDEN_DIR = fileURLToPath(new URL('../test/golden/', import.meta.url));
/** Sets that no script here opens. */
export const BLIND_SETS = new Set<string>(['holdout22.yaml']);

export interface QuestionSet {
  name: string;
  answerable: Array<{ q: string; expect: string[] }>;
  unanswerable: string[];
}

/** Names of the readable sets, golden suite first, then the held-out sets in numeric order. */
export function setNames(): string[] {
  const order = (name: string): number => (name === 'questions.yaml' ? -1 : Number(/\d+/.exec(name)?.[0] ?? 1) + (/b\.yaml$/.test(name) ? 0.5 : 0));
  return readdirSync(GOLDEN_DIR)
    .filter((name) => (name === 'questions.yaml' || /^holdout\d*[a-z]?\.yaml$/.test(name)) && !BLIND_SETS.has(name))
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

export function loadSet(name: string): QuestionSet {
  if (BLIND_SETS.has(name)) throw new Error(`${name} is a blind set`);
  // An unanswerable question is written as text, or as { q, why } when its writer said why it is not answerable.
  const data = parse(readFileSync(`${GOLDEN_DIR}${name}`, 'utf8')) as { answerable?: QuestionSet['answerable']; unanswerable?: Array<string | { q: string }> };
  return { name, answerable: data.answerable ?? [], unanswerable: (data.unanswerable ?? []).map((u) => (typeof u === 'string' ? u : u.q)) };
}

export function loadSets(): QuestionSet[] {
  return setNames().map(loadSet);
}
