import { createHash, randomUUID } from 'node:crypto';
import { yaml } from '../knowledge/yaml-cache.js';
import type { KeyValueStore, StoreItem } from '../storage-port.js';
import { mutate, readAll } from '../store-helpers.js';
import { MUNICIPALITIES, type KnowledgeDocument, type KnowledgeEntry } from '../knowledge/schema.js';
import { words } from '../answering/normalize.js';
import { municipalitiesIn } from '../answering/understand.js';

const QUESTION = 'question/';
const CURATED = 'curated/';
const PHRASINGS = 'phrasings/';
const FEEDBACK = 'feedback/';
const TOPICS = (day: string): string => `asked-topics/${day}`;

export const CURATED_PREFIX = 'teams-';

/**
 * Open questions kept for the organisers at most (questions nobody sent to an organiser yet). Beyond it the least
 * asked go first, the oldest of those first: a flood of different questions that nobody repeats cannot grow the
 * store, the overview and every instance's minute sync without end. Questions sent to an organiser and questions
 * already handled are never dropped.
 */
export const MAX_OPEN_QUESTIONS = 1000;

export interface Asker {
  id: string;
  name: string;
  conversationId: string;
}

/** A question the bot could not answer well, kept until an organiser answers, links or ignores it. */
export interface OpenQuestion {
  id: string;
  text: string;
  asker: Asker;
  /** Everyone who asked this same question while it was open (the first is `asker`); all hear the answer. */
  askers?: Asker[];
  /** How often it was asked while open. */
  count?: number;
  askedAt: string;
  reason: 'onbekend' | 'niet-nuttig';
  /** The entry a member found not helpful. */
  entryId?: string;
  escalated: boolean;
  state: 'open' | 'beantwoord' | 'gekoppeld' | 'genegeerd';
  handledBy?: string;
  handledAt?: string;
  resultEntryId?: string;
  /** Made from a passage of an added document ("Maak hier een vast antwoord van"). */
  fromDocument?: { documentId: string; quote: string };
  [key: string]: unknown;
}

export interface CuratedEntry {
  entry: KnowledgeEntry;
  document: KnowledgeDocument;
  [key: string]: unknown;
}

export interface Feedback {
  helpful: number;
  notHelpful: number;
  [key: string]: unknown;
}

export interface NewAnswer {
  question: string;
  answer: string;
  source: string;
  sourceUrl?: string;
  sourceDate: string;
  topic: string;
  phrasings: string[];
  author: string;
  at: Date;
  /** The added document (src/domain/documents) whose passage this answer was made from, and that passage. */
  documentId?: string;
  quote?: string;
}

/**
 * The curation loop in the storage port: questions without a good answer, entries added in Teams, extra
 * phrasings of existing entries, feedback counts and the topics asked per day.
 */
export class CurationStore {
  /** Questions that prune may not drop (sent to an organiser, handled), as counted at its last full read. */
  private keptAtLastPrune = 0;

  constructor(private readonly store: KeyValueStore) {}

  /**
   * Keeps a question. The same question (same words, case and spacing aside) asked again while it is open is
   * counted on the existing record, with its asker added, so a popular question is one item for the organisers.
   */
  async keep(question: { text: string; asker: Asker; askedAt: string; reason: OpenQuestion['reason']; entryId?: string }): Promise<OpenQuestion> {
    const normalized = question.text.toLowerCase().replace(/\s+/g, ' ').trim();
    const id = createHash('sha1').update(`${question.reason}:${question.entryId ?? ''}:${normalized}`).digest('hex').slice(0, 12);
    let kept: OpenQuestion | undefined;
    await mutate<OpenQuestion & StoreItem>(this.store, QUESTION + id, (current) => {
      if (current && current.state === 'open') {
        const askers = current.askers ?? [current.asker];
        const known = askers.some((a) => a.id === question.asker.id && a.conversationId === question.asker.conversationId);
        kept = { ...current, count: (current.count ?? 1) + 1, askers: known ? askers : [...askers, question.asker].slice(-20) };
        return kept as OpenQuestion & StoreItem;
      }
      kept = { ...question, id, askers: [question.asker], count: 1, state: 'open', escalated: false };
      return kept as OpenQuestion & StoreItem;
    });
    return kept!;
  }

