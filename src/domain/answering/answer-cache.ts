import { civilDateIn } from '../dates.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { KnowledgeDocument, KnowledgeEntry } from '../knowledge/schema.js';
import { isoDate } from '../time.js';
import { QuestionAnswerer } from './pipeline.js';
import type { QaOptions, Reply } from './types.js';


/**
 * Recent replies by question, for one knowledge version and one day, at most `maxEntries` of them (the least
 * recently asked goes first). The key is the question as typed once spacing is normalised: the reply can show the
 * typed words (the unknown card quotes them, "bedoel je ...?" repeats a bare word), so "BAR" and "bar" are two keys.
 *
 * What a reply depends on besides the question: the entries and their documents (`invalidate`, on every change of
 * them), and today's date, since answers say "over 3 dagen" or "verstreken" (all entries are dropped when the
 * civil date in Amsterdam changes; the clock is injected). The list of coming deadlines also depends on the time
 * of day (a deadline at 17:00 leaves it at 17:00), so it is never kept.
 */
export class AnswerCache {
  private readonly replies = new Map<string, Reply>();
  private day = '';

  constructor(
    readonly maxEntries: number,
    private readonly now: () => Date,
  ) {}

  get size(): number {
    return this.replies.size;
  }

  /** The reply to `question`: a kept one, or `compute`'s (kept unless it is the list of coming deadlines). */
  reply(question: string, compute: () => Reply): Reply {
    if (this.maxEntries <= 0) return compute();
    const key = keyOf(question);
    this.checkDay(this.now().getTime());
    const kept = this.replies.get(key);
    if (kept) {
      // Most recently asked last: Map keeps insertion order, so the first key is the one to drop.
      this.replies.delete(key);
      this.replies.set(key, kept);
      return kept;
    }
    const reply = compute();
    if (reply.kind === 'upcoming') return reply;
    this.replies.set(key, keptPart(reply));
    if (this.replies.size > this.maxEntries) this.replies.delete(this.replies.keys().next().value!);
    return reply;
  }

  /**
   * Empties the cache when the civil date in Amsterdam is not the one its replies were made on (civilDateIn reads the
   * date with Intl once per UTC hour, so this costs next to nothing per lookup).
   */
  private checkDay(now: number): void {
    const day = isoDate(civilDateIn(new Date(now)));
    if (day !== this.day) {
      this.replies.clear();
      this.day = day;
    }
  }

  /** Drops every kept reply: the knowledge changed. */
  invalidate(): void {
    this.replies.clear();
  }
}

/**
 * What is kept of a reply: all of it but the candidates of its trace (each with some fifty named features), which
 * only `npm run explain` reads, from a fresh `ask`; kept, they were most of what the cache held (bench:turns).
 */
function keptPart(reply: Reply): Reply {
  return 'trace' in reply && reply.trace ? { ...reply, trace: { ...reply.trace, candidates: [] } } : reply;
}

/** The question with its spacing normalised (and Unicode in one form); nothing that a reply could show is changed. */
export function keyOf(question: string): string {
  return question.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * The question answerer with an answer cache in front of `respond`. The entries that come and go while the bot runs
 * (deadlines added in Teams, answers added by organisers, extra phrasings) arrive through `upsert` and
 * `syncDynamicEntries`; the cache is emptied when one of them really changes an entry or a document (the register is
 * reloaded every minute with mostly the same deadlines, which must not empty it each time).
 */
export class CachedQuestionAnswerer extends QuestionAnswerer {
  readonly cache: AnswerCache;

  constructor(
    private readonly base: KnowledgeBase,
    options: QaOptions & { cacheEntries: number },
  ) {
    super(base, options);
    this.cache = new AnswerCache(options.cacheEntries, options.now ?? (() => new Date()));
  }

  override respond(typed: string): Reply {
    return this.cache.reply(typed, () => super.respond(typed));
  }

  override syncDynamicEntries(prefix: string, entries: Array<{ entry: KnowledgeEntry; document: KnowledgeDocument }>): void {
    const keep = new Set(entries.map((e) => e.entry.id));
    if ([...this.base.byId.keys()].some((id) => id.startsWith(prefix) && !keep.has(id))) this.cache.invalidate();
    super.syncDynamicEntries(prefix, entries);
  }

  override upsert(entries: Array<{ entry: KnowledgeEntry; document: KnowledgeDocument }>): void {
    const same = (a: unknown, b: unknown): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);
    // Nothing new (the register's minute reload): the index already holds these entries as they are.
    if (entries.every(({ entry, document }) => same(this.base.byId.get(entry.id), entry) && same(this.base.documents.get(document.id), document))) return;
    this.cache.invalidate();
    super.upsert(entries);
  }
}
