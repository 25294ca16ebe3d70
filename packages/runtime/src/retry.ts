/** How the client retries idempotent calls that failed transiently. */
export interface RetryOptions {
  /** Total tries including the first (3: the first plus two retries). */
  attempts: number;
  /** First backoff step; each retry doubles it (before jitter). */
  baseDelayMs: number;
  /** Longest single wait: caps the backoff, and a server asking for longer (Retry-After) ends the retries. */
  maxDelayMs: number;
  /** No retry is scheduled that would start later than this after the first try. */
  totalTimeoutMs: number;
  /** Statuses worth another try. */
  statuses: readonly number[];
  /** Source of jitter in [0, 1); injectable for deterministic tests. */
  random: () => number;
}

/** Per-call retry settings: overrides plus the explicit opt-in for calls that are not idempotent. */
export interface CallRetryOptions extends Partial<RetryOptions> {
  /**
   * Retry this call even though it is not idempotent (sends an SMS, provisions a number, creates a
   * contact). Only set it when a duplicate is harmless or the call carries an idempotency key.
   */
  nonIdempotent?: boolean;
}

/** The defaults: three tries, 300 ms doubling with jitter, 20 s longest wait, 60 s in all. */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  attempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 20_000,
  totalTimeoutMs: 60_000,
  statuses: Object.freeze([429, 502, 503, 504]),
  random: Math.random,
});

/** Methods safe to repeat when the operation is not in the vendor's metadata. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * The wait before retry number `retry` (1 for the first retry): exponential with "equal jitter", i.e. half
 * the step plus a random half, capped at maxDelayMs, so clients that failed together do not retry together.
 */
export function backoffDelay(retry: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return step / 2 + options.random() * (step / 2);
}
