import { CardFactory, MessageFactory, type Attachment, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CurationStore } from '../domain/curation/curation-store.js';
import { parseDeadlineForm } from '../domain/deadlines/deadline.js';
import type { DeadlineRegister } from '../domain/deadlines/register.js';
import { answerFromDocuments, type DocumentAnswer } from '../domain/documents/answer.js';
import { entriesCiting, type AddDocument, type Added, type DocumentMeta, type DocumentStore } from '../domain/documents/document-store.js';
import { DocumentError, MAX_DOCUMENT_BYTES } from '../domain/documents/extract.js';
import type { PassageIndex } from '../domain/documents/passage-index.js';
import { placeOf } from '../domain/documents/passages.js';
import type { AdaptiveCard } from './cards.js';
import type { CurationFeature, Notifier } from './curation-feature.js';
import { renderAdded, renderDocumentAnswer, renderDocumentList, renderProposals, replacedText } from './document-cards.js';
import type { OrganiserCheck } from './organisers.js';
import { actorOf, baseConversationId, teamIdOf } from './scope.js';

export const DOCUMENT_VERBS = ['document.proposals', 'document.remove', 'document.curate', 'proposal.add', 'proposal.skip'] as const;
export type DocumentVerb = (typeof DOCUMENT_VERBS)[number];

/** The attachment Teams sends when someone shares a file with the bot in a personal chat (supportsFiles). */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const fileAttachment = z.object({
  contentType: z.literal(FILE_DOWNLOAD_INFO),
  name: z.string().min(1).max(300),
  content: z.looseObject({ downloadUrl: z.string().url().max(4000), fileType: z.string().max(20).optional() }),
});

const actionData = z.looseObject({
  documentId: z.string().regex(/^[0-9a-f]{12}$/).optional(),
  passageId: z.string().max(40).optional(),
  question: z.string().max(300).optional(),
  n: z.coerce.number().int().min(1).max(50).optional(),
  edited: z.boolean().optional(),
});

/** The text sent with a file to make it a new version of a document: "vervang 1a2b3c4d5e6f". */
const REPLACE_TEXT = /\b(?:vervang|vervangt|vervangen|nieuwe versie van)\s+(?:document\s+)?([0-9a-f]{12})\b/i;

/** Proposals still to decide on (a new version carries over what was decided on the old one). */
export const openCount = (added: Added): number => added.proposals.filter((p) => p.state === 'open').length;

export const ORGANISERS_ONLY = 'Alleen organisatoren (de secretaris of een eigenaar van het team) kunnen documenten toevoegen of verwijderen en deadlines eruit overnemen. Er is niets veranderd.';

/** Downloads a file Teams offers; replaced in tests. Throws a DocumentError in Dutch. */
export type FileFetcher = (url: string, maxBytes: number) => Promise<Uint8Array>;

export interface DocumentFeatureDeps {
  documents: DocumentStore;
  index: PassageIndex;
  register: DeadlineRegister;
  /** Reloads the register after a proposal is accepted (DeadlineFeature.sync). */
  syncDeadlines: () => Promise<void>;
  curation?: CurationFeature;
  curationStore?: CurationStore;
  organisers: OrganiserCheck;
  now: () => Date;
  logger: Logger;
  fetchFile?: FileFetcher;
  /** Allows http:// download links (local anonymous mode only; Teams always gives https). */
  allowHttp?: boolean;
  /** Proactive cards, for the proposals of a document added in the tab. */
  notifier?: Pick<Notifier, 'toConversation'>;
  /** The personal chat of a user (Entra object id) with the bot, if they have one. */
  personalChatOf?: (aadObjectId: string) => Promise<string | undefined>;
}

