import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import { processInbound } from '../bot/adapter.js';
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';
import { DOCUMENT_UPLOAD_PATH } from './tab-api.js';

export const MAX_BODY_BYTES = 256 * 1024;

/** Longest time the HTTP request of one turn is held; after it the turn goes on, but the caller hears 202. */
export const TURN_TIMEOUT_MS = 10_000;

/** Deepest nesting of objects and arrays an activity may have; real ones stay well under 10. */
export const MAX_ACTIVITY_DEPTH = 32;

const shortText = (max: number) => z.string().max(max).nullish();
const account = z.looseObject({ id: shortText(1024), name: shortText(1024), aadObjectId: shortText(256) });

/** An entity as botbuilder reads it: TurnContext.getMentions calls type.toLowerCase(), a mention needs `mentioned`. */
const entity = z
  .looseObject({ type: z.string().min(1).max(128), mentioned: account.optional(), text: shortText(4096) })
  .refine((e) => e.type.toLowerCase() !== 'mention' || e.mentioned !== undefined, { message: 'mention zonder mentioned' });

/**
 * The activity fields the bot and botbuilder rely on, checked before botbuilder sees them; anything else is
 * answered 400 and never reaches a turn.
 */
const incomingActivity = z
  .looseObject({
    type: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    conversation: z.looseObject({ id: z.string().min(1).max(1024), conversationType: shortText(64), tenantId: shortText(256) }),
    id: shortText(1024),
    channelId: shortText(64),
    name: shortText(256),
    locale: shortText(64),
    replyToId: shortText(1024),
    timestamp: shortText(64),
    localTimestamp: shortText(64),
    expiration: shortText(64),
    text: z.string().nullish(),
    from: account.nullish(),
    recipient: account.nullish(),
    entities: z.array(entity).max(64).nullish(),
    attachments: z.array(z.looseObject({ contentType: shortText(256) })).max(64).nullish(),
    membersAdded: z.array(account).max(1000).nullish(),
    membersRemoved: z.array(account).max(1000).nullish(),
    channelData: z.looseObject({ eventType: shortText(128), tenant: z.looseObject({ id: shortText(256) }).nullish() }).nullish(),
  })
  .superRefine((a, ctx) => {
    // TurnContext.removeRecipientMention reads activity.recipient.id and activity.text.replace(...).
    if (a.entities?.length && (!a.recipient || (a.entities.some((e) => e.type.toLowerCase() === 'mention') && typeof a.text !== 'string'))) {
      ctx.addIssue({ code: 'custom', message: 'entities zonder recipient of text' });
    }
  });

/** True when objects and arrays nest deeper than `max` (stops looking there, so never deep itself). */
function tooDeep(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (max === 0) return true;
  return Object.values(value as Record<string, unknown>).some((v) => tooDeep(v, max - 1));
}

const ERRORS = {
  notActivity: 'Verwacht een Bot Framework-activity (JSON) met type, serviceUrl en conversation.id.',
  badJson: 'Onleesbare JSON; er is niets verwerkt.',
  mediaType: 'Alleen application/json wordt aangenomen; er is niets verwerkt.',
  tooLarge: 'Het verzoek is te groot; er is niets verwerkt.',
  invalid: 'Ongeldig verzoek; er is niets verwerkt.',
} as const;

export interface HealthInfo {
  version: string;
  knowledgeEntries: () => number;
  storageKind: string;
  startedAt: number;
}

export interface AppDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  health: HealthInfo;
  /** The iCalendar feed of the team whose key this is, or undefined for an unknown key. */
  calendarFeed?: (key: string) => Promise<string | undefined>;
  /** A draft export behind a download token, or undefined for an unknown or expired one. */
  exportFile?: (token: string, name: string) => Promise<{ filename: string; contentType: string; body: Buffer } | undefined>;
}

/**
 * Builds the restify app without listening, so tests can drive it in-process; `src/server.ts` is the only
 * file that listens.
 */
