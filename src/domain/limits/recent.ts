/**
 * Bounded memory of what the bot keeps per user or per conversation while it runs. Each holds at most `max` keys;
 * when a new key would pass that, the key used longest ago goes first (Map and Set keep insertion order, and a key
 * that is used again is moved to the end).
 */
export class RecentSet {
  private readonly keys = new Set<string>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.keys.size;
  }

  /** Whether the key is kept; a kept key counts as used now. */
  has(key: string): boolean {
    if (!this.keys.has(key)) return false;
    this.keys.delete(key);
    this.keys.add(key);
    return true;
  }

  add(key: string): void {
    this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value!);
  }
}

/**
 * The per-user question limit: at most `perMinute` questions in any minute. Each user's times are kept for a minute
 * and at most `perMinute + 1` of them (enough to tell "too many"); at most `maxUsers` users are kept, those who asked
 * longest ago going first (they asked over a minute ago unless more than `maxUsers` users ask within one minute).
 */
export class QuestionLimit {
  private readonly asked = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    readonly maxUsers: number,
    private readonly now: () => Date,
  ) {}

  get users(): number {
    return this.asked.size;
  }

  /** Counts a question of `user` now; true when it is one more than the limit allows in the last minute. */
  tooMany(user: string): boolean {
    const now = this.now().getTime();
    const times = (this.asked.get(user) ?? []).filter((t) => t > now - 60_000);
    times.push(now);
    if (times.length > this.perMinute + 1) times.splice(0, times.length - this.perMinute - 1);
    this.asked.delete(user);
    this.asked.set(user, times);
    if (this.asked.size > this.maxUsers) this.asked.delete(this.asked.keys().next().value!);
    return times.length > this.perMinute;
  }
}
