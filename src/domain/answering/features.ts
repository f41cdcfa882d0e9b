import type { EntryFacts } from './entry-facts.js';
import type { GateFailure } from './gate.js';
import { PATTERNS } from './language.js';
import type { Hit } from './retrieve.js';
import { confidenceOf } from './score.js';
import type { Intent } from './understand.js';

/**
 * The named features of a candidate entry for a question, which the learned ranker (ranker.ts) combines into the
 * probability that the entry answers the question. Each is a number; gate checks and fits are 0 or 1.
 */
export const FEATURE_NAMES = [
  'coverage',
  'similarity',
  'ruleConfidence',
  'logBm25',
  'bm25Share',
  'rankReciprocal',
  'coverageGap',
  'similarityGap',
  'missingWords',
  'missingShare',
  'missingKnown',
  'rule:passes',
  'rule:chosen',
  'unknownShare',
  'queryTerms',
  'gate:municipality',
  'gate:region-wide',
  'gate:action',
  'gate:year',
  'gate:count',
  'gate:deadline',
  'gate:date',
  'gate:time',
  'gate:other-municipality',
  'gate:coverage-margin',
  'gate:any',
  'fit:datedForDate',
  'fit:definition',
  'fit:definitionForList',
  'fit:ownMunicipality',
  'fit:regionForMunicipality',
  'fit:nextStep',
  'fit:titleCoversQuestion',
  'entry:definition',
  'entry:dated',
  'entry:askedNotGiven',
  'fit:outcomeAskedNotGiven',
  'fit:outcomeOfOpen',
  'fit:futureOfPast',
  'intent:count',
  'intent:date',
  'intent:definition',
  'intent:municipality',
  'bm25PerTerm',
  'fit:nowOfPast',
  'fit:termInTitle',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** What the features of one candidate are computed from. */
export interface FeatureInput {
  hit: Hit;
  /** Position in the ranking (0 = first). */
  position: number;
  intent: Intent;
  /** Every check it fails: gate.ts, and the two checks against the other candidates. */
  failures: GateFailure[];
  best: { coverage: number; similarity: number; bm25: number };
  /** Share of the question's search terms that no entry contains, and how many terms it has. */
  unknownShare: number;
  queryTerms: number;
  facts: EntryFacts;
  /** The content words of the question (normalized, stop words left out). */
  content: string[];
  /** Whether the hand-set rules would answer with this candidate (the first in rank order that fails no check). */
  ruleChoice: boolean;
  /** Whether every document the entry cites is from an earlier calendar year than today's. */
  pastSources: boolean;
}

export function featuresOf(input: FeatureInput): number[] {
  const { hit, intent, facts } = input;
  const failed = new Set(input.failures.map((f) => f.check));
  const isDefinition = hit.entry.topics.includes('begrip');
  const named = intent.named.size > 0;
  const about = named && facts.isAbout(hit.entry, intent.named);
  const own = hit.entry.municipality && hit.entry.municipality !== 'Regio';
  const asked = facts.texts(hit.entry).askedNotGiven;
  const values: Record<FeatureName, number> = {
    coverage: hit.coverage,
    similarity: hit.similarity,
    ruleConfidence: confidenceOf(hit),
    logBm25: Math.log1p(hit.score),
    bm25Share: input.best.bm25 > 0 ? hit.score / input.best.bm25 : 0,
    rankReciprocal: 1 / (1 + input.position),
    coverageGap: hit.coverage - input.best.coverage,
    similarityGap: hit.similarity - input.best.similarity,
    missingWords: Math.min(hit.missing.length, 5),
    missingShare: hit.missingShare,
    missingKnown: Math.min(hit.missingKnown, 3),
    'rule:passes': Number(failed.size === 0),
    'rule:chosen': Number(input.ruleChoice),
    unknownShare: input.unknownShare,
    queryTerms: Math.min(input.queryTerms, 10),
    'gate:municipality': Number(failed.has('municipality')),
    'gate:region-wide': Number(failed.has('region-wide')),
    'gate:action': Number(failed.has('action')),
    'gate:year': Number(failed.has('year')),
    'gate:count': Number(failed.has('count')),
    'gate:deadline': Number(failed.has('deadline')),
    'gate:date': Number(failed.has('date')),
    'gate:time': Number(failed.has('time')),
    'gate:other-municipality': Number(failed.has('other-municipality')),
    'gate:coverage-margin': Number(failed.has('coverage-margin')),
    'gate:any': Number([...failed].some((c) => c !== 'confidence')),
    'fit:datedForDate': Number(intent.date && Boolean(hit.entry.event)),
    'fit:definition': Number(intent.definition && isDefinition),
    'fit:definitionForList': Number(intent.list && isDefinition),
    'fit:ownMunicipality': Number(about && Boolean(own)),
    'fit:regionForMunicipality': Number(about && !own),
    'fit:nextStep': Number(intent.next && PATTERNS.next_step.test(facts.texts(hit.entry).full)),
    'fit:titleCoversQuestion': Number(input.content.length > 0 && input.content.every((w) => facts.texts(hit.entry).titleWords.includes(w))),
    'entry:definition': Number(isDefinition),
    'entry:dated': Number(Boolean(hit.entry.event)),
    'entry:askedNotGiven': Number(asked),
    'fit:outcomeAskedNotGiven': Number(intent.outcome && asked),
    'fit:outcomeOfOpen': Number(intent.outcome && hit.entry.event !== undefined && hit.entry.event.status !== 'afgerond'),
    'fit:futureOfPast': Number(intent.future && hit.entry.event?.status === 'afgerond'),
    'intent:count': Number(intent.counted !== undefined),
    'intent:date': Number(intent.date),
    'intent:definition': Number(intent.definition),
    'intent:municipality': Number(named),
    bm25PerTerm: Math.log1p(hit.score / Math.max(1, input.queryTerms)),
    'fit:nowOfPast': Number(intent.now && input.pastSources),
    'fit:termInTitle': Number(intent.term !== undefined && facts.titleNames(hit.entry, intent.term)),
  };
  return FEATURE_NAMES.map((name) => values[name]);
}
