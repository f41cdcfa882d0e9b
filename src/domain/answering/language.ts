import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseYamlCached } from '../knowledge/yaml-cache.js';
import { lexiconFileSchema, MUNICIPALITIES, type Lexicon } from '../knowledge/schema.js';

/**
 * The Dutch language data of answering, each list defined once in knowledge/nl/: words.yaml (question words, months,
 * municipalities, fillers, stop words, particles, ...), lexicon.yaml (synonyms, word forms, names, actions) and
 * intents.yaml (patterns that refer to the word lists, each with examples). Loaded and checked with zod at import;
 * a broken file stops the bot with a message that names it.
 */
const NL_DIR = new URL('../../../knowledge/nl/', import.meta.url);

const wordList = z.array(z.string().regex(/^[a-z0-9 -]+$/, 'gevouwen: kleine letters zonder accenten')).min(1);

const municipalitySchema = z
  .object({
    name: z.enum(MUNICIPALITIES),
    words: wordList.optional(),
    adjectives: wordList.optional(),
    others: wordList.optional(),
    phrases: wordList.optional(),
  })
  .strict();

const wordsSchema = z
  .object({
    question_words: z.object({ open_clause: wordList, other: wordList, before_noun: wordList }).strict(),
    question_verbs: wordList,
    prepositions: wordList,
    months: wordList.length(12),
    municipalities: z.array(municipalitySchema).min(1),
    fillers: wordList,
    pronouns: wordList,
    back_references: wordList,
    document_words: wordList,
    where_seen: wordList,
    where_prepositions: wordList,
    stopwords: wordList,
    iso_keep: wordList,
    auxiliaries: wordList,
    attributive_adjectives: wordList,
    separable_particles: wordList,
    articles: wordList,
    participle_prefixes: wordList,
    number_words: wordList,
    count_openers: wordList,
    duration_units: wordList,
    duration_words: wordList,
  })
  .strict();

const patternSchema = z
  .object({
    about: z.string().min(3),
    on: z.enum(['question', 'entry', 'word']).default('question'),
    flags: z.string().regex(/^[gi]*$/).default(''),
    pattern: z.string().min(1),
    match: z.array(z.string()).min(1),
    no: z.array(z.string()).min(1),
  })
  .strict();
const intentsSchema = z.object({ patterns: z.record(z.string(), patternSchema) }).strict();

function readYaml<T>(file: string, schema: z.ZodType<T>): T {
  // Parsed from the cache of earlier parses of the same text when there (yaml-cache.ts).
  const result = schema.safeParse(parseYamlCached(readFileSync(new URL(file, NL_DIR), 'utf8')));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`knowledge/nl/${file} is ongeldig: ${problems}`);
  }
  return result.data;
}

export type WordLists = z.infer<typeof wordsSchema>;
export const WORDS: WordLists = readYaml('words.yaml', wordsSchema);

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The word lists a pattern may name, as {name} or {name.part}. */
function listNamed(name: string): string[] {
  const [head, part] = name.split('.') as [string, string | undefined];
  const value = (WORDS as Record<string, unknown>)[head];
  const list = part !== undefined && value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[part] : value;
  if (!Array.isArray(list) || !list.every((w) => typeof w === 'string')) throw new Error(`knowledge/nl/intents.yaml: onbekende woordenlijst {${name}}`);
  return list as string[];
}

/** A pattern's text with each {list} replaced by the alternation of its words. */
export function expandPattern(pattern: string): string {
  return pattern.replace(/\{([a-z_]+(?:\.[a-z_]+)?)\}/g, (_m, name: string) => `(?:${listNamed(name).map(escape).join('|')})`);
}

export type PatternSpec = z.infer<typeof patternSchema>;
export const PATTERN_SPECS: Record<string, PatternSpec> = readYaml('intents.yaml', intentsSchema).patterns;

const PATTERN_NAMES = [
  'deadline', 'definition', 'list', 'money', 'count', 'date', 'upcoming', 'year_asked', 'time', 'now', 'next',
  'question_frame', 'year', 'clause_break', 'question_opener', 'definition_term', 'definition_is', 'term_label',
  'term_end', 'where_seen_opening', 'deadline_wording', 'date_in_text', 'period_name', 'time_of_day', 'next_step',
  'full_question', 'number_token', 'participle', 'latin_verb', 'outcome', 'asked_not_given', 'future', 'property_of',
] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

function compileAll(): Record<PatternName, RegExp> {
  const missing = PATTERN_NAMES.filter((name) => !PATTERN_SPECS[name]);
  if (missing.length > 0) throw new Error(`knowledge/nl/intents.yaml mist: ${missing.join(', ')}`);
  return Object.fromEntries(PATTERN_NAMES.map((name) => [name, new RegExp(expandPattern(PATTERN_SPECS[name]!.pattern), PATTERN_SPECS[name]!.flags)])) as Record<PatternName, RegExp>;
}
/** The compiled patterns. Those with flag g are for replace and match only (never .test, which keeps state). */
export const PATTERNS: Record<PatternName, RegExp> = compileAll();

/** Words by which a question names each municipality (folded; a phrase of several words as written). */
export const MUNICIPALITY_ALIASES: ReadonlyMap<string, string[]> = new Map(
  WORDS.municipalities.map((m) => [m.name, [...(m.words ?? []), ...(m.adjectives ?? []), ...(m.others ?? []), ...(m.phrases ?? [])]]),
);

export const QUESTION_WORDS: ReadonlySet<string> = new Set([...WORDS.question_words.open_clause, ...WORDS.question_words.other]);

/** Words that say where a member read something ("in het Nijmeegse stuk", "in die stukken"), not what they ask. */
export const WHERE_SEEN_WORDS: ReadonlySet<string> = new Set([...WORDS.document_words, ...WORDS.where_seen]);

const lexiconRaw = readYaml('lexicon.yaml', lexiconFileSchema);

/**
 * The lexicon of the shipped knowledge base: knowledge/nl/lexicon.yaml, with the municipalities' names (a typo in
 * them is read as the name) and their adjectives as word forms ("wijchense" is "wijchen").
 */
export function defaultLexicon(): Lexicon {
  return withMunicipalities(lexiconRaw);
}

/** A lexicon with the municipalities of words.yaml added to its names and forms. */
export function withMunicipalities(lexicon: Lexicon): Lexicon {
  const forms: Record<string, string> = { ...lexicon.forms };
  const names: string[] = [];
  for (const m of WORDS.municipalities) {
    for (const word of m.words ?? []) names.push(word);
    for (const adjective of m.adjectives ?? []) forms[adjective] ??= (m.words ?? [m.name.toLowerCase()])[0]!;
  }
  return { ...lexicon, forms, names: [...names, ...lexicon.names.filter((n) => !names.includes(n))] };
}
