import { civilDateIn, dayNumber, formatCivilDate, formatDutchDate, periodOf, relativeToToday, type Timing } from '../dates.js';
import type { KnowledgeBase } from './load.js';
import { Retriever, type Hit } from './retriever.js';
import type { KnowledgeDocument, KnowledgeEntry } from './schema.js';
import { editDistanceAtMost } from './edit-distance.js';
import { fold } from './text.js';

/** A question the user can ask next, shown as a button. */
export interface Suggestion {
  id: string;
  title: string;
  question: string;
}

export interface SourceView {
  title: string;
  author: string;
  date: string;
  dateNote?: string;
  url?: string;
  /** Verbatim passages from this document that support the answer. */
  quotes: string[];
}

export interface DateView {
  date: string;
  formatted: string;
  relative: string;
  timing: Timing;
  deadline: boolean;
  kind: string;
  body: string;
  subject: string;
}

/** A dated item from any source: knowledge entries now, the deadline register later. */
export interface DatedItem {
  id: string;
  title: string;
  body: string;
  kind: string;
  date: string;
  deadline: boolean;
  source: string;
}

export interface UpcomingItem extends DatedItem {
  formatted: string;
  relative: string;
  timing: Timing;
}

export type QaResult =
  | {
      kind: 'answer';
      entry: KnowledgeEntry;
      confidence: number;
      answer: string;
      date?: DateView;
      sources: SourceView[];
      related: Suggestion[];
    }
  | { kind: 'upcoming'; items: UpcomingItem[]; today: string }
  | { kind: 'unknown'; question: string; suggestions: Suggestion[] };

export interface QaOptions {
  /** Current time; injected so tests and the scheduler share one clock. */
  now?: () => Date;
  /** Minimum share of the question's informative weight an entry must match. */
  threshold?: number;
  /** Extra dated items (for example deadlines added in Teams). */
  extraDates?: () => DatedItem[];
}

/** Questions that ask for a due date specifically, not just any date. */
const DEADLINE_INTENT = /\b(deadline|uiterlijk|uiterste datum|inleverdatum|voor welke datum|termijn)\b/;
/** "Wat is een DVO?", "waar staat MGR voor?": asks what a word means; glossary entries answer that. */
const DEFINITION_INTENT =
  /^(wat (is|zijn|betekent|betekend|betekenen|bedoelt? (men|je|ze|jullie)? ?met|wordt (er )?bedoeld met|houdt)\b|waar staat\b|wat moet ik verstaan onder|wat verstaat? (men|je|ze) onder|uitleg (van|over)|definitie van)/;
/** "Welke focusgroepen zijn er?": asks for the items themselves, not for what the word means. */
const LIST_INTENT = /^(welke|noem|geef)\b/;
/** Questions for an amount of money: "wat kost", "welk bedrag", "in euro's", "wat is het budget". */
const MONEY_QUESTION = /\b(wat kost|welk bedrag|in euro|wat (is|was|zijn|waren) (het|de) (budget|bedrag|kosten))/;
const COUNT_INTENT = /\b(hoeveel|hoe veel|hoe groot|welk bedrag|wat kost|hoe hoog|welk percentage|wat (is|was|zijn|waren) (het|de) (budget|bedrag|kosten|percentage))\b/;
const COUNT_OPENERS = new Set(['hoeveel', 'groot', 'hoog', 'kost', 'percentage']);
const DURATION_WORDS = new Set(['tijd', 'dagen', 'weken', 'maanden', 'jaren', 'jaar', 'werkdagen']);
const DURATION_UNIT = /^(dag|dagen|werkdag|werkdagen|week|weken|maand|maanden|jaar|jaren|kwartaal|kwartalen)$/;
const NUMBER_TOKEN = /^(\d+(\.\d+)?|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tweetal|drietal|viertal|honderd|duizend|helft|kwart)$/;
const DATE_INTENT =
  /\b(wanneer|deadline|deadlines|datum|uiterlijk|termijn|voor welke dag|op welke dag|welke dag|hoe laat|tot wanneer|vanaf wanneer|sinds wanneer|per wanneer|hoelang|hoe lang|sinds welk jaar|in welk jaar|welk jaar)\b/;