/** Fetches a file with a time limit and a size limit that holds even when the server does not say the size. */
export function httpFileFetcher(timeoutMs = 30_000): FileFetcher {
  return async (url, maxBytes) => {
    let response: Response | undefined;
    // Twice: a kept-alive connection that the server closed just then fails once and works on a new one.
    for (let attempt = 0; attempt < 2 && !response; attempt++) {
      try {
        response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      } catch {
        if (attempt === 1) throw new DocumentError('niet-gevonden', 'Ik kon het bestand niet ophalen bij Teams. Probeer het over een minuut opnieuw.');
      }
    }
    if (!response) throw new DocumentError('niet-gevonden', 'Ik kon het bestand niet ophalen bij Teams. Probeer het over een minuut opnieuw.');
    if (!response.ok || !response.body) throw new DocumentError('niet-gevonden', `Ik kon het bestand niet ophalen (HTTP ${response.status}). Stuur het opnieuw.`);
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new DocumentError('te-groot', `Het bestand is ${(declared / 1024 / 1024).toFixed(1)} MB; het maximum is 20 MB. Er is niets opgeslagen.`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new DocumentError('te-groot', 'Het bestand is groter dan 20 MB; het maximum is 20 MB. Er is niets opgeslagen.');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  };
}

/**
 * Documents in Teams: an organiser sends a file in a personal chat and the bot reads, stores and indexes it, and
 * proposes the deadlines in it on one card; "documenten" lists them; questions the curated knowledge cannot
 * answer are answered from a passage when one fits well enough (verbatim, labelled as not checked).
 */
const cardActivity = (card: AdaptiveCard): ReturnType<typeof MessageFactory.attachment> => MessageFactory.attachment(CardFactory.adaptiveCard(card));

export class DocumentFeature {
  private readonly fetchFile: FileFetcher;

  constructor(private readonly deps: DocumentFeatureDeps) {
    this.fetchFile = deps.fetchFile ?? httpFileFetcher();
  }

  /** Brings this instance's passage index in line with the store (on start, every minute, after each change). */
  async sync(): Promise<void> {
    await this.deps.index.sync(this.deps.documents);
  }

  /** Every added document, newest first. */
  list(): Promise<DocumentMeta[]> {
    return this.deps.documents.list();
  }

  /** A passage answer where the curated knowledge said "unknown"; see answerFromDocuments. */
  answer(result: { kind: string }, question: string): DocumentAnswer | undefined {
    return answerFromDocuments(result, question, this.deps.index);
  }

  async answerCard(context: TurnContext, answer: DocumentAnswer): Promise<AdaptiveCard> {
    const organiser = await this.deps.organisers.isOrganiser(context).catch(() => false);
    return renderDocumentAnswer(answer, { organiser });
  }

  /**
   * Files shared with the bot: true when the message carried one (handled, with a reply), false otherwise. Only in
   * a personal chat and only from an organiser; anything wrong gets a Dutch message and stores nothing.
   */
  attachments(context: TurnContext): Promise<boolean> | false {
    const files = (context.activity.attachments ?? []).filter((a) => a.contentType === FILE_DOWNLOAD_INFO);
    // No file (every question): false at once, not as a promise.
    if (files.length === 0) return false;
    return this.addFiles(context, files);
  }

  private async addFiles(context: TurnContext, files: Attachment[]): Promise<boolean> {
    if ((context.activity.conversation?.conversationType ?? 'personal') !== 'personal') {
      await context.sendActivity('Stuur een document in een persoonlijk gesprek met mij; in een kanaal of groepschat voeg ik geen documenten toe.');
      return true;
    }
    if (!(await this.deps.organisers.isOrganiser(context))) {
      await context.sendActivity(ORGANISERS_ONLY);
      return true;
    }
    // "vervang <id>" with the file: a new version of that document (else one with the same title is replaced).
    const replaces = REPLACE_TEXT.exec(context.activity.text ?? '')?.[1]?.toLowerCase();
    if (replaces && files.length > 1) {
      await context.sendActivity('Stuur bij "vervang" precies één bestand: de nieuwe versie. Er is niets opgeslagen.');
      return true;
    }
    for (const raw of files.slice(0, 5)) {
      const parsed = fileAttachment.safeParse(raw);
      if (!parsed.success) {
        await context.sendActivity('Dit bestand kwam zonder bruikbare downloadgegevens binnen. Stuur het opnieuw. Er is niets opgeslagen.');
        continue;
      }
      const { name, content } = parsed.data;
      const url = new URL(content.downloadUrl);
      if (url.protocol !== 'https:' && !(this.deps.allowHttp && url.protocol === 'http:')) {
        await context.sendActivity('Dit bestand heeft geen veilige downloadlink (https). Er is niets opgeslagen.');
        continue;
      }
      try {
        const bytes = await this.fetchFile(url.href, MAX_DOCUMENT_BYTES);
        const added = await this.add(context, { bytes, fileName: name, ...(replaces ? { replaces } : {}) });
        await context.sendActivity(cardActivity(renderAdded(added.document, openCount(added), await this.replacedNote(added))));
        if (openCount(added) > 0) await context.sendActivity(cardActivity(renderProposals(added.document, added.proposals)));
      } catch (error) {
        if (!(error instanceof DocumentError)) throw error;
        await context.sendActivity(error.message);
      }
    }
    return true;
  }

  /** Adds a document (or a new version of one) for the organiser of this turn and indexes it here at once. */
  async add(context: TurnContext, file: { bytes: Uint8Array; fileName: string; title?: string; date?: string; author?: string; replaces?: string }): Promise<Added> {
    return this.store({ ...file, addedBy: actorOf(context, 'een organisator'), conversationId: baseConversationId(context), ...(teamIdOf(context) ? { teamId: teamIdOf(context)! } : {}) });
  }

  /**
   * Stores a document for any front end (chat, tab) and brings this instance's index in line at once: the new
   * version's passages in, the replaced version's out (other instances follow at their next sync).
   */
  async store(input: AddDocument): Promise<Added> {
    const added = await this.deps.documents.add(input);
    if (added.replaced) this.deps.index.remove(added.replaced.id);
    this.deps.index.put(added.document, added.passages);
    this.deps.logger.info({ document: added.document.id, passages: added.passages.length, proposals: added.proposals.length, replaced: added.replaced?.id }, 'document added');
    return added;
  }

  /**
   * The proposal card of a document added outside a chat (the tab), sent to the personal chat of the organiser who
   * added it, as if they had sent the file there; "Toevoegen" then sends reminders to that chat. False when there is
   * no such chat (never spoke to the bot) or sending failed: the proposals stay under "documenten".
   */
  async offerProposals(added: Added, aadObjectId: string | undefined): Promise<boolean> {
    if (openCount(added) === 0 || !aadObjectId || !this.deps.notifier || !this.deps.personalChatOf) return false;
    try {
      const conversationId = await this.deps.personalChatOf(aadObjectId);
      if (!conversationId) return false;
      await this.deps.notifier.toConversation(conversationId, renderProposals(added.document, added.proposals));
      return true;
    } catch (error) {
      this.deps.logger.warn({ err: error, document: added.document.id }, 'could not send the proposals to the organiser');
      return false;
    }
  }

  /** The curated entries that cite a document, as a sentence for the organiser who removes or replaces it. */
  async citingNote(document: Pick<DocumentMeta, 'id' | 'title'>): Promise<string> {
    const citing = this.deps.curationStore ? entriesCiting(await this.deps.curationStore.curated(), document) : [];
    return citing.length > 0 ? `Deze vaste antwoorden noemen het als bron; kijk of ze nog kloppen: ${citing.map((c) => `“${c.entry.title}”`).join(', ')}.` : '';
  }

  /** What a new version replaced, for the card: the old version and the curated entries that cite it. */
  async replacedNote(added: Added): Promise<string | undefined> {
    if (!added.replaced) return undefined;
    return replacedText(added.replaced, await this.citingNote(added.replaced));
  }

  /** The reply to a document command, or undefined (at once, not as a promise) when the text is none. */
  command(context: TurnContext, text: string): Promise<{ card: AdaptiveCard } | { text: string } | undefined> | undefined {
    const command = text.trim().replace(/[!?.]+$/, '');
    if (/^(documenten|toegevoegde documenten|welke documenten)$/i.test(command)) return this.listCommand(context);
    const edit = /^document wijzigen\s+([0-9a-f]{12})\b(.*)$/i.exec(command);
    if (edit) return this.editCommand(context, edit);
    return undefined;
  }

  private async listCommand(context: TurnContext): Promise<{ card: AdaptiveCard }> {
    const organiser = await this.deps.organisers.isOrganiser(context).catch(() => false);
    return { card: renderDocumentList(await this.deps.documents.list(), { organiser }) };
  }

  private async editCommand(context: TurnContext, edit: RegExpExecArray): Promise<{ card: AdaptiveCard } | { text: string }> {
    if (!(await this.deps.organisers.isOrganiser(context))) return { text: ORGANISERS_ONLY };
    const rest = edit[2]!;
    const title = /titel:\s*(.+?)(?=\s+(?:datum|auteur):|$)/i.exec(rest)?.[1];
    const date = /datum:\s*(\S+)/i.exec(rest)?.[1];
    const author = /auteur:\s*(.+?)(?=\s+(?:datum|titel):|$)/i.exec(rest)?.[1];
    if (!title && !date && !author) return { text: 'Geef wat er moet veranderen, zoals: document wijzigen <id> titel: Nieuwe titel datum: 2026-12-01. Er is niets veranderd.' };
    try {
      const changed = await this.deps.documents.edit(edit[1]!, { ...(title ? { title } : {}), ...(date ? { date } : {}), ...(author ? { author } : {}) });
      if (!changed) return { text: `Er is geen document met id ${edit[1]}. Typ **documenten** voor de lijst.` };
      this.deps.index.updateMeta(changed);
      return { card: renderAdded(changed, 0) };
    } catch (error) {
      if (error instanceof DocumentError) return { text: error.message };
      throw error;
    }
  }

  async action(context: TurnContext, verb: DocumentVerb, raw: unknown): Promise<AdaptiveCard | string> {
    const parsed = actionData.safeParse(raw ?? {});
    if (!parsed.success || !parsed.data.documentId) return 'Deze knop stuurde onbekende gegevens mee. Er is niets veranderd.';
    const d = parsed.data;
    if (!(await this.deps.organisers.isOrganiser(context))) return ORGANISERS_ONLY;
    const document = await this.deps.documents.get(d.documentId!);
    if (!document) return 'Dit document is er niet meer. Er is niets veranderd.';
    switch (verb) {
      case 'document.proposals':
        return renderProposals(document, await this.deps.documents.proposals(document.id));
      case 'document.remove':
        return this.remove(document);
      case 'document.curate':
        return this.curate(context, document, d.passageId, d.question);
      case 'proposal.skip':
      case 'proposal.add': {
        if (!d.n) return 'Deze knop stuurde onbekende gegevens mee. Er is niets veranderd.';
        return verb === 'proposal.skip' ? this.skip(context, document, d.n) : this.accept(context, document, d.n, d.edited ? (raw as Record<string, unknown>) : undefined);
      }
    }
  }

  private async remove(document: DocumentMeta): Promise<AdaptiveCard> {
    await this.deps.documents.remove(document.id);
    this.deps.index.remove(document.id);
    const citing = await this.citingNote(document);
    this.deps.logger.info({ document: document.id }, 'document removed');
    return renderDocumentList(await this.deps.documents.list(), { organiser: true, status: `"${document.title}" is verwijderd; geen enkele instantie antwoordt er na een minuut nog uit.${citing ? ` ${citing}` : ''}` });
  }

  private async skip(context: TurnContext, document: DocumentMeta, n: number): Promise<AdaptiveCard> {
    const actor = actorOf(context, 'een organisator');
    const { proposal, changed } = await this.deps.documents.handleProposal(document.id, n, (p) => ({ ...p, state: 'overgeslagen', handledBy: actor.name }));
    const status = !proposal ? 'Dit voorstel bestaat niet.' : changed ? `Overgeslagen door ${actor.name}.` : `Dit voorstel was al ${proposal.state}.`;
    return renderProposals(document, await this.deps.documents.proposals(document.id), { status });
  }

  /** "Toevoegen": the proposal (or what the organiser changed in "Aanpassen") goes into the register, once. */
  private async accept(context: TurnContext, document: DocumentMeta, n: number, edited: Record<string, unknown> | undefined): Promise<AdaptiveCard> {
    const proposals = await this.deps.documents.proposals(document.id);
    const proposal = proposals.find((p) => p.n === n);
    if (!proposal) return renderProposals(document, proposals, { status: 'Dit voorstel bestaat niet.' });
    if (proposal.state !== 'open') return renderProposals(document, proposals, { status: `Dit voorstel was al ${proposal.state}.` });
    const field = (name: string, fallback: string): string => {
      const value = edited?.[`p${n}_${name}`];
      return typeof value === 'string' ? value.slice(0, 1000) : fallback;
    };
    const form = parseDeadlineForm(
      {
        title: field('title', proposal.subject),
        body: field('body', proposal.body),
        kind: field('kind', proposal.kind),
        dueDate: field('dueDate', proposal.dueDate),
        dueTime: field('dueTime', '17:00'),
        description: `${proposal.sentence} (${document.title}, ${placeOf(proposal)})`.slice(0, 1000),
      },
      this.deps.now(),
    );
    if (!form.ok) return renderProposals(document, proposals, { errors: new Map([[n, Object.values(form.errors).join(' ')]]) });
    const actor = actorOf(context, 'een organisator');
    // The idempotency key makes a second press (here or on another instance) return the same deadline.
    const deadline = await this.deps.register.add(form.value, actor, baseConversationId(context), teamIdOf(context), `document:${document.id}:${n}`);
    await this.deps.documents.handleProposal(document.id, n, (p) => ({ ...p, state: 'toegevoegd', deadlineId: deadline.id, handledBy: actor.name }));
    await this.deps.syncDeadlines();
    this.deps.logger.info({ document: document.id, deadline: deadline.id }, 'proposal added as deadline');
    return renderProposals(document, await this.deps.documents.proposals(document.id), { status: `Toegevoegd aan de deadlines door ${actor.name}; herinneringen gaan naar dit gesprek.` });
  }

  /** "Maak hier een vast antwoord van": the curation form, prefilled with the passage as answer and source quote. */
  private async curate(context: TurnContext, document: DocumentMeta, passageId: string | undefined, question: string | undefined): Promise<AdaptiveCard | string> {
    if (!this.deps.curation) return 'Het vastleggen van antwoorden staat hier niet aan. Er is niets veranderd.';
    const passage = (await this.deps.documents.passages(document.id))?.find((p) => p.id === passageId);
    if (!passage) return 'Deze passage staat niet meer in het document. Er is niets veranderd.';
    return this.deps.curation.fromPassage(context, {
      question: (question ?? '').trim() || `Wat staat er in ${document.title} (${placeOf(passage)})?`,
      documentId: document.id,
      quote: passage.text,
      source: `${document.title}, ${placeOf(passage)}`,
      ...(document.date ? { sourceDate: document.date } : {}),
    });
  }
}
