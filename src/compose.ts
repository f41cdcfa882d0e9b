import { countKnowledge } from './bot/cards.js';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type restify from 'restify';
import { createAdapter } from './bot/adapter.js';
import { Adviesbot } from './bot/adviesbot.js';
import { CalendarKeys } from './bot/calendar-keys.js';
import { DeadlineFeature } from './bot/deadline-feature.js';
import { DraftFeature, type DraftChannel } from './bot/draft-feature.js';
import { DraftScheduler } from './bot/draft-scheduler.js';
import { ExportLinks } from './bot/export-links.js';
import { CurationFeature, type Notifier } from './bot/curation-feature.js';
import { personalChatOf } from './bot/conversations.js';
import { TeamsNotifier } from './bot/teams-notifier.js';
import { CurationStore } from './domain/curation/curation-store.js';
import { DocumentFeature, type FileFetcher } from './bot/document-feature.js';
import { DocumentStore } from './domain/documents/document-store.js';
import { PassageIndex } from './domain/documents/passage-index.js';
import { TeamsDraftChannel } from './bot/teams-draft-channel.js';
import { DraftStore } from './domain/drafts/draft-store.js';
import { OrganiserPolicy, type OrganiserCheck } from './bot/organisers.js';
import { ProactiveSender } from './bot/proactive-sender.js';
import { DeadlineRegister } from './domain/deadlines/register.js';
import { ReminderScheduler, type ReminderSender } from './domain/deadlines/scheduler.js';
import { Delivery } from './domain/delivery/delivery.js';
import { Outbound } from './bot/outbound.js';
import { calendarFeed } from './http/calendar.js';
import { registerTab } from './http/tab-api.js';
import { TabAuth } from './http/tab-auth.js';
import type { JWTVerifyGetKey } from 'jose';
import type { Config } from './config.js';
import type { KnowledgeBase } from './domain/knowledge/load.js';
import { CachedQuestionAnswerer } from './domain/answering/answer-cache.js';
import type { QuestionAnswerer } from './domain/knowledge/qa.js';
import type { ManagedStore } from './domain/storage-port.js';
import { createApp } from './http/app.js';
import { loadKnowledgeFromDisk } from './knowledge-files.js';
import { createStore } from './storage/create-store.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface Composition {
  app: restify.Server;
  store: ManagedStore;
  qa: QuestionAnswerer;
  kb: KnowledgeBase;
  bot: Adviesbot;
  register: DeadlineRegister;
  scheduler: ReminderScheduler;
  deadlines: DeadlineFeature;
  drafts: DraftFeature;
  draftStore: DraftStore;
  draftScheduler: DraftScheduler;
  curation: CurationFeature;
  curationStore: CurationStore;
  documents: DocumentFeature;
  documentStore: DocumentStore;
  passages: PassageIndex;
}

export { createStore };

export interface ComposeOptions {
  now?: () => Date;
  store?: ManagedStore;
  kb?: KnowledgeBase;
  /** Replaces the organiser check (tests). */
  organisers?: OrganiserCheck;
  /** Replaces the proactive sender (tests, benchmarks). */
  sender?: ReminderSender;
  delivery?: Delivery;
  /** Replaces the Teams channel for drafts (tests, benchmarks). */
  draftChannel?: DraftChannel;
  draftUpdateDelayMs?: number;
  /** Replaces the proactive notifier of the curation loop (tests). */
  notifier?: Notifier;
  /** Deadline of every Bot Connector call (tests of a dead service); CONNECTOR_TIMEOUT_MS otherwise. */
  connectorTimeoutMs?: number;
  /** Keys that sign tab tokens (tests); Entra ID's published keys otherwise. */
  tabKeys?: JWTVerifyGetKey;
  /** Downloads files shared with the bot (tests); fetch otherwise. */
  fetchFile?: FileFetcher;
}

