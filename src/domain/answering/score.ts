import type { EntryFacts } from './entry-facts.js';
import { PATTERNS } from './language.js';
import type { Hit } from './retrieve.js';
import type { Intent } from './understand.js';
import { WEIGHTS } from './weights.js';

/**
 * Stage 4 of answering, score: named features of a candidate entry. The confidence is how much of the question's
 * informative weight the entry covers and how close the question is to one of its phrasings; the rank orders the
 * candidates (BM25 nudged by what the question asks). Every weight is in weights.json.
 */
export function confidenceOf(hit: Hit): number {
  return WEIGHTS.confidence.coverage * hit.coverage + WEIGHTS.confidence.similarity * hit.similarity;
}

export interface Ranked {
  hit: Hit;
  rank: number;
  /** The ranking factors that applied, by name. */
  factors: string[];
}

/** BM25 score nudged by what the question asks: dates prefer dated entries, a named municipality its own. */
export function rankOf(hit: Hit, intent: Intent, facts: EntryFacts): Ranked {
  const w = WEIGHTS.rank;
  const factors: string[] = [];
  let rank = hit.score * (w.coverageBase + hit.coverage) * (w.similarityBase + hit.similarity);
  const apply = (name: keyof typeof w): void => {
    rank *= w[name];
    factors.push(`${name} x${w[name]}`);
  };
  if (intent.date && hit.entry.event) apply('datedEntry');
  if (intent.next && PATTERNS.next_step.test(facts.texts(hit.entry).full)) apply('nextStep');
  const isDefinition = hit.entry.topics.includes('begrip');
  if (intent.definition && isDefinition) apply('definition');
  if (intent.list && isDefinition) apply('definitionForList');
  if (intent.named.size > 0) {
    const own = hit.entry.municipality;
    apply(!facts.isAbout(hit.entry, intent.named) ? 'otherMunicipality' : own && own !== 'Regio' ? 'ownMunicipality' : 'regionMentionsMunicipality');
  }
  return { hit, rank, factors };
}