  async question(id: string): Promise<OpenQuestion | undefined> {
    return (await this.store.read([QUESTION + id]))[QUESTION + id] as OpenQuestion | undefined;
  }

  async questions(): Promise<OpenQuestion[]> {
    return (await readAll<OpenQuestion>(this.store, QUESTION)).map((x) => x.item);
  }

  /**
   * Drops the open questions beyond `max` that nobody sent to an organiser: the least asked first, and of those the
   * oldest first. Returns how many were dropped.
   */
  async prune(max = MAX_OPEN_QUESTIONS): Promise<number> {
    // Only a listing of keys while there is room (records are read only when there may be too many).
    if ((await this.store.keys(QUESTION)).length <= max + this.keptAtLastPrune) return 0;
    const all = await readAll<OpenQuestion>(this.store, QUESTION);
    const droppable = all.filter(({ item }) => item.state === 'open' && !item.escalated);
    this.keptAtLastPrune = all.length - droppable.length;
    if (droppable.length <= max) return 0;
    droppable.sort((a, b) => (a.item.count ?? 1) - (b.item.count ?? 1) || a.item.askedAt.localeCompare(b.item.askedAt));
    const drop = droppable.slice(0, droppable.length - max).map(({ key }) => key);
    await this.store.delete(drop);
    return drop.length;
  }

  /** Changes an open question; returns undefined when it does not exist or was already handled. */
  async handle(id: string, change: (q: OpenQuestion) => OpenQuestion): Promise<OpenQuestion | undefined> {
    let result: OpenQuestion | undefined;
    await mutate<OpenQuestion & StoreItem>(this.store, QUESTION + id, (q) => {
      result = undefined;
      if (!q || q.state !== 'open') return undefined;
      result = change(q);
      return result as OpenQuestion & StoreItem;
    });
    return result;
  }

  async escalate(id: string): Promise<OpenQuestion | undefined> {
    let result: OpenQuestion | undefined;
    await mutate<OpenQuestion & StoreItem>(this.store, QUESTION + id, (q) => {
      result = q;
      if (!q || q.escalated) return undefined;
      result = { ...q, escalated: true };
      return result as OpenQuestion & StoreItem;
    });
    return result;
  }

  /** Builds and stores a curated entry in the knowledge format (with the municipality it names, withNamedMunicipality). */
  async addEntry(input: NewAnswer): Promise<CuratedEntry> {
    const slug = input.topic.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'antwoord';
    const id = `${CURATED_PREFIX}${slug}-${randomUUID().slice(0, 6)}`;
    const document: KnowledgeDocument = {
      id: `${id}-bron`,
      title: input.source,
      author: input.author,
      date: input.sourceDate,
      ...(input.sourceUrl ? { url: input.sourceUrl } : {}),
      verbatim: false,
    };
    const questions = [...new Set([input.question, ...input.phrasings].map((q) => q.trim()).filter((q) => q.length >= 6))];
    const entry: KnowledgeEntry = withNamedMunicipality({
      id,
      title: input.question.length <= 90 ? input.question : `${input.question.slice(0, 87)}...`,
      topics: [input.topic.toLowerCase(), 'toegevoegd in teams'],
      questions: questions.length >= 2 ? questions : [...questions, `Vraag over ${input.topic}`],
      answer: input.answer,
      sources: [{ doc: document.id, ...(input.quote ? { quote: verbatimQuote(input.quote) } : {}) }],
      related: [],
    });
    const curated: CuratedEntry = { entry, document, author: input.author, createdAt: input.at.toISOString(), ...(input.documentId ? { documentId: input.documentId } : {}) };
    await this.store.write({ [CURATED + id]: { ...curated, eTag: '*' } });
    return curated;
  }

