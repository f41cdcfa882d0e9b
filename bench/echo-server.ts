// The floor for every benchmark: an echo bot on the same stack (restify app factory, CloudAdapter, SQLite).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityHandler } from 'botbuilder';
import { createAdapter } from '../src/bot/adapter.js';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/http/app.js';
import { createLogger } from '../src/logger.js';
import { SqliteStore } from '../src/storage/sqlite-storage.js';

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
mkdirSync(config.DATA_DIR, { recursive: true });
const store = new SqliteStore(join(config.DATA_DIR, 'echo.sqlite'));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await store.read([`conversation/${context.activity.conversation.id}`]);
  await context.sendActivity(`Je zei: ${context.activity.text}`);
  await next();
});
const app = createApp({ adapter: createAdapter(config, logger), bot, logger, health: { version: 'echo', knowledgeEntries: () => 0, storageKind: 'sqlite', startedAt: Date.now() } });
app.listen(config.PORT, '127.0.0.1');