const UPCOMING_INTENT =
  /\b(komen(de)? (er )?aan|komt (er )?aan|aankomende?|binnenkort|eerstvolgende?|volgende deadlines?|welke deadlines|deadlines (deze|komende|nog)|wat moet er (nog )?(af|gebeuren)|nog te gaan|openstaande deadlines?)\b|^deadlines?\??$/;

/** Words by which a question names a municipality; an entry is about it when it uses one of them. */
const MUNICIPALITY_ALIASES: Record<string, string[]> = {
  Wijchen: ['wijchen', 'wijchense'],
  Heumen: ['heumen', 'heumense', 'bar'],
  Druten: ['druten', 'drutense'],
  Nijmegen: ['nijmegen', 'nijmeegse'],
  Beuningen: ['beuningen', 'beuningse'],
  'Mook en Middelaar': ['mook', 'middelaar'],
  'Berg en Dal': ['berg en dal'],
};

/**
 * The municipalities a question names, from its words (typos in names already corrected by the analyzer).
 * "Rijk van Nijmegen" is the region, not the city.
 */
export function municipalitiesIn(questionWords: string[]): Set<string> {
  const found = new Set<string>();
  const folded = ` ${questionWords.join(' ')} `.replace(/ rijk van nijmegen /g, ' regio ');
  for (const [municipality, aliases] of Object.entries(MUNICIPALITY_ALIASES)) {
    if (aliases.some((alias) => folded.includes(` ${alias} `))) found.add(municipality);
  }
  return found;
}

/** Every single word of a municipality's names ("berg", "dal", "mook", "wijchense"). */
const MUNICIPALITY_WORDS = new Set(Object.values(MUNICIPALITY_ALIASES).flatMap((aliases) => aliases.flatMap((a) => a.split(' ')).filter((w) => w !== 'en')));
const isMunicipalityWord = (word: string): boolean => MUNICIPALITY_WORDS.has(word);

const YEAR = /\b(19|20)\d{2}\b/g;
const DEADLINE_WORDING = /\b(deadline|uiterlijk|termijn|binnen \d+ weken|voor \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december))\b/;
/** Words that only say what kind of answer is asked for ("op welke datum", "in welk jaar", "hoeveel tijd"): the intent
 * checks use them; as search words they would favour entries that happen to contain "datum" or "jaar". */
const QUESTION_FRAME =
  /\b((op|voor|tot|vanaf|sinds|in|per) )?(welke|welk) (datum|dag|jaar|maand|week|periode|tijdstip)\b|\bhoe laat\b|\bhoeveel tijd\b/g;
/** The question without the words that only say what kind of answer it asks for. */
export function searchTextOf(question: string): string {
  return fold(question).replace(QUESTION_FRAME, ' ');
}

/** Where a message breaks into sentences, or into a remark and a question ("ik lees het stuk van Druten, welke ..."). */
const CLAUSE_BREAK =
  /(?<=[.!?:])\s+|,\s+(?=(?:(?:op|in|tot|voor|sinds|vanaf|met|bij|van|over|uit|aan|naar|door)\s+)?(?:wat|wie|wanneer|waar|waarom|hoe|hoeveel|welke?)\b)/i;
/** A sentence that asks something: a question word or a verb first ("Is er ...", "Heeft Wijchen ..."). */
const QUESTION_OPENER =
  /^((op|in|tot|voor|sinds|vanaf|met|bij|van|over|uit|aan|naar|door) )?(wat|wie|wanneer|waar|waarom|hoe|hoeveel|welke?|is|zijn|heeft|hebben|kan|kun|kunnen|mag|moet|moeten|wordt|worden|gaat|komt|krijgt|klopt)\b/;

