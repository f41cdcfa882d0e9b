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

const DATE_INTENT =
  /\b(wanneer|deadline|deadlines|datum|uiterlijk|termijn|voor welke dag|op welke dag|welke dag|hoe laat|tot wanneer|vanaf wanneer|sinds wanneer|per wanneer)\b/;
const UPCOMING_INTENT =
  /\b(komen(de)? (er )?aan|komt (er )?aan|aankomende?|binnenkort|eerstvolgende?|volgende deadlines?|welke deadlines|deadlines (deze|komende|nog)|wat moet er (nog )?(af|gebeuren)|nog te gaan|openstaande deadlines?)\b|^deadlines?\??$/;

const MUNICIPALITY_WORDS: Record<string, string> = {
  wijchen: 'Wijchen',
  wijchense: 'Wijchen',
  heumen: 'Heumen',
  heumense: 'Heumen',
  druten: 'Druten',
  drutense: 'Druten',
  nijmegen: 'Nijmegen',
  nijmeegse: 'Nijmegen',
  beuningen: 'Beuningen',
  mook: 'Mook en Middelaar',
  middelaar: 'Mook en Middelaar',
  berg: 'Berg en Dal',
};

/** The municipalities a question names ("berg" only as part of "berg en dal"). */
export function municipalitiesIn(question: string): Set<string> {
  const found = new Set<string>();
  const folded = fold(question);
  for (const word of words(question)) {
    const m = MUNICIPALITY_WORDS[word];
    if (m && (word !== 'berg' || /berg en dal/.test(folded))) found.add(m);
  }
  // "BAR" is Heumen's council
  if (/\bbar\b/.test(folded)) found.add('Heumen');
  return found;
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

    const dateIntent = DATE_INTENT.test(folded);
    const named = municipalitiesIn(question);
    const hits = this.retriever.search(question, 10).map((hit) => ({ hit, rank: this.rank(hit, dateIntent, named) }));
    hits.sort((a, b) => b.rank - a.rank);
    const best = hits.find(({ hit }) => this.acceptable(hit, named));
    if (!best) {
      return { kind: 'unknown', question, suggestions: this.suggestions(hits.map((h) => h.hit), undefined) };
    }
    return this.answer(best.hit, hits.map((h) => h.hit));
  }

  /** BM25 score nudged by what the question asks: dates prefer dated entries, a named municipality its own. */
  private rank(hit: Hit, dateIntent: boolean, named: Set<string>): number {
    let rank = hit.score * (0.5 + hit.coverage);
    if (dateIntent && hit.entry.event) rank *= 1.5;
    const m = hit.entry.municipality;
    if (named.size > 0 && m && m !== 'Regio') rank *= named.has(m) ? 1.3 : 0.5;
    return rank;
  }

  /** Sure enough to answer: covers enough of the question and does not concern another municipality. */
  private acceptable(hit: Hit, named: Set<string>): boolean {
    if (hit.coverage < this.threshold) return false;
    const m = hit.entry.municipality;
    if (named.size > 0 && m && m !== 'Regio' && !named.has(m)) return false;
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
