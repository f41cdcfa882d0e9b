import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type restify from 'restify';
import { listConversations } from '../bot/conversations.js';
import { formatDutchDate } from '../domain/dates.js';
import { daysLeft, stateAt, type Deadline } from '../domain/deadlines/deadline.js';
import type { DeadlineRegister } from '../domain/deadlines/register.js';
import { CHOICE_LABEL, isClosed, VOTE_CHOICES, type DraftAdvice } from '../domain/drafts/draft.js';
import type { DraftStore } from '../domain/drafts/draft-store.js';
import type { QuestionAnswerer } from '../domain/knowledge/qa.js';
import type { KeyValueStore } from '../domain/storage-port.js';
import { z } from 'zod';
import { describeDocument, type AddDocument, type Added, type DocumentMeta } from '../domain/documents/document-store.js';
import { DocumentError, kindName, MAX_DOCUMENT_BYTES } from '../domain/documents/extract.js';
import { placeOf } from '../domain/documents/passages.js';
import { TabAuthError, type TabAuth, type TabUser } from './tab-auth.js';

/** Where the tab uploads a document: its body is the file itself, read here with its own limit (not the 256 KB of the app). */
export const DOCUMENT_UPLOAD_PATH = '/api/tab/documents';

/** What the tab needs of the documents (the bot's DocumentFeature: the same store, index and proposal card). */
export interface TabDocuments {
  list(): Promise<DocumentMeta[]>;
  /** Stores and indexes a file; throws a DocumentError in Dutch, and then nothing is stored. */
  store(input: AddDocument): Promise<Added>;
  replacedNote(added: Added): Promise<string | undefined>;
  /** Sends the proposal card to the organiser's personal chat with the bot; false when that cannot be done. */
  offerProposals(added: Added, aadObjectId: string | undefined): Promise<boolean>;
}

const ORGANISERS_ONLY = 'Alleen organisatoren (de secretaris of een eigenaar van het team) kunnen documenten toevoegen. Er is niets opgeslagen.';

const uploadQuery = z.object({
  scope: z.string().max(300).optional(),
  name: z.string().min(1, 'Het bestand heeft geen naam.').max(300),
  title: z.string().max(300).optional(),
  date: z.string().max(30).optional(),
  author: z.string().max(300).optional(),
  replaces: z.union([z.literal(''), z.string().regex(/^[0-9a-f]{12}$/, 'Kies het document dat je wilt vervangen uit de lijst.')]).optional(),
});

export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export interface TabDeps {
  register: DeadlineRegister;
  drafts: DraftStore;
  qa: QuestionAnswerer;
  store: KeyValueStore;
  now: () => Date;
  logger: Logger;
  /** Undefined in local development mode (no app id): the API then answers without a token. */
  auth?: TabAuth;
  /** Members (Entra ids, and "owner" for a team's owners) of a team or chat, for the checks on the user. */
  membersOf: (conversationId: string) => Promise<Array<{ id: string; role?: string }>>;
  documents?: TabDocuments;
  /** Entra object ids of organisers (ORGANISERS); a team's owners count too, as in the bot. */
  organisers?: ReadonlySet<string>;
}

interface Viewer {
  oid?: string;
  name?: string;
  local: boolean;
  /** May add documents: in ORGANISERS or an owner of the team asked for; locally only without ORGANISERS (as the bot). */
  organiser: boolean;
  /** The conversation of the scope asked for (where the bot is in that team or chat), and its team. */
  conversationId?: string;
  teamId?: string;
}

function documentView(d: DocumentMeta) {
  return {
    id: d.id,
    title: d.title,
    date: d.date ? formatDutchDate(d.date) : null,
    author: d.author ?? null,
    kind: kindName(d.kind),
    pages: d.pages ?? null,
    content: describeDocument(d),
    addedBy: d.addedBy.name,
    addedAt: formatDutchDate(d.addedAt.slice(0, 10)),
  };
}

function belongs(scope: string | undefined, owner: { teamId?: string; conversationId?: string; conversations?: string[] }): boolean {
  if (!scope) return true;
  return owner.teamId === scope || owner.conversationId?.split(';')[0] === scope || (owner.conversations ?? []).includes(scope);
}

function deadlineView(d: Deadline, now: Date) {
  const state = stateAt(d, now);
  const left = daysLeft(d, now);
  return {
    title: d.title,
    body: d.body,
    kind: d.kind,
    due: `${formatDutchDate(d.dueDate)} om ${d.dueTime}`,
    dueAt: d.dueAt,
    daysLeft: left,
    left: state === 'verlopen' ? 'verlopen' : left === 0 ? 'vandaag' : left === 1 ? 'morgen' : `nog ${left} dagen`,
    state,
    link: d.link ?? null,
  };
}

