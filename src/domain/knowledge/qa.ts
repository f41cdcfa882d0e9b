import { civilDateIn, dayNumber, formatCivilDate, formatDutchDate, periodOf, relativeToToday, type Timing } from '../dates.js';
import type { KnowledgeBase } from './load.js';
import { Retriever, type Hit } from './retriever.js';
import type { KnowledgeEntry } from './schema.js';
import { fold, words } from './text.js';

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
  quote?: string;
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
const DEADLINE_INTENT = /\b(deadline|uiterlijk|voor welke datum|termijn|inleveren|indienen)\b/;
const COUNT_INTENT = /\b(hoeveel|hoe veel|hoe groot|welk bedrag|wat kost|hoe hoog|welk percentage)\b/;
const DATE_INTENT =
  /\b(wanneer|deadline|deadlines|datum|uiterlijk|termijn|voor welke dag|op welke dag|welke dag|hoe laat|tot wanneer|vanaf wanneer|sinds wanneer|per wanneer)\b/;
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

/** The municipalities a question names. "Rijk van Nijmegen" is the region, not the city. */
export function municipalitiesIn(question: string): Set<string> {
  const found = new Set<string>();
  const folded = ` ${words(question.replace(/rijk van nijmegen/gi, ' regio ')).join(' ')} `;
  for (const [municipality, aliases] of Object.entries(MUNICIPALITY_ALIASES)) {
    if (aliases.some((alias) => folded.includes(` ${alias} `))) found.add(municipality);
  }
  return found;
}

const YEAR = /\b(19|20)\d{2}\b/g;
const NUMBER_WORDS = /\b(een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tweetal|drietal|viertal|honderd|duizend|geen)\b/;
const MONTH_OR_YEAR = /\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|kwartaal|(19|20)\d{2})\b/;

interface Intent {
  date: boolean;
  deadline: boolean;
  count: boolean;
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
    this.threshold = options.threshold ?? 0.6;
    this.extraDates = options.extraDates ?? (() => []);
  }

  get entryCount(): number {
    return this.retriever.size;
  }

  ask(question: string): QaResult {
    const folded = fold(question).trim();
    if (UPCOMING_INTENT.test(folded)) return this.upcoming();

    const intent: Intent = {
      date: DATE_INTENT.test(folded),
      deadline: DEADLINE_INTENT.test(folded),
      count: COUNT_INTENT.test(folded),
      named: municipalitiesIn(question),
      years: new Set(folded.match(YEAR) ?? []),
    };
    const hits = this.retriever.search(question, 10).map((hit) => ({ hit, rank: this.rank(hit, intent) }));
    hits.sort((a, b) => b.rank - a.rank);
    const best = hits.find(({ hit }) => this.acceptable(hit, intent));
    if (!best) {
      return { kind: 'unknown', question, suggestions: this.suggestions(hits.map((h) => h.hit), undefined) };
    }
    return this.answer(best.hit, hits.map((h) => h.hit));
  }

  /** BM25 score nudged by what the question asks: dates prefer dated entries, a named municipality its own. */
  private rank(hit: Hit, intent: Intent): number {
    let rank = hit.score * (0.5 + hit.coverage);
    if (intent.date && hit.entry.event) rank *= 1.5;
    if (intent.named.size > 0) rank *= this.isAbout(hit.entry, intent.named) ? 1.3 : 0.5;
    return rank;
  }

  /** Whether an entry concerns every municipality the question names. */
  private isAbout(entry: KnowledgeEntry, named: Set<string>): boolean {
    const own = entry.municipality;
    if (own && own !== 'Regio') return named.size === 1 && named.has(own);
    const about = this.aboutText(entry);
    return [...named].every((m) => MUNICIPALITY_ALIASES[m]!.some((alias) => about.includes(` ${alias} `)));
  }

  private readonly aboutCache = new Map<string, string>();
  /** What an entry is about: title, topics, questions and body (not every name its answer mentions). */
  private aboutText(entry: KnowledgeEntry): string {
    let text = this.aboutCache.get(entry.id);
    if (text === undefined) {
      text = ` ${words([entry.title, ...entry.topics, ...entry.questions, entry.body ?? '', entry.event?.body ?? ''].join(' ')).join(' ')} `;
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
    if (hit.coverage < this.threshold) return false;
    if (intent.named.size > 0 && !this.isAbout(entry, intent.named)) return false;
    const full = fold(`${entry.title} ${entry.answer} ${entry.questions.join(' ')} ${entry.topics.join(' ')} ${entry.event?.date ?? ''}`);
    for (const year of intent.years) if (!full.includes(year)) return false;
    const answer = fold(entry.answer);
    if (intent.count && !(/\d/.test(answer.replace(YEAR, '')) || NUMBER_WORDS.test(answer))) return false;
    if (intent.deadline && entry.event && !entry.event.deadline) return false;
    if (intent.date && !entry.event && !MONTH_OR_YEAR.test(answer)) return false;
    return true;
  }

  private answer(hit: Hit, hits: Hit[]): QaResult {
    const { entry } = hit;
    const sources = entry.sources.map((source): SourceView => {
      const doc = this.kb.documents.get(source.doc)!;
      return {
        title: doc.title,
        author: doc.author,
        date: formatDutchDate(doc.date),
        ...(doc.dateNote ? { dateNote: doc.dateNote } : {}),
        ...(doc.url ? { url: doc.url } : {}),
        ...(source.quote ? { quote: source.quote } : {}),
      };
    });
    const result: QaResult = {
      kind: 'answer',
      entry,
      confidence: Math.round(hit.coverage * 100) / 100,
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
      out.push({ id, title: related.title, question: related.questions[0]! });
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
