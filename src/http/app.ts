import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';

export const MAX_BODY_BYTES = 256 * 1024;

/** The least an activity needs before botbuilder sees it; anything else is answered 400 and never reaches a turn. */
const incomingActivity = z.looseObject({
  type: z.string().min(1).max(64),
  serviceUrl: z.string().url().max(2048),
  conversation: z.looseObject({ id: z.string().min(1).max(1024) }),
});

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

  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false }));

  server.post('/api/messages', async (req, res) => {
    if (!incomingActivity.safeParse(req.body).success) {
      res.send(400, { error: 'Verwacht een Bot Framework-activity (JSON) met type, serviceUrl en conversation.id.' });
      return;
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      log.error({ err: error }, 'request failed outside the turn');
      if (!res.headersSent) res.send(500, { error: 'Interne fout' });
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
