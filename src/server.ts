// The only file that listens. Everything else is built by compose() so tests can run it in-process.
import { clockOf, ConfigError, loadConfig } from './config.js';
import { warmUpSpelling } from './domain/knowledge/dutch-spelling.js';
import { KnowledgeError } from './domain/knowledge/load.js';
import { createLogger } from './logger.js';

/**
 * restify 11 loads spdy (HTTP/2, which the bot does not use), whose http-deceiver calls the deprecated
 * process.binding('http_parser') when it is loaded: Node then prints "DEP0111" twice on every start, which nobody
 * running the bot can act on. Only that warning is left out; every other warning is printed as usual. compose()
 * (and with it restify) is therefore imported after this filter is in place.
 */
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const [typeOrOptions, code] = rest;
  const warningCode = typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { code?: string }).code : code;
  if (warningCode === 'DEP0111' && String(warning).includes("process.binding('http_parser')")) return;
  (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
const { compose } = await import('./compose.js');
const { countKnowledge } = await import('./bot/cards.js');

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger(config.LOG_LEVEL);
const shutdownSeconds = config.SHUTDOWN_SECONDS;

let composition;
try {
  composition = compose(config, logger, { now: clockOf(config) });
} catch (error) {
  if (error instanceof KnowledgeError) {
    logger.fatal(error.message);
    process.exit(1);
  }
  throw error;
}
const { app, store, qa, scheduler, deadlines, drafts, draftScheduler, curation, documents } = composition;
/** What the bot knows, counted apart for the start-up line: the curated entries, answers added in Teams, deadlines. */
const knowledgeCounts = (): { knowledgeEntries: number; answersAddedInTeams: number; deadlines: number } => {
  const c = countKnowledge(qa.retriever.ids(), 0);
  return { knowledgeEntries: c.entries, answersAddedInTeams: c.curated ?? 0, deadlines: c.deadlines ?? 0 };
};

if (config.authMode === 'anonymous') {
  logger.warn(
    'Geen MicrosoftAppId ingesteld: lokale anonieme modus (zoals de Bot Framework Emulator verwacht). Alleen voor lokaal gebruik.',
  );
}
if (config.LOCAL_CLOCK) {
  logger.warn({ localClock: config.LOCAL_CLOCK }, `LOCAL_CLOCK: de klok van de bot begint op ${config.LOCAL_CLOCK} (Amsterdamse tijd) en loopt vanaf daar door`);
}

process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

// Deadlines added on any instance become answerable here; reminders go out on every tick.
const interval = config.REMINDER_INTERVAL_SECONDS * 1000;
const syncDeadlines = (): void => {
  void deadlines.sync().catch((err: unknown) => logger.error({ err }, 'deadline sync failed'));
  void draftScheduler.tick().catch((err: unknown) => logger.error({ err }, 'draft scheduler failed'));
  void curation.sync().catch((err: unknown) => logger.error({ err }, 'curation sync failed'));
  void documents.sync().catch((err: unknown) => logger.error({ err }, 'document sync failed'));
};
syncDeadlines();
const syncTimer = setInterval(syncDeadlines, interval);
syncTimer.unref();
scheduler.start(interval);

app.listen(config.PORT, config.HOST, () => {
  const address = app.address();
  logger.info(
    { port: address.port, storage: store.kind, ...knowledgeCounts(), auth: config.authMode },
    `Adviesbot luistert op http://localhost:${address.port}/api/messages`,
  );
  // The spelling dictionary (for typos in questions) loads once (about 30 ms); better now than on the first question.
  setImmediate(warmUpSpelling);
});

// Writes to a pipe whose reader is gone (`npm start | tee log` after tee stopped) fail with EPIPE: nothing to do
// about that here, and no reason to crash with a stack trace nobody can read.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

/**
 * Ctrl-C (SIGINT) or SIGTERM: no new requests, let the reminders and card updates in flight finish, close storage,
 * exit 0. Whatever still hangs after SHUTDOWN_SECONDS (a request that never ends, a send waiting out its backoff)
 * is left: the process exits with 1. A second Ctrl-C exits at once with 130, as a shell expects of an interrupt.
 */
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  logger.info({ signal }, 'stopping: no new requests, finishing reminders in flight');
  clearInterval(syncTimer);
  await new Promise<void>((resolve) => app.close(() => resolve()));
  await scheduler.stop();
  await drafts.drain();
  await curation.flushTopics().catch(() => undefined);
  await store.close();
  logger.info('stopped');
}
function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    logger.warn({ signal }, 'tweede stopsignaal: de bot stopt meteen');
    process.exit(130);
  }
  stopping = true;
  setTimeout(() => {
    logger.error({ signal }, `niet binnen ${shutdownSeconds} seconden gestopt; de bot stopt nu zonder verder te wachten`);
    process.exit(1);
  }, shutdownSeconds * 1000);
  shutdown(signal).then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'stopping failed');
      process.exit(1);
    },
  );
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
