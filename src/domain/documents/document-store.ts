import { createHash } from 'node:crypto';
import { civilDateIn } from '../dates.js';
import type { Actor } from '../deadlines/deadline.js';
import type { KeyValueStore, StoreItem } from '../storage-port.js';
import { mutate, readAll } from '../store-helpers.js';
import { isoDate, parseIsoDate } from '../time.js';
import { DocumentError, extract, kindName, type DocumentKind } from './extract.js';
import { passagesOf, statedTitleAndDate, type Passage } from './passages.js';
import { proposeDeadlines, type DeadlineProposal } from './proposals.js';

export const DOCUMENT_META = 'document-meta/';
export const DOCUMENT_BODY = 'document-body/';
export const DOCUMENT_PROPOSALS = 'document-proposals/';

/** What the bot keeps of an added document besides its passages (small: every instance lists these each minute). */
export interface DocumentMeta {
  /** The first 12 hex characters of the content's SHA-256: the same file always gets the same id. */
  id: string;
  hash: string;
  title: string;
  /** The date the document states (or an organiser gave), YYYY-MM-DD; absent when unknown. */
  date?: string;
  author?: string;
  /** Whether title and date were read from the document (false: given by the organiser). */
  titleFromDocument: boolean;
  dateFromDocument: boolean;
  fileName: string;
  kind: DocumentKind;
  pages?: number;
  passages: number;
  bytes: number;
  addedBy: Actor;
  addedAt: string;
  /** Where it was added (for the proposal card); absent for the command line. */
  conversationId?: string;
  teamId?: string;
  /** Raised on every change of title, date or author, so every instance re-reads it. */
  version: number;
  /** The earlier version this document replaced (its passages left the index when this one came in). */
  replaces?: { id: string; title: string; addedAt: string };
  [key: string]: unknown;
}

interface DocumentBody {
  id: string;
  passages: Passage[];
  [key: string]: unknown;
}

interface ProposalsRecord {
  documentId: string;
  proposals: DeadlineProposal[];
  [key: string]: unknown;
}

export interface AddDocument {
  bytes: Uint8Array;
  fileName: string;
  /** Overrides of what the document states. */
  title?: string;
  date?: string;
  author?: string;
  /** The day the document was received, for "binnen zes weken na ontvangst" (default: today). */
  receivedAt?: string;
  addedBy: Actor;
  conversationId?: string;
  teamId?: string;
  /**
   * The id of the document this file is a new version of. Without it, a document with the same title as one
   * already there replaces that one.
   */
  replaces?: string;
}

export interface Added {
  document: DocumentMeta;
  passages: Passage[];
  proposals: DeadlineProposal[];
  /** The earlier version that this one replaced, if any: its passages and open proposals are gone. */
  replaced?: DocumentMeta;
}

/** Titles compared as an organiser reads them: case, spacing and a closing full stop or colon do not count. */
const sameTitle = (a: string, b: string): boolean => {
  const norm = (t: string): string => t.toLowerCase().replace(/\s+/g, ' ').replace(/[.:]$/, '').trim();
  return norm(a) === norm(b);
};

/** Checks what an organiser typed for title, date and author; throws a DocumentError in Dutch. */
export function checkOverrides(input: { title?: string | undefined; date?: string | undefined; author?: string | undefined }): { title?: string; date?: string; author?: string } {
  const title = input.title?.replace(/\s+/g, ' ').trim();
  const date = input.date?.trim();
  const author = input.author?.replace(/\s+/g, ' ').trim();
  if (title !== undefined && (title.length < 3 || title.length > 200)) throw new DocumentError('ongeldig', 'De titel moet 3 tot 200 tekens lang zijn. Er is niets opgeslagen.');
  if (date && !parseIsoDate(date)) throw new DocumentError('ongeldig', `"${date}" is geen geldige datum; schrijf hem als JJJJ-MM-DD, bijvoorbeeld 2026-12-01. Er is niets opgeslagen.`);
  if (author !== undefined && author.length > 120) throw new DocumentError('ongeldig', 'De naam van de auteur is te lang (maximaal 120 tekens). Er is niets opgeslagen.');
  return { ...(title ? { title } : {}), ...(date ? { date } : {}), ...(author ? { author } : {}) };
}

/**
 * Documents added by organisers, in the storage port: per document a small meta record (listed by prefix), its
 * passages in a body record, and the deadlines proposed from its text. The meta record is written last and
 * removed first, so no instance ever indexes half a document.
 */