/** The words a definition question asks about ("wat betekent db in die stukken" -> "db"), when there are few. */
export function definedTerm(folded: string): { term: string; rest: string } | undefined {
  const text = folded.trim().replace(/[?!.]+$/, '');
  // "Wat betekent X ...", "waar staat X voor": what follows X may only say where the member saw it.
  const meaning = /^(?:wat (?:betekent|betekend|betekenen|bedoelt? (?:men|je|ze|jullie) met|wordt (?:er )?bedoeld met)|waar staat|wat (?:moet ik|moeten we) verstaan onder|wat verstaat? (?:men|je|ze) onder) (?:een |de |het )?(.+)$/.exec(text);
  // "Wat is (een) X?" is a definition only when nothing follows X ("wat is de deadline voor ..." is no definition).
  const is = /^wat (?:is|zijn) (?:een |de |het )?([a-z0-9&-]+(?: [a-z0-9&-]+)?)(?: (?:eigenlijk|precies|nou|dan|dus|nu|ook))*$/.exec(text);
  const phrase = (meaning?.[1] ?? is?.[1])?.replace(/^(?:de |het )?(?:afkorting|woord|term|begrip|uitdrukking) /, '');
  if (!phrase) return undefined;
  const cut = /,| (?:in|uit|bij|zie|eigenlijk|precies|nou|dan|dus|nu|ook|voor|daar|hier|als|want|omdat|en)\b/.exec(phrase);
  const raw = meaning && cut ? phrase.slice(0, cut.index) : phrase;
  const words = raw.split(/\s+/).filter((w) => w && !FILLER.test(w));
  if (words.length < 1 || words.length > 3 || words.every((w) => /^(dat|dit|die|het|er|ze|hij|zij)$/.test(w))) return undefined;
  return { term: words.join(' '), rest: meaning && cut ? phrase.slice(cut.index) : '' };
}
const FILLER = /^(eigenlijk|precies|nou|dan|dus|nu|ook)$/;
/** Words that say where a member saw a term, not what they ask about it ("in die stukken", "in het advies"). */
const WHERE_SEEN = /^(stuk|stukken|brief|brieven|document|documenten|tekst|teksten|nota|advies|adviezen|voorstel|dvo|bijlage|bijlagen|pagina|bladzijde|zin|alinea|staan|steeds|vaak|overal|telkens|lees|las|zie|zag|gezien|gelezen|kom|kwam|tegen|tegengekomen)$/;
const NOW_INTENT = /\b(op dit moment|momenteel|tegenwoordig|actueel|op dit ogenblik|nu nog steeds|anno 20\d\d)\b|\bnu\s*[?!.]*\s*$/;
const NEXT_INTENT =
  /\b(wat gebeurt er( [a-z]+){0,3} (na|nadat|daarna|hierna|als|zodra|wanneer)|wat (is|zijn) de volgende stap(pen)?|hoe gaat het (nu |daarna |hierna )?verder|wat komt er (hierna|daarna|nu)|wat volgt er)\b/;
/** An entry about what comes next in the process. */
const NEXT_STEP = /\b(vervolg|volgende stap(pen)?|daarna|hierna|gaat het .{0,20}verder)\b/;
const YEAR_INTENT = /\b(welk jaar|welke jaren|sinds wanneer|vanaf wanneer|sinds hoe lang|hoe lang al|hoelang al|uit wanneer)\b/;
const TIME_INTENT = /\b(hoe laat|om welke tijd|welk tijdstip|hoe vroeg)\b/;
const TIME_OF_DAY = /\b\d{1,2}[.:]\d{2}\b|\b\d{1,2} uur\b/;
/** A date written in an answer: a day and month, or a month and year ("sinds augustus 2019"). */
const DATE_IN_TEXT =
  /\b(\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)|(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) (19|20)\d{2})\b/;
/** "DVO 2026-2027", "2020 t/m 2023": names of periods, not dates. */
const PERIOD_NAME = /\b(19|20)\d{2}\s*(-|t\/m|tot en met)\s*(19|20)\d{2}\b/g;

/**
 * Confidence that an entry answers a question: mostly how much of the question's informative weight the
 * entry covers, partly how close the question is to one of the entry's own phrasings. The threshold was set
 * on the golden suite as a whole (answerable and unanswerable together), never per question.
 */
export const DEFAULT_THRESHOLD = 0.59;
/** How much less of the question than the best-matching entry an answer may cover. */
const COVERAGE_MARGIN = 0.2;
export function confidenceOf(hit: Hit): number {
  return 0.7 * hit.coverage + 0.3 * hit.similarity;
}

