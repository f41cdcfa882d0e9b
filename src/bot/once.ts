/**
 * Runs the work for a key once: a second call with the same key (a double click on "Opslaan" reaching this
 * instance) waits for the first and gets its result. Keys are forgotten after `ttlMs`.
 */
export class Once<T> {
  private readonly pending = new Map<string, { result: Promise<T>; until: number }>();

  constructor(private readonly ttlMs = 10 * 60_000) {}

  run(key: string | undefined, work: () => Promise<T>): Promise<T> {
    if (!key) return work();
    const now = Date.now();
    for (const [k, v] of this.pending) if (v.until < now) this.pending.delete(k);
    const seen = this.pending.get(key);
    if (seen) return seen.result;
    const result = work();
    this.pending.set(key, { result, until: now + this.ttlMs });
    result.catch(() => this.pending.delete(key));
    return result;
  }
}