async function draftView(drafts: DraftStore, d: DraftAdvice, viewer: Viewer, now: Date) {
  const [tally, comments] = await Promise.all([drafts.tally(d), drafts.comments(d.id)]);
  const closed = isClosed(d, now);
  const voted = viewer.oid ? Boolean(await drafts.myVote(d, viewer.oid)) : false;
  const visible = closed || d.visibility === 'live' || (d.visibility === 'na-stem' && voted);
  return {
    number: d.number,
    title: d.title,
    state: closed ? 'gesloten' : 'open',
    closes: formatDutchDate(d.closesAt.slice(0, 10)),
    comments: comments.length,
    votes: tally.total,
    tally: visible ? VOTE_CHOICES.map((c) => ({ label: CHOICE_LABEL[c], count: tally.counts[c] })) : null,
    hidden: visible ? null : d.visibility === 'na-stem' ? 'Zichtbaar nadat je zelf hebt gestemd.' : 'Zichtbaar na sluiting.',
    outcome: closed ? (d.outcome ?? null) : null,
  };
}

/**
 * The Adviesdossier tab: static pages under /tab/ and a JSON API under /api/tab/. With an app id configured
 * every API call needs a verified single sign-on token and the user must be a member of the team or chat
 * asked for; without one the tab runs in a clearly labelled local development mode.
 */