export class DocumentStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Reads, splits and stores a document; a new version (`replaces`, or the same title as a document already there)
   * takes the place of the old one. Throws a DocumentError (in Dutch) for a file that is too large, of an unknown
   * type, encrypted, damaged, without text, already there, or a replacement of a document that is not there; then
   * nothing is stored and nothing is replaced.
   */
  async add(input: AddDocument): Promise<Added> {
    const overrides = checkOverrides(input);
    const hash = createHash('sha256').update(input.bytes).digest('hex');
    const id = hash.slice(0, 12);
    const existing = await this.get(id);
    if (existing) {
      const same = input.replaces === id ? ' Dat is dezelfde versie als die je wilt vervangen.' : '';
      throw new DocumentError('bestaat-al', `Dit document is er al: "${existing.title}" (toegevoegd op ${existing.addedAt.slice(0, 10)} door ${existing.addedBy.name}).${same} Er is niets opgeslagen.`);
    }
    const explicit = input.replaces !== undefined ? await this.get(input.replaces) : undefined;
    if (input.replaces !== undefined && !explicit) {
      throw new DocumentError('niet-gevonden', `Er is geen document met id "${input.replaces}" om te vervangen. Er is niets opgeslagen.`);
    }
    const extracted = await extract(input.bytes, input.fileName);
    const stated = statedTitleAndDate(extracted.blocks, extracted.metadataTitle);
    const passages = passagesOf(id, extracted.blocks);
    const title = overrides.title ?? stated.title ?? input.fileName.replace(/\.[a-z]+$/i, '');
    const date = overrides.date ?? stated.date;
    const replaced = explicit ?? (await this.list()).find((d) => sameTitle(d.title, title));
    const document: DocumentMeta = {
      id,
      hash,
      title,
      ...(date ? { date } : {}),
      ...((overrides.author ?? replaced?.author) ? { author: overrides.author ?? replaced!.author! } : {}),
      titleFromDocument: !overrides.title && Boolean(stated.title),
      dateFromDocument: !overrides.date && Boolean(stated.date),
      fileName: input.fileName.slice(0, 200),
      kind: extracted.kind,
      ...(extracted.pages !== undefined ? { pages: extracted.pages } : {}),
      passages: passages.length,
      bytes: input.bytes.byteLength,
      addedBy: input.addedBy,
      addedAt: this.now().toISOString(),
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      ...(input.teamId ? { teamId: input.teamId } : {}),
      version: 1,
      ...(replaced ? { replaces: { id: replaced.id, title: replaced.title, addedAt: replaced.addedAt } } : {}),
    };
    const receivedAt = input.receivedAt ?? isoDate(civilDateIn(this.now()));
    const found = proposeDeadlines(passages, { title, ...(date ? { date } : {}), receivedAt }, this.now());
    const proposals = replaced ? carryOver(found, await this.proposals(replaced.id)) : found;
    // Body and proposals first, the meta record last: a crash in between leaves nothing any instance indexes.
    await this.store.write({
      [DOCUMENT_BODY + id]: { id, passages, eTag: '*' },
      [DOCUMENT_PROPOSALS + id]: { documentId: id, proposals, eTag: '*' },
    });
    try {
      await this.store.write({ [DOCUMENT_META + id]: { ...document, eTag: '*' } });
    } catch (error) {
      await this.store.delete([DOCUMENT_BODY + id, DOCUMENT_PROPOSALS + id]).catch(() => undefined);
      throw error;
    }
    // From here the new version is listed and the old one is not (list() leaves out what a listed document
    // replaces), so no instance answers from the old passages, even if the removal below never happens.
    if (replaced) await this.remove(replaced.id);
    return { document, passages, proposals, ...(replaced ? { replaced } : {}) };
  }

  async get(id: string): Promise<DocumentMeta | undefined> {
    return (await this.store.read([DOCUMENT_META + id]))[DOCUMENT_META + id] as DocumentMeta | undefined;
  }

  /** Every document, newest first; an old version whose replacement is stored is left out. */
  async list(): Promise<DocumentMeta[]> {
    const all = (await readAll<DocumentMeta>(this.store, DOCUMENT_META)).map((x) => x.item);
    const replaced = new Set(all.flatMap((d) => (d.replaces ? [d.replaces.id] : [])));
    return all.filter((d) => !replaced.has(d.id)).sort((a, b) => b.addedAt.localeCompare(a.addedAt));
  }

  async passages(id: string): Promise<Passage[] | undefined> {
    return ((await this.store.read([DOCUMENT_BODY + id]))[DOCUMENT_BODY + id] as DocumentBody | undefined)?.passages;
  }

  /** The passages of several documents in one read. */
  async passagesOf(ids: string[]): Promise<Map<string, Passage[]>> {
    if (ids.length === 0) return new Map();
    const items = await this.store.read(ids.map((id) => DOCUMENT_BODY + id));
    return new Map(ids.flatMap((id) => {
      const body = items[DOCUMENT_BODY + id] as DocumentBody | undefined;
      return body ? [[id, body.passages] as const] : [];
    }));
  }

  /** Changes title, date or author (checked like on adding); undefined when the document is not there. */
  async edit(id: string, change: { title?: string; date?: string; author?: string }): Promise<DocumentMeta | undefined> {
    const checked = checkOverrides(change);
    const updated = await mutate<DocumentMeta & StoreItem>(this.store, DOCUMENT_META + id, (current) => {
      if (!current) return undefined;
      return {
        ...current,
        ...(checked.title ? { title: checked.title, titleFromDocument: false } : {}),
        ...(checked.date ? { date: checked.date, dateFromDocument: false } : {}),
        ...(checked.author ? { author: checked.author } : {}),
        version: (current.version ?? 1) + 1,
      };
    });
    return updated && (await this.get(id));
  }

  /** Removes a document: its meta record first (no instance answers from it after its next sync), then the rest. */
  async remove(id: string): Promise<DocumentMeta | undefined> {
    const existing = await this.get(id);
    if (!existing) return undefined;
    await this.store.delete([DOCUMENT_META + id]);
    await this.store.delete([DOCUMENT_BODY + id, DOCUMENT_PROPOSALS + id]);
    return existing;
  }

  async proposals(id: string): Promise<DeadlineProposal[]> {
    return ((await this.store.read([DOCUMENT_PROPOSALS + id]))[DOCUMENT_PROPOSALS + id] as ProposalsRecord | undefined)?.proposals ?? [];
  }

  /**
   * Changes one proposal while it is open (eTag retries: two organisers pressing at once cannot both add it).
   * Returns the proposal after the change, or its current state when it was already handled.
   */
  async handleProposal(id: string, n: number, change: (p: DeadlineProposal) => DeadlineProposal): Promise<{ proposal?: DeadlineProposal; changed: boolean }> {
    let result: { proposal?: DeadlineProposal; changed: boolean } = { changed: false };
    await mutate<ProposalsRecord & StoreItem>(this.store, DOCUMENT_PROPOSALS + id, (record) => {
      result = { changed: false };
      const proposal = record?.proposals.find((p) => p.n === n);
      if (!record || !proposal) return undefined;
      result = { proposal, changed: false };
      if (proposal.state !== 'open') return undefined;
      const next = change(proposal);
      result = { proposal: next, changed: true };
      return { ...record, proposals: record.proposals.map((p) => (p.n === n ? next : p)) };
    });
    return result;
  }
}

