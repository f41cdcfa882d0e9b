// What the time above the echo bot is, measured in a fresh process of its own (`node --import tsx bench/breakdown.ts
// start|turn`, run by bench:turns; prints JSON). `start`: the steps of src/server.ts's start in its order, each
// timed. `turn`: the parts of a question turn that the echo bot does not have, per question of the golden set, warm.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartBreakdown {
  /** botbuilder and restify, which the echo bot loads too. */
  stackModulesMs: number;
  /** Adviesbot's own modules and the libraries only it uses. */
  botModulesMs: number;
  knowledgeFilesMs: number;
  /** compose(): the answerer (index, entry facts, passages of the five documents), storage, features, app. */
  composeMs: number;
  /** Of compose: the answerer alone, built once more in the same process (warm, so a lower bound). */
  answererWarmMs: number;
  /** The same, from the analysis kept in INDEX_CACHE_DIR (as compose() builds it). */
  answererKeptMs: number;
  spellingListMs: number;
  firstAnswerMs: number;
}

export interface TurnBreakdown {
  questions: number;
  /** Mean per question, in ms. */
  pipelineMs: number;
  cachedReplyMs: number;
  cardMs: number;
  /** Keeping an unanswered question (a read and a write in SQLite), per unanswered question. */
  keepUnknownMs: number;
  unknownShare: number;
  /** The reply activity as JSON: Adviesbot's card against the echo bot's text, in bytes (mean). */
  replyBytes: number;
  echoReplyBytes: number;
}

const elapsed = async (work: () => unknown): Promise<number> => {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
};

async function start(): Promise<StartBreakdown> {
  const stackModulesMs = await elapsed(async () => {
    await import('botbuilder');
    await import('restify');
  });
  let modules!: [typeof import('../src/compose.js'), typeof import('../src/config.js'), typeof import('../src/logger.js'), typeof import('../src/knowledge-files.js'), typeof import('../src/domain/answering/answer-cache.js'), typeof import('../src/domain/knowledge/dutch-spelling.js')];
  const botModulesMs = await elapsed(async () => {
    modules = await Promise.all([import('../src/compose.js'), import('../src/config.js'), import('../src/logger.js'), import('../src/knowledge-files.js'), import('../src/domain/answering/answer-cache.js'), import('../src/domain/knowledge/dutch-spelling.js')]);
  });
  const [{ compose }, { loadConfig }, { createLogger }, { loadKnowledgeFromDisk }, { CachedQuestionAnswerer }, { warmUpSpelling }] = modules;
  let kb!: ReturnType<typeof loadKnowledgeFromDisk>;
  const knowledgeFilesMs = await elapsed(() => (kb = loadKnowledgeFromDisk()));
  let composition!: ReturnType<typeof compose>;
  const config = loadConfig({ STORAGE: 'sqlite', DATA_DIR: mkdtempSync(join(tmpdir(), 'adviesbot-breakdown-')), LOG_LEVEL: 'silent' });
  const composeMs = await elapsed(() => (composition = compose(config, createLogger('silent'), { kb })));
  const answererWarmMs = await elapsed(() => new CachedQuestionAnswerer(loadKnowledgeFromDisk(), { cacheEntries: 0 }));
  const answererKeptMs = await elapsed(() => new CachedQuestionAnswerer(loadKnowledgeFromDisk(), { cacheEntries: 0, indexCacheDir: config.INDEX_CACHE_DIR }));
  const spellingListMs = await elapsed(warmUpSpelling);
  const firstAnswerMs = await elapsed(() => composition.qa.respond('wat is de deadline voor het BAR-advies?'));
  return { stackModulesMs, botModulesMs, knowledgeFilesMs, composeMs, answererWarmMs, answererKeptMs, spellingListMs, firstAnswerMs };
}

async function turn(): Promise<TurnBreakdown> {
  const { CachedQuestionAnswerer } = await import('../src/domain/answering/answer-cache.js');
  const { loadKnowledgeFromDisk } = await import('../src/knowledge-files.js');
  const { renderQaResult } = await import('../src/bot/cards.js');
  const { CurationStore } = await import('../src/domain/curation/curation-store.js');
  const { SqliteStore } = await import('../src/storage/sqlite-storage.js');
  const { loadGolden } = await import('../test/support/golden.js');
  const golden = loadGolden();
  const questions = [...golden.answerable.map((a) => a.q), ...golden.unanswerable];
  const kb = loadKnowledgeFromDisk();
  const plain = new CachedQuestionAnswerer(kb, { cacheEntries: 0 });
  const cached = new CachedQuestionAnswerer(loadKnowledgeFromDisk(), { cacheEntries: 1000 });
  const rounds = 5;
  const mean = async (work: (q: string, i: number) => unknown, over = questions): Promise<number> => {
    for (const [i, q] of over.entries()) await work(q, i); // warm
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) for (const [i, q] of over.entries()) await work(q, i);
    return (performance.now() - t0) / (rounds * over.length);
  };
  const pipelineMs = await mean((q) => plain.respond(q));
  for (const q of questions) cached.respond(q);
  const cachedReplyMs = await mean((q) => cached.respond(q));
  const replies = questions.map((q) => [q, cached.respond(q)] as const);
  const cards = replies.filter(([, r]) => r.kind !== 'conversation');
  const entryOf = (id: string) => kb.byId.get(id);
  const cardMs = await mean((q) => {
    const reply = cached.respond(q);
    return reply.kind === 'conversation' ? undefined : renderQaResult(reply, { question: q, entryOf });
  }, cards.map(([q]) => q));
  const unknown = replies.filter(([, r]) => r.kind === 'unknown').map(([q]) => q);
  const curation = new CurationStore(new SqliteStore(join(mkdtempSync(join(tmpdir(), 'adviesbot-breakdown-')), 'b.sqlite')));
  const keepUnknownMs = await mean((q, i) => curation.keep({ text: q, asker: { id: `lid-${i}`, name: 'Lid', conversationId: `c-${i}` }, askedAt: new Date().toISOString(), reason: 'onbekend' }), unknown);
  const activity = (content: unknown): number => JSON.stringify({ type: 'message', conversation: { id: 'a:1' }, from: { id: 'bot' }, replyToId: 'x', ...(typeof content === 'string' ? { text: content } : { attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }] }) }).length;
  const replyBytes = cards.reduce((n, [q, r]) => n + activity(r.kind === 'conversation' ? r.text : renderQaResult(r, { question: q, entryOf })), 0) / cards.length;
  const echoReplyBytes = questions.reduce((n, q) => n + activity(`Je zei: ${q}`), 0) / questions.length;
  return { questions: questions.length, pipelineMs, cachedReplyMs, cardMs, keepUnknownMs, unknownShare: unknown.length / questions.length, replyBytes, echoReplyBytes };
}

/** Runs one breakdown in a fresh process and returns what it measured. */
export function breakdown<K extends 'start' | 'turn'>(kind: K): K extends 'start' ? StartBreakdown : TurnBreakdown {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/breakdown.ts', kind], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out.trim().split('\n').pop()!) as K extends 'start' ? StartBreakdown : TurnBreakdown;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kind = process.argv[2];
  const result = kind === 'start' ? await start() : await turn();
  console.log(JSON.stringify(result));
  process.exit(0);
}