export function registerTab(server: restify.Server, deps: TabDeps): void {
  const log = deps.logger.child({ subsystem: 'tab' });
  const require = createRequire(import.meta.url);
  const teamsJs = readFileSync(require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'));
  // A Map, so that /tab/toString or /tab/__proto__ find nothing instead of Object.prototype's members.
  const files = new Map<string, { type: string; body: Buffer }>(Object.entries({
    'adviesdossier': { type: 'text/html; charset=utf-8', body: readFileSync(`${PUBLIC_DIR}tab/index.html`) },
    'config': { type: 'text/html; charset=utf-8', body: readFileSync(`${PUBLIC_DIR}tab/config.html`) },
    'tab.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(`${PUBLIC_DIR}tab/tab.js`) },
    'tab.css': { type: 'text/css; charset=utf-8', body: readFileSync(`${PUBLIC_DIR}tab/tab.css`) },
    'teams-js.js': { type: 'text/javascript; charset=utf-8', body: teamsJs },
  }));

  server.get('/tab/:file', async (req, res) => {
    const file = files.get(String(req.params.file ?? ''));
    if (!file) {
      res.send(404, { error: 'Onbekende pagina.' });
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.end(file.body);
  });

  /** Who asks, and may they see this scope? Answers 401/403 itself and returns undefined when not. */
  const viewerFor = async (req: restify.Request, res: restify.Response, scope: string | undefined): Promise<Viewer | undefined> => {
    if (!deps.auth) return { local: true, organiser: (deps.organisers?.size ?? 0) === 0 };
    let user: TabUser;
    try {
      user = await deps.auth.verify(req.header('authorization'));
    } catch (error) {
      const message = error instanceof TabAuthError ? error.message : 'Aanmelden is mislukt.';
      log.info({ reason: message }, 'tab request refused');
      res.send(401, { error: message });
      return undefined;
    }
    const listed = deps.organisers?.has(user.oid) ?? false;
    if (scope) {
      const conversations = await listConversations(deps.store);
      const where = conversations.find((c) => c.teamId === scope || c.reference.conversation?.id === scope);
      const members = where ? await deps.membersOf(where.reference.conversation!.id).catch(() => []) : [];
      const me = members.find((m) => m.id === user.oid);
      if (!me) {
        res.send(403, { error: 'Je bent geen lid van dit team of deze chat.' });
        return undefined;
      }
      return {
        oid: user.oid,
        name: user.name,
        local: false,
        organiser: listed || (where!.teamId === scope && me.role === 'owner'),
        conversationId: where!.reference.conversation!.id!,
        ...(where!.teamId ? { teamId: where!.teamId } : {}),
      };
    }
    return { oid: user.oid, name: user.name, local: false, organiser: listed };
  };

  const scopeOf = (req: restify.Request): string | undefined => (typeof req.query?.scope === 'string' && req.query.scope ? String(req.query.scope).slice(0, 300) : undefined);

  server.get('/api/tab/overview', async (req, res) => {
    const scope = scopeOf(req);
    const viewer = await viewerFor(req, res, scope);
    if (!viewer) return;
    // Signed in but outside a team or chat (the personal tab): only the knowledge base, no team's data.
    const teamData = viewer.local || scope !== undefined;
    const now = deps.now();
    const deadlines = teamData ? (await deps.register.listOpen()).filter((d) => belongs(scope, d)) : [];
    const drafts = teamData ? (await deps.drafts.all()).filter((d) => belongs(scope, d)) : [];
    const upcoming = deps.qa.upcoming();
    res.send(200, {
      mode: viewer.local ? 'lokaal' : 'teams',
      today: upcoming.kind === 'upcoming' ? upcoming.today : '',
      deadlines: deadlines.map((d) => deadlineView(d, now)),
      knownDates: upcoming.kind === 'upcoming' ? upcoming.items.filter((i) => !i.id.startsWith('register-')).map((i) => ({ title: i.title, when: i.formatted, relative: i.relative, body: i.body })) : [],
      drafts: await Promise.all(drafts.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((d) => draftView(deps.drafts, d, viewer, now))),
      // Added documents answer everyone's questions, so every signed-in member sees the list.
      documents: deps.documents ? (await deps.documents.list()).map(documentView) : [],
      organiser: viewer.organiser && deps.documents !== undefined,
    });
  });

  /**
   * An organiser's upload: the file is the body (application/octet-stream), name, title, date, author and the
   * document it replaces are query parameters. Into the same store as the command line and the bot, with their
   * Dutch messages; the deadlines found go to the organiser's personal chat as a proposal card.
   */
  server.post(DOCUMENT_UPLOAD_PATH, async (req, res) => {
    const refuse = (status: number, error: string): void => {
      // The rest of an upload that is refused is not read: close the connection after the answer.
      res.setHeader('connection', 'close');
      res.send(status, { error });
    };
    if (!deps.documents) return refuse(404, 'Documenten toevoegen staat hier niet aan.');
    const viewer = await viewerFor(req, res, scopeOf(req));
    if (!viewer) return;
    if (!viewer.organiser) return refuse(403, ORGANISERS_ONLY);
    const query = uploadQuery.safeParse(req.query ?? {});
    if (!query.success) return refuse(400, `${query.error.issues[0]?.message ?? 'Onbekende gegevens.'} Er is niets opgeslagen.`);
    const q = query.data;
    const declared = Number(req.header('content-length') ?? '0');
    const tooLarge = (bytes: number): string => `"${q.name}" is ${(bytes / 1024 / 1024).toFixed(1)} MB; het maximum is 20 MB. Stuur een kleinere versie (bijvoorbeeld zonder afbeeldingen). Er is niets opgeslagen.`;
    if (declared > MAX_DOCUMENT_BYTES) return refuse(413, tooLarge(declared));
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        total += chunk.byteLength;
        if (total > MAX_DOCUMENT_BYTES) return refuse(413, tooLarge(total));
        chunks.push(chunk);
      }
    } catch {
      return refuse(400, 'Het bestand kwam niet helemaal aan. Probeer het opnieuw. Er is niets opgeslagen.');
    }
    try {
      const added = await deps.documents.store({
        bytes: Buffer.concat(chunks),
        fileName: q.name,
        ...(q.title?.trim() ? { title: q.title } : {}),
        ...(q.date?.trim() ? { date: q.date } : {}),
        ...(q.author?.trim() ? { author: q.author } : {}),
        ...(q.replaces ? { replaces: q.replaces } : {}),
        addedBy: { id: viewer.oid ?? 'tab', name: viewer.name ?? 'een organisator (tabblad)' },
        ...(viewer.conversationId ? { conversationId: viewer.conversationId } : {}),
        ...(viewer.teamId ? { teamId: viewer.teamId } : {}),
      });
      const sent = await deps.documents.offerProposals(added, viewer.oid);
      log.info({ document: added.document.id, replaced: added.replaced?.id, proposals: added.proposals.length, sent }, 'document added in the tab');
      res.send(201, {
        document: documentView(added.document),
        replaced: (await deps.documents.replacedNote(added)) ?? null,
        proposals: added.proposals.map((p) => ({ due: formatDutchDate(p.dueDate), kind: p.kind, body: p.body, subject: p.subject, sentence: p.sentence, place: placeOf(p), state: p.state })),
        proposalsSent: sent,
      });
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      res.send(error.code === 'te-groot' ? 413 : error.code === 'bestaat-al' ? 409 : 400, { error: error.message });
    }
  });

  server.get('/api/tab/search', async (req, res) => {
    const viewer = await viewerFor(req, res, undefined);
    if (!viewer) return;
    const q = typeof req.query?.q === 'string' ? String(req.query.q).trim().slice(0, 300) : '';
    if (!q) {
      res.send(400, { error: 'Typ een vraag.' });
      return;
    }
    const result = deps.qa.ask(q);
    if (result.kind === 'answer') {
      res.send(200, {
        kind: 'answer',
        title: result.entry.title,
        answer: result.answer,
        date: result.date ? `${result.date.formatted} (${result.date.relative})` : null,
        sources: result.sources.map((s) => `${s.title}, ${s.author}, ${s.date}`),
      });
    } else if (result.kind === 'unknown') {
      res.send(200, { kind: 'unknown', suggestions: result.suggestions.map((s) => s.question) });
    } else {
      res.send(200, { kind: 'upcoming', items: result.items.map((i) => `${i.formatted}: ${i.title} (${i.relative})`) });
    }
  });
}
