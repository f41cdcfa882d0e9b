import { MUNICIPALITY_ALIASES, PATTERNS, WHERE_SEEN_WORDS, WORDS } from './language.js';
import { fold, type Analyzer } from './normalize.js';

/**
 * Stage 2 of answering, understand: what kind of answer a question asks for (intents) and what it names (slots:
 * municipalities, years, the counted noun). Every pattern is in knowledge/nl/intents.yaml, every word list in words.yaml.
 */
export interface Intent {
  date: boolean;
  definition: boolean;
  list: boolean;
  deadline: boolean;
  /** "Hoe laat ...?": asks for a time of day, which a date alone does not give. */
  time: boolean;
  /** "In welk jaar ...?", "sinds wanneer ...?": a year answers it. */
  year: boolean;
  /** "Wat gebeurt er nadat ...?", "wat is de volgende stap?": asks what comes next. */
  next: boolean;
  /** "Op dit moment", "momenteel": asks about the present state. */
  now: boolean;
  /** "Wat heeft ... opgeleverd?": asks what came out of something. */
  outcome: boolean;
  /** "De volgende vergadering", "na 2027": asks about something still to come. */
  future: boolean;
  /** For "hoeveel X": the canonical word X ('' when the question does not say what is counted). */
  counted: string | undefined;
  named: Set<string>;
  years: Set<string>;
  /** For a definition question, the term it asks about ("wat betekent db in die stukken" -> "db"). */
  term: string | undefined;
}

/**
 * The municipalities a question names, from its words (typos in names already corrected by the analyzer).
 * "Rijk van Nijmegen" is the region, not the city.
 */
export function municipalitiesIn(questionWords: string[]): Set<string> {
  const found = new Set<string>();
  const folded = ` ${questionWords.join(' ')} `.replace(/ rijk van nijmegen /g, ' regio ');
  for (const [municipality, aliases] of MUNICIPALITY_ALIASES) {
    if (aliases.some((alias) => folded.includes(` ${alias} `))) found.add(municipality);
  }
  return found;
}

/** Every single word of a municipality's names ("berg", "dal", "mook", "wijchense"). */
const MUNICIPALITY_WORDS = new Set([...MUNICIPALITY_ALIASES.values()].flatMap((aliases) => aliases.flatMap((a) => a.split(' ')).filter((w) => w !== 'en')));
export const isMunicipalityWord = (word: string): boolean => MUNICIPALITY_WORDS.has(word);

/** The question without the words that only say what kind of answer it asks for. */
export function searchTextOf(question: string): string {
  return fold(question).replace(PATTERNS.question_frame, ' ');
}

/** A message's sentences, or a remark and a question ("ik lees het stuk van Druten, welke ..."). */
export function clausesOf(text: string): string[] {
  return text.split(PATTERNS.clause_break);
}

/** A sentence that asks something: a question mark, a question word or a verb first ("Is er ...", "Heeft Wijchen ..."). */
export function isQuestionSentence(sentence: string): boolean {
  return /\?\s*$/.test(sentence) || PATTERNS.question_opener.test(fold(sentence).trim());
}

const FILLERS = new Set(WORDS.fillers);
const PRONOUNS = new Set(WORDS.pronouns);

/** The words a definition question asks about ("wat betekent db in die stukken" -> "db"), when there are few. */
export function definedTerm(folded: string): { term: string; rest: string } | undefined {
  const text = folded.trim().replace(/[?!.]+$/, '');
  // "Wat betekent X ...", "waar staat X voor": what follows X may only say where the member saw it.
  const meaning = PATTERNS.definition_term.exec(text);
  // "Wat is (een) X?" is a definition only when nothing follows X ("wat is de deadline voor ..." is no definition).
  const is = PATTERNS.definition_is.exec(text);
  const phrase = (meaning?.[1] ?? is?.[1])?.replace(PATTERNS.term_label, '');
  if (!phrase) return undefined;
  const cut = PATTERNS.term_end.exec(phrase);
  const raw = meaning && cut ? phrase.slice(0, cut.index) : phrase;
  const words = raw.split(/\s+/).filter((w) => w && !FILLERS.has(w));
  if (words.length < 1 || words.length > 3 || words.every((w) => PRONOUNS.has(w))) return undefined;
  return { term: words.join(' '), rest: meaning && cut ? phrase.slice(cut.index) : '' };
}

/** Whether the rest of a definition question only says where the term was seen ("in die stukken", "in Heumen"). */
export function onlyWhereSeen(rest: string, analyzer: Analyzer): boolean {
  if (PATTERNS.where_seen_opening.test(rest)) return true;
  return analyzer.normalizedWords(rest).every((w) => analyzer.isStopword(w) || WHERE_SEEN_WORDS.has(w) || isMunicipalityWord(w) || /^\d/.test(w));
}

const COUNT_OPENERS = new Set(WORDS.count_openers);

/** The word a "hoeveel ..." question counts, in canonical form; undefined when it is no count question. */
function countedWord(question: string, analyzer: Analyzer): string | undefined {
  if (!PATTERNS.count.test(fold(question))) return undefined;
  const all = analyzer.normalizedWords(question);
  const start = all.findIndex((w) => COUNT_OPENERS.has(w));
  // A municipality is where, never what is counted ("hoeveel mensen doen er in Wijchen mee": a number of people).
  const next = all.slice(start + 1).find((w) => !analyzer.isStopword(w) && !/^\d/.test(w) && !MUNICIPALITY_WORDS.has(w));
  // Money asked for: "wat kost", "welk bedrag", "in euro's", or a count of a kind of budget ("participatiebudget").
  if (PATTERNS.money.test(fold(question)) || (next !== undefined && /budget$/.test(next))) return 'budget';
  return next ?? '';
}

/** The intents and slots of a question whose typos are corrected (`question`, folded). */
export function understand(question: string, analyzer: Analyzer): Intent {
  const folded = question.trim();
  return {
    date: PATTERNS.date.test(folded),
    definition: PATTERNS.definition.test(folded) && !PATTERNS.property_of.test(folded),
    list: PATTERNS.list.test(folded),
    deadline: PATTERNS.deadline.test(folded),
    time: PATTERNS.time.test(folded),
    year: PATTERNS.year_asked.test(folded),
    next: PATTERNS.next.test(folded),
    now: PATTERNS.now.test(folded),
    outcome: PATTERNS.outcome.test(folded),
    future: PATTERNS.future.test(folded),
    counted: countedWord(question, analyzer),
    named: municipalitiesIn(analyzer.normalizedWords(question)),
    years: new Set(folded.match(PATTERNS.year) ?? []),
    term: definedTerm(folded)?.term,
  };
}

/** The intents that hold and the slots that are filled, for the trace. */
export function describeIntent(intent: Intent): string[] {
  const flags = (['date', 'definition', 'list', 'deadline', 'time', 'year', 'next', 'now', 'outcome', 'future'] as const).filter((k) => intent[k]);
  return [
    ...flags,
    ...(intent.counted !== undefined ? [`counted=${intent.counted || '(a number)'}`] : []),
    ...(intent.named.size > 0 ? [`municipality=${[...intent.named].join('+')}`] : []),
    ...(intent.years.size > 0 ? [`year=${[...intent.years].join('+')}`] : []),
  ];
}
