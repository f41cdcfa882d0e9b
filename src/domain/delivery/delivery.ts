import { RateLimiter, TEAMS_CONVERSATION_LIMITS, TEAMS_GLOBAL_LIMITS } from './rate-limiter.js';

/** A failed send as the channel reported it. */
export class DeliveryError extends Error {
  readonly code = 'DELIVERY_FAILED';
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }

  /** 403 and 404: the bot was removed from the conversation, or it no longer exists. */
  get gone(): boolean {
    return this.status === 403 || this.status === 404;
  }

  /** Worth another try: throttled, precondition race, gateway trouble, timeout or no answer at all. */
  get retryable(): boolean {
    return this.status === undefined || [408, 412, 429, 500, 502, 503, 504].includes(this.status);
  }
}

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** A send that takes longer than this counts as failed (and is retried). */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 500, maxMs: 30_000, timeoutMs: 15_000 };

export type DeliveryResult =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; gone: boolean; error: string };

export interface DeliveryOptions {
  retry?: Partial<RetryPolicy>;
  limiter?: RateLimiter;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Sends within the Teams limits and retries what is worth retrying with exponential backoff and full jitter,
 * honouring Retry-After. botbuilder itself only retries a 429 that carries Retry-After, so this is ours.
 */
export class Delivery {
  readonly policy: RetryPolicy;
  readonly limiter: RateLimiter;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: DeliveryOptions = {}) {
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.limiter = options.limiter ?? new RateLimiter(TEAMS_CONVERSATION_LIMITS, TEAMS_GLOBAL_LIMITS, options.now, this.sleep);
  }

  async deliver(conversationId: string, send: () => Promise<void>): Promise<DeliveryResult> {
    try {
      const { attempts } = await this.attempt(conversationId, send);
      return { ok: true, attempts };
    } catch (raw) {
      const error = raw as DeliveryError & { attempts?: number };
      const text = error.status ? `HTTP ${error.status}: ${error.message}` : error.message;
      return { ok: false, attempts: error.attempts ?? this.policy.attempts, gone: error.gone, error: text };
    }
  }

  /**
   * Runs `op` within the limits of `conversationId` until it succeeds, with retries as in `deliver`, and returns
   * its value. Throws the last DeliveryError (with `attempts`) when it does not get through. An operation that
   * is not idempotent (creating a message) is retried only when the channel said it did nothing (429); a time-out
   * or a 5xx may have posted it already.
   */
  async run<T>(conversationId: string, op: () => Promise<T>, options: { idempotent?: boolean } = {}): Promise<T> {
    return (await this.attempt(conversationId, op, options.idempotent ?? true)).value;
  }

  private async attempt<T>(conversationId: string, op: () => Promise<T>, idempotent = true): Promise<{ value: T; attempts: number }> {
    let last: DeliveryError = new DeliveryError('onbekende fout');
    for (let attempt = 1; attempt <= this.policy.attempts; attempt++) {
      await this.limiter.acquire(conversationId);
      try {
        return { value: await this.withTimeout(op()), attempts: attempt };
      } catch (raw) {
        last = raw instanceof DeliveryError ? raw : new DeliveryError(String((raw as Error)?.message ?? raw));
        Object.assign(last, { attempts: attempt });
        if (last.gone) break;
        const worth = idempotent ? last.retryable : last.status === 429;
        if (!worth || attempt === this.policy.attempts) break;
        const backoff = Math.min(this.policy.maxMs, this.policy.baseMs * 2 ** (attempt - 1));
        const wait = Math.max(last.retryAfterMs ?? 0, Math.round(backoff / 2 + (this.random() * backoff) / 2));
        if (last.status === 429) this.limiter.backOff(conversationId, wait);
        await this.sleep(wait);
      }
    }
    throw last;
  }

  private async withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new DeliveryError(`geen antwoord binnen ${this.policy.timeoutMs} ms`, 504)), this.policy.timeoutMs);
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
