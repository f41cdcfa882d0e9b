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
import { TabAuthError, type TabAuth } from './tab-auth.js';

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
  /** Members (Entra ids) of a team or chat, for the check that the user may see it. */
  membersOf: (conversationId: string) => Promise<Array<{ id: string }>>;
}

interface Viewer {
  oid?: string;
  local: boolean;
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
    if (!deps.auth) return { local: true };
    let user;
    try {
      user = await deps.auth.verify(req.header('authorization'));
    } catch (error) {
      const message = error instanceof TabAuthError ? error.message : 'Aanmelden is mislukt.';
      log.info({ reason: message }, 'tab request refused');
      res.send(401, { error: message });
      return undefined;
    }
    if (scope) {
      const conversations = await listConversations(deps.store);
      const where = conversations.find((c) => c.teamId === scope || c.reference.conversation?.id === scope);
      const members = where ? await deps.membersOf(where.reference.conversation!.id).catch(() => []) : [];
      if (!members.some((m) => m.id === user.oid)) {
        res.send(403, { error: 'Je bent geen lid van dit team of deze chat.' });
        return undefined;
      }
    }
    return { oid: user.oid, local: false };
  };

  server.get('/api/tab/overview', async (req, res) => {
    const scope = typeof req.query?.scope === 'string' && req.query.scope ? String(req.query.scope).slice(0, 300) : undefined;
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
    });
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