  async curated(): Promise<CuratedEntry[]> {
    return (await readAll<CuratedEntry>(this.store, CURATED)).map((x) => x.item).sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
  }

  /** A question added as a new phrasing of an existing entry. */
  async addPhrasing(entryId: string, question: string): Promise<void> {
    await mutate<{ questions: string[] } & StoreItem>(this.store, PHRASINGS + entryId, (p) =>
      p?.questions.includes(question) ? undefined : { ...(p ?? {}), questions: [...(p?.questions ?? []), question] },
    );
  }

  async phrasings(): Promise<Map<string, string[]>> {
    const all = await readAll<{ questions?: string[] }>(this.store, PHRASINGS);
    return new Map(all.map(({ key, item }) => [key.slice(PHRASINGS.length), item.questions ?? []]));
  }

  async feedback(entryId: string, helpful: boolean): Promise<Feedback> {
    const updated = await mutate<Feedback & StoreItem>(this.store, FEEDBACK + entryId, (f) => ({
      ...(f ?? {}),
      helpful: (f?.helpful ?? 0) + (helpful ? 1 : 0),
      notHelpful: (f?.notHelpful ?? 0) + (helpful ? 0 : 1),
    }));
    return updated!;
  }

  async allFeedback(): Promise<Map<string, Feedback>> {
    const all = await readAll<Feedback>(this.store, FEEDBACK);
    return new Map(all.map(({ key, item }) => [key.slice(FEEDBACK.length), item]));
  }

  /** Adds counts of asked topics to a day's total. */
  async countTopics(day: string, counts: Map<string, number>): Promise<void> {
    if (counts.size === 0) return;
    await mutate<{ topics: Record<string, number> } & StoreItem>(this.store, TOPICS(day), (d) => {
      const topics = { ...(d?.topics ?? {}) };
      for (const [topic, n] of counts) topics[topic] = (topics[topic] ?? 0) + n;
      return { ...(d ?? {}), topics };
    });
  }

  async topics(days: string[]): Promise<Map<string, number>> {
    const items = await this.store.read(days.map(TOPICS));
    const total = new Map<string, number>();
    for (const day of days) {
      for (const [topic, n] of Object.entries((items[TOPICS(day)] as { topics?: Record<string, number> } | undefined)?.topics ?? {})) {
        total.set(topic, (total.get(topic) ?? 0) + n);
      }
    }
    return total;
  }
}

/** A verbatim quote of at most 600 characters (the knowledge format's limit): whole sentences where they fit. */
function verbatimQuote(text: string): string {
  if (text.length <= 600) return text;
  const cut = text.slice(0, 600);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('? '), cut.lastIndexOf('! '));
  return end >= 100 ? cut.slice(0, end + 1) : cut.slice(0, cut.lastIndexOf(' '));
}

/** The entries added in Teams as YAML in the knowledge/ format, for review and commit. */
export function curatedAsYaml(curated: CuratedEntry[]): string {
  const documents = curated.map((c) => c.document);
  const entries = curated.map((c) => c.entry);
  return `# Toegevoegd in Teams; controleer en voeg de documenten toe aan documents.yaml.\n${yaml().stringify({ documents, entries }, { lineWidth: 110 })}`;
}

type Municipality = (typeof MUNICIPALITIES)[number];
const isMunicipality = (name: string): name is Municipality => (MUNICIPALITIES as readonly string[]).includes(name);

/**
 * An entry added in Teams with the municipality that its title, questions and answer name, when they name exactly
 * one (the organiser's card does not ask for it): "... in Wijchen" then fits it as it fits an entry of the knowledge
 * files about Wijchen, instead of weighing it as a region-wide entry that does not name Wijchen.
 */
export function withNamedMunicipality(entry: KnowledgeEntry): KnowledgeEntry {
  if (entry.municipality) return entry;
  const named = [...municipalitiesIn(words([entry.title, ...entry.questions, entry.answer].join(' ')))].filter(isMunicipality);
  return named.length === 1 ? { ...entry, municipality: named[0] } : entry;
}