/** Longest question that still fits on one Teams button without being cut off. */
export const BUTTON_MAX = 45;

/** A phrasing written as a full question ("Wanneer ...?"), not a chat-style shorthand ("BAR datum?"). */
const FULL_QUESTION = /^(Wat|Wie|Wanneer|Hoe|Welke|Welk|Waar|Waarom|Hoeveel|Is|Zijn|Heeft|Hebben|Kan|Kunnen|Moet|Mag|Wordt|Gaat|Doet|Op|In|Voor|Tot|Sinds|Van|Bij|Met|Uit)\b.*\?$/;

/**
 * The entry's first full question that (nearly) fits on a button, else any phrasing that fits, else its shortest
 * one. A full question cut off at the very end reads better than a chat-style shorthand.
 */
export function buttonQuestion(entry: KnowledgeEntry): string {
  return (
    entry.questions.find((q) => q.length <= BUTTON_MAX + 7 && FULL_QUESTION.test(q)) ??
    entry.questions.find((q) => q.length <= BUTTON_MAX) ??
    [...entry.questions].sort((a, b) => a.length - b.length)[0]!
  );
}

/** An entry's texts prepared once: everything it says folded, its answer folded, the normalized words of its answer and title. */
interface EntryTexts {
  full: string;
  answer: string;
  answerWords: string[];
  titleWords: string[];
}

interface Intent {
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
  /** For "hoeveel X": the canonical word X ('' when the question does not say what is counted). */
  counted: string | undefined;
  named: Set<string>;
  years: Set<string>;
}

export class QuestionAnswerer {
  readonly retriever: Retriever;
  private readonly now: () => Date;
  private readonly threshold: number;
  private readonly extraDates: () => DatedItem[];

  constructor(
    private readonly kb: KnowledgeBase,
    options: QaOptions = {},
  ) {
    this.retriever = new Retriever(kb.entries, kb.lexicon);
    this.now = options.now ?? (() => new Date());
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.extraDates = options.extraDates ?? (() => []);
  }

  get entryCount(): number {
    return this.retriever.size;
  }

  /**
   * Replaces the entries that came from elsewhere than the knowledge files (prefix `register-` for deadlines
   * added in Teams), each with the document it cites, so they are answered like curated ones.
   */
  syncDynamicEntries(prefix: string, entries: Array<{ entry: KnowledgeEntry; document: KnowledgeDocument }>): void {
    const keep = new Set(entries.map((e) => e.entry.id));
    for (const id of this.retriever.ids()) {
      if (id.startsWith(prefix) && !keep.has(id)) {
        this.retriever.remove(id);
        this.kb.byId.delete(id);
      }
    }
    this.upsert(entries);
  }

  /** Adds or replaces entries (with the document each cites) in the live index. */
  upsert(entries: Array<{ entry: KnowledgeEntry; document: KnowledgeDocument }>): void {
    for (const { entry, document } of entries) {
      this.kb.documents.set(document.id, document);
      this.kb.byId.set(entry.id, entry);
      this.foldedCache.delete(entry.id);
      this.aboutCache.delete(entry.id);
    }
    this.retriever.upsert(entries.map((e) => e.entry));
  }

  ask(typed: string): QaResult {
    // "Wat betekent DB in die stukken?": a definition is looked up by its term alone; the rest only says where
    // the member saw it.
    const corrected = this.retriever.analyzer.correctedText(typed);
    for (const clause of corrected.split(CLAUSE_BREAK).slice(0, 3)) {
      const found = definedTerm(clause);
      if (!found || !this.onlyWhereSeen(found.rest) || COUNT_INTENT.test(clause) || DATE_INTENT.test(clause)) continue;
      const defined = this.askOne(`wat betekent ${found.term}`);
      if (defined.kind === 'answer' && (defined.entry.topics.includes('begrip') || this.titleNames(defined.entry, found.term))) return defined;
    }
    // A message of several sentences is asked whole first; when that finds nothing, by its asking part, since the
    // other sentences ("Ik ben net lid.", "Ik zie er nergens een datum op staan.") may only add words.
    const whole = this.askOne(typed, corrected);
    if (whole.kind === 'answer') return whole;
    const part = this.questionPart(typed);
    if (part === typed) return whole;
    const asked = this.askOne(part);
    return asked.kind === 'answer' ? asked : whole;
  }

