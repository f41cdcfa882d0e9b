import { z } from 'zod';
import { logisticSchema, rankerModelSchema } from './ranker.js';
import raw from './weights.json' with { type: 'json' };

const passageModelSchema = z
  .object({
    /** passages.ts PASSAGE_FEATURES, in this order. */
    features: z.array(z.string()).min(1),
    model: logisticSchema,
    /** Minimum probability to quote the passage. */
    threshold: z.number().min(0).max(1),
    fitted: z.object({ sets: z.array(z.string()), questions: z.number().int(), positives: z.number().int(), l2: z.number() }).strict(),
  })
  .strict()
  .refine((m) => m.model.coef.length === m.features.length, 'het aantal gewichten past niet bij features');

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
        boost: z.object({ questions: z.number(), title: z.number(), topics: z.number(), meta: z.number(), answer: z.number(), source: z.number() }).strict(),
        fuzzy: z.number().min(0).max(1),
        fuzzyWeight: z.number().min(0).max(1),
        prefixWeight: z.number().min(0).max(1),
        maxFuzzy: z.number().int().min(0),
      })
      .strict(),
    importance: z.object({ attributive: z.number(), compoundPart: z.number(), lightVerb: z.number(), unknownVerb: z.number(), unusedWord: z.number() }).strict(),
    sourceAgeYears: z.number().int().min(0),
    /** Phrasing similarity from which a question counts as worded as an entry's stored phrasing (pipeline samePhrasing). */
    samePhrasing: z.number().min(0).max(1),
    /** Coverage of the question a search hit needs to be offered as a related question beside an answer (compose suggestions). */
    relatedCoverage: z.number().min(0).max(1),
    /** The learned ranker (npm run fit); without it the hand-set rules decide. */
    model: rankerModelSchema.optional(),
    /** How documents are split into passages, and when the best passage is too close to the next to quote. */
    passages: z.object({ minChars: z.number().int().positive(), maxChars: z.number().int().positive(), pieceChars: z.number().int().positive(), ambiguousRatio: z.number().min(0).max(1) }).strict(),
    /** The passage model (npm run fit): when a passage of the documents may be quoted; without it none is. */
    passageModel: passageModelSchema.optional(),
  })
  .strict();

export type Weights = z.infer<typeof weightsSchema>;
export const WEIGHTS: Weights = weightsSchema.parse(raw);
