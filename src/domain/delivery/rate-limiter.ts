/** A limit of `count` sends per `windowMs`. */
export interface Window {
  count: number;
  windowMs: number;
}

/** The Teams limits for bots: per conversation 7 a second and 60 per 30 seconds; about 30 a second per app and tenant. */
export const TEAMS_CONVERSATION_LIMITS: Window[] = [
  { count: 7, windowMs: 1_000 },
  { count: 60, windowMs: 30_000 },
];
export const TEAMS_GLOBAL_LIMITS: Window[] = [{ count: 30, windowMs: 1_000 }];

/**
 * Sliding-window limiter that hands out send slots. Each call reserves the earliest moment at which a send
 * fits every window of its conversation and the global windows, then waits until then. Reservation happens
 * synchronously, so concurrent callers never take the same slot.
 */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  private readonly perKey: Window[];
  private readonly global: Window[];

  /**
   * `marginMs` widens every window a little: requests leave here at the planned moment but reach the service
   * a few milliseconds apart, and a window counted on the far side must still hold.
   */
  constructor(
    perKey: Window[],
    global: Window[],
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    marginMs = 60,
  ) {
    const widen = (w: Window): Window => ({ count: w.count, windowMs: w.windowMs + marginMs });
    this.perKey = perKey.map(widen);
    this.global = global.map(widen);
  }

  async acquire(key: string): Promise<void> {
    const at = this.reserve(key);
    const wait = at - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  /** Pushes a conversation's next slot back, after the server said "too many requests". */
  backOff(key: string, ms: number): void {
    const until = this.now() + ms;
    if ((this.blockedUntil.get(key) ?? 0) < until) this.blockedUntil.set(key, until);
  }

  private history(key: string): number[] {
    let list = this.sent.get(key);
    if (!list) {
      list = [];
      this.sent.set(key, list);
    }
    return list;
  }

  private reserve(key: string): number {
    const own = this.history(key);
    const all = this.history('\u0000global');
    const now = this.now();
    const blocked = this.blockedUntil.get(key);
    if (blocked !== undefined && blocked <= now) this.blockedUntil.delete(key);
    let at = Math.max(now, blocked ?? 0);
    for (let guard = 0; guard < 1000; guard++) {
      const next = Math.max(earliest(own, this.perKey, at), earliest(all, this.global, at));
      if (next === at) break;
      at = next;
    }
    insertSorted(own, at);
    insertSorted(all, at);
    const horizon = at - Math.max(...[...this.perKey, ...this.global].map((w) => w.windowMs));
    prune(own, horizon);
    prune(all, horizon);
    if (own.length === 0) this.sent.delete(key);
    return at;
  }
}

/** The earliest moment >= at when one more send fits every window, given the sorted send times. */
function earliest(times: number[], windows: Window[], at: number): number {
  let result = at;
  for (const w of windows) {
    // Sends inside (result - windowMs, result]; if they already fill the window, move past the oldest of them.
    const inWindow = times.filter((t) => t > result - w.windowMs && t <= result + w.windowMs);
    const before = inWindow.filter((t) => t <= result);
    if (before.length >= w.count) result = Math.max(result, before[before.length - w.count]! + w.windowMs);
  }
  return result;
}

function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]! > value) i--;
  list.splice(i, 0, value);
}

function prune(list: number[], horizon: number): void {
  let drop = 0;
  while (drop < list.length && list[drop]! < horizon) drop++;
  if (drop > 0) list.splice(0, drop);
}