  /** `question`: the typed text with its typos corrected (question words too: "wanmeer" asks for a date). */
  private askOne(typed: string, question = this.retriever.analyzer.correctedText(typed)): QaResult {
    const folded = question.trim();
    if (UPCOMING_INTENT.test(folded)) return this.upcoming();

    const intent: Intent = {
      date: DATE_INTENT.test(folded),
      definition: DEFINITION_INTENT.test(folded),
      list: LIST_INTENT.test(folded),
      deadline: DEADLINE_INTENT.test(folded),
      time: TIME_INTENT.test(folded),
      year: YEAR_INTENT.test(folded),
      next: NEXT_INTENT.test(folded),
      now: NOW_INTENT.test(folded),
      counted: this.countedWord(question),
      named: municipalitiesIn(this.retriever.analyzer.normalizedWords(question)),
      years: new Set(folded.match(YEAR) ?? []),
    };
    const hits = this.retriever.search(searchTextOf(question), 10).map((hit) => ({ hit, rank: this.rank(hit, intent) }));
    hits.sort((a, b) => b.rank - a.rank);
    // Answer only with an entry that matches the question nearly as well as the best-matching entry of all:
    // when the best matches are ruled out (another municipality, no date), a weaker one rarely answers it.
    const bestCoverage = Math.max(0, ...hits.map(({ hit }) => hit.coverage));
    // When another municipality's entry matches everything but the municipality, an entry about the one named
    // answers only if it misses nothing that that match has: "welke wensen had de raad van Wijchen?" when only Nijmegen's raad had wensen.
    const elsewhere =
      intent.named.size > 0
        ? hits
            .map(({ hit }) => hit)
            .filter((hit) => !this.isAbout(hit.entry, intent.named) && confidenceOf(hit) >= this.threshold && hit.missing.every(isMunicipalityWord))
            .sort((x, y) => confidenceOf(y) - confidenceOf(x))[0]
        : undefined;
    const best = hits.find(
      ({ hit }) =>
        hit.coverage >= bestCoverage - COVERAGE_MARGIN &&
        this.acceptable(hit, intent) &&
        (!elsewhere ||
          hit.missing.every((word) => elsewhere.missing.includes(word) || isMunicipalityWord(word))),
    );
    // "Hoeveel coaches heeft Wijchen nu?": when the best answer comes from a document more than two calendar years
    // old, the bot does not know the present state; it offers that entry as a suggestion rather than a weaker one.
    if (!best || (intent.now && this.sourcesOlderThan(best.hit.entry, 2))) {
      return { kind: 'unknown', question: typed, suggestions: this.suggestions(hits.map((h) => h.hit), undefined) };
    }
    return this.answer(best.hit, hits.map((h) => h.hit));
  }

  /**
   * The asking part of a message of several sentences ("Ik ben net lid. Wanneer moest de BAR advies geven?"): its
   * questions, with the municipalities that the other sentences name. A message of one sentence stays as it is.
   */
  private questionPart(message: string): string {
    const sentences = message.split(CLAUSE_BREAK).filter((x) => x.trim().length > 0);
    if (sentences.length < 2) return message;
    const isQuestion = (x: string): boolean => /\?\s*$/.test(x) || QUESTION_OPENER.test(fold(x).trim());
    const questions = sentences.filter(isQuestion);
    if (questions.length === 0 || questions.length === sentences.length) return message;
    const context = sentences.filter((x) => !isQuestion(x)).join(' ');
    const named = [...municipalitiesIn(this.retriever.analyzer.normalizedWords(context))];
    const years = fold(context).match(YEAR) ?? [];
    return [...questions, ...named, ...years].join(' ');
  }