export function createApp({ adapter, bot, logger, health, calendarFeed, exportFile }: AppDeps): restify.Server {
  const server = restify.createServer({ name: 'adviesbot', handleUncaughtExceptions: true });
  const log = logger.child({ subsystem: 'http' });

  // A form or text body would be parsed too (a form even into an object that looks like an activity): only JSON
  // may reach the bot.
  server.use((req, res, next) => {
    if (req.method !== 'POST' || req.getPath() !== '/api/messages') return next();
    const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/json') return next();
    log.info({ contentType: type.slice(0, 100) || 'geen' }, 'activity refused: not JSON');
    res.send(415, { error: ERRORS.mediaType });
    return next(false);
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // The tab's document upload (up to 20 MB) is read by its own handler, with its own limit and Dutch messages.
  const skipUpload = (handler: restify.RequestHandler): restify.RequestHandler => (req, res, next) =>
    req.method === 'POST' && req.getPath() === DOCUMENT_UPLOAD_PATH ? next() : handler(req, res, next);
  server.use(...restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false }).map(skipUpload));

  // restify's own errors (bad JSON, too large, ...) carry English parser text; answer in short Dutch instead.
  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    const message =
      err.name === 'InvalidContentError' ? ERRORS.badJson
      : status === 413 ? ERRORS.tooLarge
      : status === 415 ? ERRORS.mediaType
      : status === 404 ? 'Niet gevonden.'
      : status === 405 ? 'Deze methode wordt hier niet ondersteund.'
      : status >= 500 ? 'Interne fout'
      : ERRORS.invalid;
    if (status >= 500) log.error({ err, path: req.path() }, 'request failed');
    else log.info({ status, error: err.name, path: req.path() }, 'request refused');
    err.toJSON = () => ({ error: message });
    err.toString = () => message;
    return callback();
  });

  server.post('/api/messages', async (req, res) => {
    const parsed = tooDeep(req.body, MAX_ACTIVITY_DEPTH) ? undefined : incomingActivity.safeParse(req.body);
    if (!parsed?.success) {
      log.info({ issues: parsed?.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.code}`) ?? ['te diep genest'] }, 'activity refused: invalid shape');
      res.send(400, { error: ERRORS.notActivity });
      return;
    }
    const activity = req.body as Record<string, unknown>;
    // botbuilder reads `entities.length` and `channelData.eventType` without checking for null.
    for (const field of ['entities', 'channelData', 'from', 'recipient', 'attachments', 'membersAdded', 'membersRemoved']) {
      if (activity[field] === null) delete activity[field];
    }
    // TeamsActivityHandler reads channelData.eventType of every Teams messageUpdate/messageDelete: without
    // channelData it throws; with an empty one the activity is accepted and ignored.
    if ((parsed.data.type === 'messageUpdate' || parsed.data.type === 'messageDelete') && activity.channelData === undefined) {
      activity.channelData = {};
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, TURN_TIMEOUT_MS, undefined);
    });
    const auth = String(req.headers.authorization ?? '');
    const turn = processInbound(adapter, auth, activity, (context) => bot.run(context), log);
    try {
      const result = await Promise.race([turn, deadline]);
      if (res.headersSent) return;
      if (!result) {
        // A slow turn (a dead connector, a slow store) must not hold the caller; it goes on in the background.
        log.warn({ activityType: parsed.data.type, ms: TURN_TIMEOUT_MS }, 'turn took too long; answered 202, still running');
        res.send(202, { status: 'in behandeling' });
        return;
      }
      if (result.body === undefined) {
        res.status(result.status);
        res.end();
      } else {
        res.send(result.status, result.body);
      }
    } catch (error) {
      log.error({ err: error }, 'request failed outside the turn');
      if (!res.headersSent) res.send(500, { error: 'Interne fout' });
    } finally {
      clearTimeout(timer);
    }
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, {
      status: 'ok',
      version: health.version,
      knowledgeEntries: health.knowledgeEntries(),
      storage: health.storageKind,
      uptimeSeconds: Math.round((Date.now() - health.startedAt) / 1000),
    });
  });

  server.get('/calendar/:file', async (req, res) => {
    const file = String(req.params.file ?? '');
    const feed = file.endsWith('.ics') && calendarFeed ? await calendarFeed(file.slice(0, -4)) : undefined;
    if (feed === undefined) {
      res.send(404, { error: 'Onbekende agenda.' });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' });
    res.end(feed);
  });

  server.get('/export/:token/:name', async (req, res) => {
    const file = exportFile ? await exportFile(String(req.params.token ?? ''), String(req.params.name ?? '')) : undefined;
    if (!file) {
      res.send(404, { error: 'Onbekende of verlopen downloadlink. Vraag een nieuwe met "export" in Teams.' });
      return;
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'private, no-store',
    });
    res.end(file.body);
  });

  server.on('uncaughtException', (req: restify.Request, res: restify.Response, _route: unknown, error: Error) => {
    log.error({ err: error, path: req.path() }, 'uncaught exception in handler');
    if (!res.headersSent) res.send(500, { error: 'Interne fout' });
  });

  return server;
}
