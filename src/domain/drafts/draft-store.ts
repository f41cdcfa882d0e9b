import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { KeyValueStore, StoreItem } from '../storage-port.js';
import { idFromKey, mutate, readAll } from '../store-helpers.js';
import type { Actor } from '../deadlines/deadline.js';
import { cleanMemberText, isClosed, VOTE_CHOICES, type DraftAdvice, type DraftInput, type VoteChoice } from './draft.js';

export { cleanMemberText };

const DRAFT = 'draft/';
const THREAD = 'draft-thread/';
const SHARDS = 16;
const VOTES = (draftId: string, shard: number): string => `draft-votes/${draftId}/${shard}`;
const COMMENTS_OF = (draftId: string): string => `draft-comment/${draftId}/`;
const COMMENT = (draftId: string, messageId: string): string => COMMENTS_OF(draftId) + messageId;

export const MAX_COMMENT = 2000;
export const MAX_REASON = 500;

export interface Vote {
  choice: VoteChoice;
  reason?: string;
  at: string;
  /** Only for open (not anonymous) votes. */
  voterId?: string;
  voterName?: string;
}

interface VoteShard extends StoreItem {
  votes: Record<string, Vote>;
}

export interface Comment {
  messageId: string;
  authorId: string;
  authorName: string;
  text: string;
  at: string;
  editedAt?: string;
  deleted?: boolean;
  [key: string]: unknown;
}

export interface Tally {
  counts: Record<VoteChoice, number>;
  total: number;
  reasons: Array<{ choice: VoteChoice; reason: string; name?: string }>;
}

export class DraftError extends Error {
  constructor(
    readonly code: 'DRAFT_CLOSED' | 'REASON_REQUIRED' | 'BAD_CHOICE' | 'NOT_FOUND' | 'TOO_LONG',
    message: string,
  ) {
    super(message);
    this.name = 'DraftError';
  }
}

/**
 * Drafts, their votes and their comments in the storage port. Votes are spread over sixteen shard documents,
 * so sixty members voting in the same second mostly write to different documents; writes to the same shard
 * retry on eTag conflicts and none is lost. An anonymous vote is stored under a salted hash of the voter, with
 * no name: enough to prevent voting twice and to let one change one's vote, never enough to show who chose what.
 */