  /** BM25 score nudged by what the question asks: dates prefer dated entries, a named municipality its own. */
  private rank(hit: Hit, intent: Intent): number {
    let rank = hit.score * (0.5 + hit.coverage) * (0.5 + hit.similarity);
    if (intent.date && hit.entry.event) rank *= 1.5;
    if (intent.next && NEXT_STEP.test(this.foldedTexts(hit.entry).full)) rank *= 2;
    const isDefinition = hit.entry.topics.includes('begrip');
    if (intent.definition && isDefinition) rank *= 1.5;
    if (intent.list && isDefinition) rank *= 0.6;
    if (intent.named.size > 0) {
      const own = hit.entry.municipality;
      rank *= !this.isAbout(hit.entry, intent.named) ? 0.5 : own && own !== 'Regio' ? 1.3 : 1.1;
    }
    return rank;
  }

  private readonly foldedCache = new Map<string, EntryTexts>();
  /** An entry's texts prepared once (see EntryTexts). */
  private foldedTexts(entry: KnowledgeEntry): EntryTexts {
    let texts = this.foldedCache.get(entry.id);
    if (!texts) {
      texts = {
        full: fold(`${entry.title} ${entry.answer} ${entry.questions.join(' ')} ${entry.topics.join(' ')} ${entry.event?.date ?? ''}`),
        answer: fold(entry.answer),
        answerWords: this.retriever.analyzer.normalizedWords(entry.answer.replace(PERIOD_NAME, ' ')),
        titleWords: this.retriever.analyzer.normalizedWords(entry.title),
      };
      this.foldedCache.set(entry.id, texts);
    }
    return texts;
  }

  /** The word a "hoeveel ..." question counts, in canonical form; undefined when it is no count question. */
  private countedWord(question: string): string | undefined {
    if (!COUNT_INTENT.test(fold(question))) return undefined;
    const analyzer = this.retriever.analyzer;
    const all = analyzer.normalizedWords(question);
    const start = all.findIndex((w) => COUNT_OPENERS.has(w));
    const next = all.slice(start + 1).find((w) => !analyzer.isStopword(w) && !/^\d/.test(w));
    // Money asked for: "wat kost", "welk bedrag", "in euro's", or a count of a kind of budget ("participatiebudget").
    if (MONEY_QUESTION.test(fold(question)) || (next !== undefined && /budget$/.test(next))) return 'budget';
    return next ?? '';
  }

  /**
   * Whether an entry's answer gives the number asked for: an amount in euros for money, a percentage for
   * "procent", otherwise a number (not a year) near the counted word.
   */
  private answersCount(entry: KnowledgeEntry, counted: string, named: Set<string>): boolean {
    // An overview of several municipalities answers "hoeveel ... in Wijchen" only with a number in Wijchen's part.
    const own = entry.municipality;
    const overview = named.size > 0 && !(own && named.has(own));
    if (overview) {
      const mine = entry.answer.split(/\n|(?<=[.!?])\s+/).filter((part) => {
        const there = municipalitiesIn(this.retriever.analyzer.normalizedWords(part));
        return [...named].some((m) => there.has(m));
      });
      return mine.some((part) => this.countIn(this.retriever.analyzer.normalizedWords(part.replace(PERIOD_NAME, ' ')), counted));
    }
    return this.countIn(this.foldedTexts(entry).answerWords, counted);
  }

  private countIn(tokens: string[], counted: string): boolean {
    // Not a year, and not a section number ("deeladvies 1.1").
    const isNumber = (t: string): boolean => NUMBER_TOKEN.test(t) && !/^(19|20)\d{2}$/.test(t) && !/^\d+\.\d+$/.test(t);
    if (counted === 'budget') return tokens.some((t, i) => t === 'budget' && /^\d/.test(tokens[i + 1] ?? ''));
    if (counted === 'procent') return tokens.some((t, i) => t === 'procent' && /^\d/.test(tokens[i - 1] ?? ''));
    if (counted === '') return tokens.some(isNumber);
    // "Hoeveel tijd": a number of days, weeks, months or years.
    if (DURATION_WORDS.has(counted)) return tokens.some((t, i) => isNumber(t) && DURATION_UNIT.test(tokens[i + 1] ?? ''));
    // Otherwise a number near the counted word ("32 statushouders", "ziekteverzuim ... 14%").
    const analyzer = this.retriever.analyzer;
    const stem = analyzer.stem(counted);
    const sameWord = (t: string): boolean => {
      const s = analyzer.stem(t);
      return s === stem || t.startsWith(stem) || t.endsWith(stem) || (s[0] === stem[0] && stem.length >= 6 && editDistanceAtMost(s, stem, 2));
    };
    return tokens.some((t, i) => sameWord(t) && tokens.slice(Math.max(0, i - 8), i + 9).some(isNumber));
  }