/** Wires configuration, knowledge base, storage, bot and HTTP app together; listens nowhere. */
export function compose(config: Config, logger: Logger, options: ComposeOptions = {}): Composition {
  const now = options.now ?? (() => new Date());
  const kb = options.kb ?? loadKnowledgeFromDisk(config.KNOWLEDGE_DIR);
  // The answerer lists register deadlines too; the feature that holds them is built below.
  const feature: { current?: DeadlineFeature } = {};
  // Replies are kept by question for the day and the knowledge version (answer-cache.ts): the same question asked
  // again costs a lookup, not the pipeline.
  const qa = new CachedQuestionAnswerer(kb, { now, extraDates: () => feature.current?.datedItems() ?? [], cacheEntries: config.ANSWER_CACHE_ENTRIES, ...(config.INDEX_CACHE_DIR !== 'off' ? { indexCacheDir: config.INDEX_CACHE_DIR } : {}) });
  const store = options.store ?? createStore(config);
  const adapter = createAdapter(config, logger, options.connectorTimeoutMs);
  const register = new DeadlineRegister(store, now);
  // One Delivery for everything the bot sends on its own, so the Teams limits hold across features.
  const delivery = options.delivery ?? new Delivery();
  const outbound = new Outbound(adapter, config.MicrosoftAppId ?? '', store, delivery, () => now().getTime());
  const scheduler = new ReminderScheduler({
    register,
    store,
    sender: options.sender ?? new ProactiveSender(outbound, now),
    delivery,
    now,
    instanceId: config.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    claimMs: config.REMINDER_CLAIM_SECONDS * 1000,
    onConversationGone: async (conversationId) => {
      logger.warn({ subsystem: 'reminders' }, 'conversation no longer reachable; its reminders stop');
      await register.unfollowEverywhere(conversationId, { id: 'adviesbot', name: 'Adviesbot' });
    },
  });
  const organisers =
    options.organisers ??
    new OrganiserPolicy(
      new Set(config.ORGANISERS),
      config.authMode === 'anonymous' && config.ORGANISERS.length === 0,
      logger.child({ subsystem: 'organisers' }),
      (context, teamId, userId) => outbound.teamMember(context, teamId, userId),
    );
  const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  const calendar = new CalendarKeys(store, publicUrl);
  const deadlines = new DeadlineFeature({ register, qa, scheduler, organisers, calendar, store, now, logger: logger.child({ subsystem: 'deadlines' }) });
  feature.current = deadlines;
  const draftStore = new DraftStore(store, now, config.DRAFT_POST_CLAIM_SECONDS * 1000);
  const draftChannel = options.draftChannel ?? new TeamsDraftChannel(outbound, config.MicrosoftAppId ?? '', store);
  const exports = new ExportLinks(store, draftStore, publicUrl, now, async (draftId) => {
    const draft = await draftStore.get(draftId);
    return draft ? (await draftChannel.membersOfDraft(draft)).length || undefined : undefined;
  });
  const drafts = new DraftFeature({
    drafts: draftStore,
    exports,
    channel: draftChannel,
    organisers,
    now,
    logger: logger.child({ subsystem: 'drafts' }),
    ...(options.draftUpdateDelayMs !== undefined ? { updateDelayMs: options.draftUpdateDelayMs } : {}),
  });
  const draftScheduler = new DraftScheduler(draftStore, drafts, draftChannel, now, logger.child({ subsystem: 'drafts' }));
  const curationStore = new CurationStore(store);
  const notifier = options.notifier ?? new TeamsNotifier(outbound, store, config.ORGANISERS_CONVERSATION);
  const curation = new CurationFeature({
    curation: curationStore,
    qa,
    kb,
    organisers,
    notifier,
    now,
    logger: logger.child({ subsystem: 'curation' }),
  });
  const documentStore = new DocumentStore(store, now);
  // Passages are analysed like the knowledge base's text, so a question matches a document as it matches an entry.
  const passages = new PassageIndex((text) => qa.retriever.analyzer.indexTerms(text));
  const documents = new DocumentFeature({
    documents: documentStore,
    index: passages,
    register,
    syncDeadlines: () => deadlines.sync(),
    curation,
    curationStore,
    organisers,
    now,
    logger: logger.child({ subsystem: 'documents' }),
    allowHttp: config.authMode === 'anonymous',
    ...(options.fetchFile ? { fetchFile: options.fetchFile } : {}),
    notifier,
    personalChatOf: (aadObjectId) => personalChatOf(store, aadObjectId),
  });
  const tenants = config.ALLOWED_TENANTS.length > 0 ? config.ALLOWED_TENANTS : config.MicrosoftAppTenantId ? [config.MicrosoftAppTenantId] : [];
  const bot = new Adviesbot({
    qa,
    store,
    documents: kb.documents.size,
    logger: logger.child({ subsystem: 'bot' }),
    deadlines,
    drafts,
    curation,
    documentFeature: documents,
    organisers,
    // Only enforced with an app id: in local anonymous mode any tenant may talk to the bot.
    allowedTenants: config.authMode === 'authenticated' ? tenants : [],
    questionsPerMinute: config.QUESTIONS_PER_MINUTE,
    now,
  });
  const app = createApp({
    adapter,
    bot,
    logger,
    health: { version: VERSION, // The curated entries only: deadlines and answers added in Teams are counted apart (countKnowledge).
    knowledgeEntries: () => countKnowledge(qa.retriever.ids(), 0).entries, storageKind: store.kind, startedAt: Date.now() },
    exportFile: (token, name) => exports.file(token, name),
    calendarFeed: async (key) => {
      const scope = await calendar.scopeOf(key);
      if (!scope) return undefined;
      const all = await register.list();
      return calendarFeed('Adviesbot deadlines', all.filter((d) => d.teamId === scope || d.conversations.includes(scope)));
    },
  });
  registerTab(app, {
    register,
    drafts: draftStore,
    qa,
    store,
    now,
    logger,
    membersOf: (conversationId) => draftChannel.membersOfConversation(conversationId),
    documents,
    organisers: new Set(config.ORGANISERS),
    ...(config.MicrosoftAppId
      ? {
          auth: new TabAuth({
            appId: config.MicrosoftAppId,
            host: new URL(publicUrl).host,
            allowedTenants: tenants,
            ...(options.tabKeys ? { keys: options.tabKeys } : {}),
          }),
        }
      : {}),
  });
  return { app, store, qa, kb, bot, register, scheduler, deadlines, drafts, draftStore, draftScheduler, curation, curationStore, documents, documentStore, passages };
}
