import { z } from 'zod';
import { rankerModelSchema } from './ranker.js';
import raw from './weights.json' with { type: 'json' };

/** The weights and thresholds of answering (weights.json), checked once at load. */
const weightsSchema = z
  .object({
    about: z.string(),
    threshold: z.number().min(0).max(1),
    coverageMargin: z.number().min(0).max(1),
    confidence: z.object({ coverage: z.number(), similarity: z.number() }).strict(),
    rank: z
      .object({
        coverageBase: z.number(),
        similarityBase: z.number(),
        datedEntry: z.number().positive(),
        nextStep: z.number().positive(),
        definition: z.number().positive(),
        definitionForList: z.number().positive(),
        otherMunicipality: z.number().positive(),
        ownMunicipality: z.number().positive(),
        regionMentionsMunicipality: z.number().positive(),
      })
      .strict(),
    retrieval: z
      .object({
        candidates: z.number().int().positive(),
        answerOnlyCredit: z.number().min(0).max(1),
        fuzzyCredit: z.number().min(0).max(1),
        commonTermMinDf: z.number().int().positive(),
        commonTermShare: z.number().min(0).max(1),
        maxSearchTerms: z.number().int().positive(),
        maxUnknownSearchTerms: z.number().int().min(0),
        boost: z.object({ questions: z.number(), title: z.number(), topics: z.number(), meta: z.number(), answer: z.number() }).strict(),
        fuzzy: z.number().min(0).max(1),
        fuzzyWeight: z.number().min(0).max(1),
        prefixWeight: z.number().min(0).max(1),
        maxFuzzy: z.number().int().min(0),
      })
      .strict(),
    importance: z.object({ attributive: z.number(), compoundPart: z.number(), lightVerb: z.number(), unknownVerb: z.number(), unusedWord: z.number() }).strict(),
    sourceAgeYears: z.number().int().min(0),
    /** The learned ranker (npm run fit); without it the hand-set rules decide. */
    model: rankerModelSchema.optional(),
  })
  .strict();

export type Weights = z.infer<typeof weightsSchema>;
export const WEIGHTS: Weights = weightsSchema.parse(raw);