  /**
   * Whether an entry's answer gives a date: a day and month, or a month and year; for a question that asks for a
   * year ("in welk jaar", "sinds wanneer"), also a year that names no period.
   */
  private writesDate(entry: KnowledgeEntry, yearWillDo: boolean): boolean {
    const answer = this.foldedTexts(entry).answer;
    return DATE_IN_TEXT.test(answer) || (yearWillDo && /\b(19|20)\d{2}\b/.test(answer.replace(PERIOD_NAME, ' ')));
  }

  /** Whether the rest of a definition question only says where the term was seen ("in die stukken", "in Heumen"). */
  private onlyWhereSeen(rest: string): boolean {
    if (/^\s*(,\s*)?(zie |ik zie )|^\s*(in|uit|bij) (de |het |die |dat |deze )?(stuk|stukken|brief|brieven|document|documenten|tekst|teksten|nota|advies|voorstel|bijlage|bijlagen)\b/.test(rest)) return true;
    const analyzer = this.retriever.analyzer;
    return analyzer.normalizedWords(rest).every((w) => analyzer.isStopword(w) || WHERE_SEEN.test(w) || isMunicipalityWord(w) || /^\d/.test(w));
  }

  /** Whether every document an entry cites dates from a calendar year more than `years` before this one. */
  private sourcesOlderThan(entry: KnowledgeEntry, years: number): boolean {
    const today = civilDateIn(this.now());
    return entry.sources.every((source) => {
      const date = this.kb.documents.get(source.doc)?.date;
      const year = date ? Number(date.slice(0, 4)) : NaN;
      return Number.isFinite(year) && year < today.year - years;
    });
  }

  /** Whether an entry's title names a term ("Wie is de BAR?" names "bar"). */
  private titleNames(entry: KnowledgeEntry, term: string): boolean {
    const title = this.foldedTexts(entry).titleWords;
    return this.retriever.analyzer.normalizedWords(term).every((word) => title.includes(word));
  }

  /** Whether an entry concerns every municipality the question names. */
  private isAbout(entry: KnowledgeEntry, named: Set<string>): boolean {
    const own = entry.municipality;
    if (own && own !== 'Regio') {
      if (named.size === 1 && named.has(own)) return true;
      // An entry from one municipality's document about another's ("Toelichting op de nota in Wijchen", from
      // Druten's advice) says so in its title.
      const title = ` ${this.foldedTexts(entry).titleWords.join(' ')} `;
      return [...named].every((m) => MUNICIPALITY_ALIASES[m]!.some((alias) => title.includes(` ${alias} `)));
    }
    const about = this.aboutText(entry);
    return [...named].every((m) => MUNICIPALITY_ALIASES[m]!.some((alias) => about.includes(` ${alias} `)));
  }

  private readonly aboutCache = new Map<string, string>();
  /** What an entry is about: title, topics, questions and body (not every name its answer mentions). */
  private aboutText(entry: KnowledgeEntry): string {
    let text = this.aboutCache.get(entry.id);
    if (text === undefined) {
      text = ` ${this.retriever.analyzer.normalizedWords([entry.title, ...entry.topics, ...entry.questions, entry.body ?? '', entry.event?.body ?? ''].join(' ')).join(' ')} `;
      this.aboutCache.set(entry.id, text);
    }
    return text;
  }