export class DraftStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
    /** How long one press of "Plaatsen" holds the right to post the card (a crashed post frees it after this). */
    readonly postingClaimMs = 60_000,
  ) {}

  /**
   * Stores a new draft. With an idempotency key (the form's nonce) the id is derived from it: pressing the same
   * form again, also after a crash or on another instance, returns the draft stored the first time.
   */
  async create(input: DraftInput, actor: Actor, where: { conversationId: string; teamId?: string; scope: string }, idempotencyKey?: string): Promise<DraftAdvice> {
    const id = idempotencyKey ? idFromKey(`${where.scope}:${idempotencyKey}`) : randomUUID().slice(0, 8);
    if (idempotencyKey) {
      const existing = await this.get(id);
      if (existing) return existing;
    }
    const draft: DraftAdvice = {
      id,
      ...input,
      state: 'open',
      conversationId: where.conversationId,
      ...(where.teamId ? { teamId: where.teamId } : {}),
      viewers: [],
      createdBy: actor,
      createdAt: this.now().toISOString(),
      salt: randomBytes(16).toString('hex'),
    };
    // The vote shards exist from the start, so every vote is a conditional (eTag) write: the storage port
    // has no "create if absent", and two first votes racing to create a shard would overwrite each other.
    const shards = Object.fromEntries(Array.from({ length: SHARDS }, (_, i) => [VOTES(draft.id, i), { votes: {}, eTag: '*' }]));
    // No index document: drafts are listed by key prefix, so concurrent posts never contend for one record.
    // The draft is written last: once it is visible, its shards exist.
    await this.store.write(shards);
    await this.store.write({ [DRAFT + draft.id]: { ...draft, eTag: '*' } });
    return draft;
  }

  async get(id: string): Promise<DraftAdvice | undefined> {
    return (await this.store.read([DRAFT + id]))[DRAFT + id] as DraftAdvice | undefined;
  }

  /** Every draft, oldest first. */
  async all(): Promise<DraftAdvice[]> {
    return (await readAll<DraftAdvice>(this.store, DRAFT)).map((x) => x.item).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The latest draft with this number in a team or chat. */
  async findByNumber(scope: string, number: string): Promise<DraftAdvice | undefined> {
    return (await this.all()).filter((d) => d.number === number && scopeOfDraft(d) === scope).at(-1);
  }

  async findByThread(rootId: string): Promise<DraftAdvice | undefined> {
    const link = (await this.store.read([THREAD + rootId]))[THREAD + rootId] as { draftId?: string } | undefined;
    return link?.draftId ? this.get(link.draftId) : undefined;
  }

  async update(id: string, change: (d: DraftAdvice) => DraftAdvice | undefined): Promise<DraftAdvice> {
    const updated = await mutate<DraftAdvice>(this.store, DRAFT + id, (current) => (current ? change(current) : undefined));
    if (!updated) throw new DraftError('NOT_FOUND', 'Dit deeladvies bestaat niet (meer).');
    return updated;
  }

  /**
   * Claims the posting of a draft's card for `ms`: false when the card is already posted or another press is
   * posting it right now, so a re-pressed form never posts a second card.
   */
  async claimPosting(id: string, ms = this.postingClaimMs): Promise<boolean> {
    const now = this.now();
    let claimed = false;
    await mutate<DraftAdvice>(this.store, DRAFT + id, (d) => {
      claimed = false;
      if (!d || d.cardActivityId || (d.postingUntil && new Date(d.postingUntil) > now)) return undefined;
      claimed = true;
      return { ...d, postingUntil: new Date(now.getTime() + ms).toISOString() };
    });
    return claimed;
  }

  /** Records where the draft's card and thread are, once it has been posted. */
  async placed(id: string, where: { threadRootId?: string; threadConversationId?: string; cardActivityId?: string }): Promise<DraftAdvice> {
    const updated = await this.update(id, (d) => ({ ...d, ...where }));
    if (where.threadRootId) await this.store.write({ [THREAD + where.threadRootId]: { draftId: id, eTag: '*' } });
    return updated;
  }

  /** The key a voter's vote is stored under: the Entra id, or a salted hash of it for anonymous drafts. */
  voterKey(draft: DraftAdvice, voterId: string): string {
    if (!draft.anonymous) return voterId;
    return createHash('sha256').update(`${String(draft.salt)}:${voterId}`).digest('base64url').slice(0, 22);
  }

  private shardOf(key: string): number {
    return createHash('sha1').update(key).digest()[0]! % SHARDS;
  }

  /** Casts or changes a vote. Throws a DraftError with a Dutch message when the vote is not allowed. */
  async vote(draft: DraftAdvice, voter: Actor, choice: string, reason: string | undefined): Promise<{ changed: boolean; vote: Vote }> {
    const now = this.now();
    if (isClosed(draft, now)) throw new DraftError('DRAFT_CLOSED', 'De stemming over dit deeladvies is gesloten. Je stem is niet meer mee te tellen.');
    if (!(VOTE_CHOICES as readonly string[]).includes(choice)) throw new DraftError('BAD_CHOICE', 'Kies Eens, Eens met aanpassingen, Oneens of Onthouding.');
    const cleanReason = cleanMemberText(reason ?? '').replace(/\s+/g, ' ');
    if (cleanReason.length > MAX_REASON) throw new DraftError('TOO_LONG', `Je toelichting is te lang (${cleanReason.length} tekens, maximaal ${MAX_REASON}).`);
    if (choice === 'oneens' && !cleanReason) throw new DraftError('REASON_REQUIRED', 'Geef bij Oneens kort aan waarom. Je stem is nog niet opgeslagen.');
    const key = this.voterKey(draft, voter.id);
    const vote: Vote = {
      choice: choice as VoteChoice,
      ...(cleanReason ? { reason: cleanReason } : {}),
      at: now.toISOString(),
      ...(draft.anonymous ? {} : { voterId: voter.id, voterName: voter.name }),
    };
    let changed = false;
    await mutate<VoteShard>(this.store, VOTES(draft.id, this.shardOf(key)), (shard) => {
      if (!shard) throw new DraftError('NOT_FOUND', 'Dit deeladvies bestaat niet (meer).');
      const votes = { ...shard.votes };
      changed = key in votes;
      votes[key] = vote;
      return { ...shard, votes };
    }, 40);
    return { changed, vote };
  }

  private async allVotes(draft: DraftAdvice): Promise<Record<string, Vote>> {
    const keys = Array.from({ length: SHARDS }, (_, i) => VOTES(draft.id, i));
    const shards = await this.store.read(keys);
    return Object.assign({}, ...keys.map((k) => (shards[k] as VoteShard | undefined)?.votes ?? {}));
  }

  async myVote(draft: DraftAdvice, voterId: string): Promise<Vote | undefined> {
    const key = this.voterKey(draft, voterId);
    const shard = (await this.store.read([VOTES(draft.id, this.shardOf(key))]))[VOTES(draft.id, this.shardOf(key))] as VoteShard | undefined;
    return shard?.votes[key];
  }

  async tally(draft: DraftAdvice): Promise<Tally> {
    const votes = Object.values(await this.allVotes(draft));
    const counts = Object.fromEntries(VOTE_CHOICES.map((c) => [c, 0])) as Record<VoteChoice, number>;
    for (const v of votes) counts[v.choice]++;
    return {
      counts,
      total: votes.length,
      reasons: votes
        .filter((v) => v.reason)
        .sort((a, b) => a.at.localeCompare(b.at))
        .map((v) => ({ choice: v.choice, reason: v.reason!, ...(v.voterName ? { name: v.voterName } : {}) })),
    };
  }

  /** Which of these members (Entra ids) have not voted yet. */
  async notVoted(draft: DraftAdvice, memberIds: string[]): Promise<string[]> {
    const votes = await this.allVotes(draft);
    return memberIds.filter((id) => !(this.voterKey(draft, id) in votes));
  }

  async close(id: string, actor: Actor | undefined, outcome: string | undefined): Promise<DraftAdvice> {
    const at = this.now().toISOString();
    return this.update(id, (d) =>
      d.state === 'closed' && !outcome
        ? undefined
        : { ...d, state: 'closed', closedAt: d.closedAt ?? at, ...(actor ? { closedBy: actor } : {}), ...(outcome ? { outcome } : {}) },
    );
  }

  /** Stores a comment once: a redelivered message never overwrites a later edit or deletion. */
  async addComment(draftId: string, comment: Comment): Promise<void> {
    await mutate<Comment & StoreItem>(this.store, COMMENT(draftId, comment.messageId), (current) => (current ? undefined : { ...comment }));
  }

  /**
   * Applies an edit or a deletion of a thread reply. When the reply is not stored yet (the edit arrived
   * first), the edited text or a deletion mark is stored, so the original arriving later cannot bring it back.
   */
  async changeComment(draftId: string, messageId: string, change: (c: Comment) => Comment, placeholder: Comment): Promise<void> {
    await mutate<Comment & StoreItem>(this.store, COMMENT(draftId, messageId), (c) => change(c ?? placeholder) as Comment & StoreItem);
  }

  async comments(draftId: string): Promise<Comment[]> {
    // One record per comment, listed by prefix: no shared index that forty simultaneous comments fight over.
    return (await readAll<Comment>(this.store, COMMENTS_OF(draftId)))
      .map((x) => x.item)
      .filter((c) => !c.deleted)
      .sort((a, b) => a.at.localeCompare(b.at));
  }
}

/** The team or chat a draft belongs to (`scopeOf` of the turn that posted it). */
export function scopeOfDraft(draft: DraftAdvice): string {
  return draft.teamId ?? draft.conversationId;
}

/** Makes member text safe for a card: no HTML, no markdown that changes the card, and a size limit. */
export function cleanCommentText(raw: string): string {
  const text = cleanMemberText(raw);
  return text.length > MAX_COMMENT ? `${text.slice(0, MAX_COMMENT - 1)}…` : text;
}

/** Escapes markdown so member text shows as typed in a TextBlock. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-!>|~])/g, '\\$1').replace(/^(\d+)\./gm, '$1\\.');
}