/**
 * The proposals of a new version, with what organisers already decided on the old one: a deadline on the same day
 * and of the same kind that was added (or skipped) is not proposed again.
 */
function carryOver(proposals: DeadlineProposal[], previous: DeadlineProposal[]): DeadlineProposal[] {
  return proposals.map((p) => {
    const before = previous.find((q) => q.state !== 'open' && q.dueDate === p.dueDate && q.kind === p.kind);
    if (!before) return p;
    return { ...p, state: before.state, ...(before.deadlineId ? { deadlineId: before.deadlineId } : {}), ...(before.handledBy ? { handledBy: before.handledBy } : {}) };
  });
}

/** "PDF, 12 pagina's, 34 passages" for lists. */
export function describeDocument(d: DocumentMeta): string {
  const pages = d.pages !== undefined ? `, ${d.pages} ${d.pages === 1 ? 'pagina' : "pagina's"}` : '';
  return `${kindName(d.kind)}${pages}, ${d.passages} passages`;
}

/**
 * The curated entries that cite a document: made from one of its passages ("Maak hier een vast antwoord van"),
 * or naming it as their source. Listed to the organiser who removes or replaces it.
 */
export function entriesCiting<T extends { documentId?: unknown; document: { title: string }; entry: { id: string; title: string } }>(curated: T[], document: Pick<DocumentMeta, 'id' | 'title'>): T[] {
  const title = document.title.toLowerCase();
  return curated.filter((c) => c.documentId === document.id || c.document.title.toLowerCase().includes(title));
}