  /**
   * Sure enough to answer: the entry covers enough of the question's informative words, concerns the
   * municipality and year the question names, and has the kind of answer asked for (a number for "hoeveel",
   * a date for "wanneer", a due date for "deadline").
   */
  private acceptable(hit: Hit, intent: Intent): boolean {
    const { entry } = hit;
    if (confidenceOf(hit) < this.threshold) return false;
    if (intent.named.size > 0 && !this.isAbout(entry, intent.named)) return false;
    // A region-wide entry that lists the municipality named ("Berg en Dal is one of the members") answers a
    // question about that municipality only when it matches everything else the question asks too.
    const regionWide = !entry.municipality || entry.municipality === 'Regio';
    if (intent.named.size > 0 && regionWide && hit.missing.length > 0) return false;
    if (hit.missesAction) return false;
    const { full, answer } = this.foldedTexts(entry);
    for (const year of intent.years) if (!full.includes(year)) return false;
    if (intent.counted !== undefined && !this.answersCount(entry, intent.counted, intent.named)) return false;
    if (intent.deadline && !(entry.event?.deadline || DEADLINE_WORDING.test(answer))) return false;
    if (intent.date && !entry.event && !this.writesDate(entry, intent.year)) return false;
    if (intent.time && !TIME_OF_DAY.test(answer)) return false;
    // "Hoe hoog is het verzuim op dit moment?": a figure from a document years old is no answer about now.

    return true;
  }

  private answer(hit: Hit, hits: Hit[]): QaResult {
    const { entry } = hit;
    // One source per document, with every quote the entry takes from it.
    const byDoc = new Map<string, SourceView>();
    for (const source of entry.sources) {
      const doc = this.kb.documents.get(source.doc)!;
      let view = byDoc.get(doc.id);
      if (!view) {
        view = {
          title: doc.title,
          author: doc.author,
          date: formatDutchDate(doc.date),
          ...(doc.dateNote ? { dateNote: doc.dateNote } : {}),
          ...(doc.url ? { url: doc.url } : {}),
          quotes: [],
        };
        byDoc.set(doc.id, view);
      }
      if (source.quote) view.quotes.push(source.quote);
    }
    const sources = [...byDoc.values()];
    const result: QaResult = {
      kind: 'answer',
      entry,
      confidence: Math.round(confidenceOf(hit) * 100) / 100,
      answer: entry.answer.trim(),
      sources,
      related: this.suggestions(hits, entry),
    };
    if (entry.event) {
      const rel = relativeToToday(entry.event.date, civilDateIn(this.now()));
      result.date = {
        date: entry.event.date,
        formatted: formatDutchDate(entry.event.date),
        relative: rel.text,
        timing: rel.timing,
        deadline: entry.event.deadline,
        kind: entry.event.kind,
        body: entry.event.body,
        subject: entry.event.subject,
      };
    }
    return result;
  }

  /** Up to three next questions: the entry's own related entries first, then the next best hits. */
  private suggestions(hits: Hit[], entry: KnowledgeEntry | undefined): Suggestion[] {
    const ids = [...(entry?.related ?? []), ...hits.map((h) => h.entry.id)];
    const out: Suggestion[] = [];
    for (const id of ids) {
      if (id === entry?.id || out.some((s) => s.id === id)) continue;
      const related = this.kb.byId.get(id) ?? hits.find((h) => h.entry.id === id)?.entry;
      if (!related) continue;
      out.push({ id, title: related.title, question: buttonQuestion(related) });
      if (out.length === 3) break;
    }
    return out;
  }

  /** Every dated item that has not passed yet, soonest first. */
  upcoming(): QaResult {
    const today = civilDateIn(this.now());
    const fromKb: DatedItem[] = this.kb.entries
      .filter((e) => e.event && e.event.status !== 'afgerond')
      .map((e) => ({
        id: e.id,
        title: e.title,
        body: e.event!.body,
        kind: e.event!.kind,
        date: e.event!.date,
        deadline: e.event!.deadline,
        source: e.sources.map((s) => this.kb.documents.get(s.doc)?.title ?? s.doc).join('; '),
      }));
    const items = [...fromKb, ...this.extraDates()]
      .map((item) => {
        const rel = relativeToToday(item.date, today);
        return { ...item, formatted: formatDutchDate(item.date), relative: rel.text, timing: rel.timing };
      })
      .filter((item) => item.timing !== 'past')
      .sort((a, b) => dayNumber(periodOf(a.date).first) - dayNumber(periodOf(b.date).first));
    return { kind: 'upcoming', items, today: formatCivilDate(today) };
  }
}
