import { abortReason, systemClock, type Clock } from './clock.js';
import type { RateLimitPolicy, RateLimits } from './metadata.js';

/** The server's view of the caller's rate limit, read from one response's headers. */
export interface RateLimitState {
  /** Requests allowed in the current window (`X-RateLimit-Limit`). */
  limit?: number;
  /** Requests left in the current window (`X-RateLimit-Remaining`). */
  remaining?: number;
  /** When the window resets, in epoch milliseconds (`X-RateLimit-Reset`, in the vendor's format). */
  resetAt?: number;
  /** How long the server asked the client to wait (`Retry-After`, seconds or an HTTP date), in ms. */
  retryAfterMs?: number;
}

type HeaderNames = NonNullable<RateLimits['headers']>;

const DEFAULT_HEADERS: HeaderNames = { limit: 'X-RateLimit-Limit', remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset' };

function parseNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const number = Number(value.trim());
  return Number.isFinite(number) ? number : undefined;
}

/** A `Retry-After` value (delta seconds or an HTTP date) as milliseconds from `now`; undefined if unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A reset header value as epoch ms: unix seconds, delta seconds or an HTTP date (guessed when not declared). */
export function parseReset(value: string | null, format: HeaderNames['resetFormat'], now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const number = parseNumber(value);
  if (format === 'http-date' || (format === undefined && number === undefined)) {
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : date;
  }
  if (number === undefined) return undefined;
  // Undeclared: a number past 2001-09-09 in seconds is an epoch timestamp, anything smaller a delta.
  const unix = format === 'unix-seconds' || (format === undefined && number > 1e9);
  return unix ? number * 1000 : now + number * 1000;
}

/**
 * Reads the rate-limit headers the vendor documents (`rateLimits.headers`, else the common `X-RateLimit-*`)
 * and `Retry-After`; undefined when the response carries none of them.
 */
export function readRateLimitState(headers: Headers, rateLimits: RateLimits | undefined, now: number): RateLimitState | undefined {
  const names = rateLimits?.headers ?? DEFAULT_HEADERS;
  const state: RateLimitState = {};
  const limit = names.limit ? parseNumber(headers.get(names.limit)) : undefined;
  const remaining = names.remaining ? parseNumber(headers.get(names.remaining)) : undefined;
  const resetAt = names.reset ? parseReset(headers.get(names.reset), names.resetFormat, now) : undefined;
  const retryAfterMs = parseRetryAfter(headers.get('Retry-After'), now);
  if (limit !== undefined) state.limit = limit;
  if (remaining !== undefined) state.remaining = remaining;
  if (resetAt !== undefined) state.resetAt = resetAt;
  if (retryAfterMs !== undefined) state.retryAfterMs = retryAfterMs;
  return Object.keys(state).length > 0 ? state : undefined;
}

/** How long the server wants the client to wait before trying again: Retry-After first, then the reset time. */
export function serverDelayMs(state: RateLimitState | undefined, now: number): number | undefined {
  if (!state) return undefined;
  if (state.retryAfterMs !== undefined) return state.retryAfterMs;
  if (state.resetAt !== undefined) return Math.max(0, state.resetAt - now);
  return undefined;
}

/** A window's recent grants, as a ring of the last `limit` timestamps. */
class Window {
  private readonly times: Float64Array;
  private next = 0;
  private count = 0;
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    this.times = new Float64Array(limit);
  }
  /** How long until one more request fits in this window. */
  waitMs(now: number): number {
    if (this.count < this.limit) return 0;
    const oldest = this.times[this.next] as number;
    return Math.max(0, oldest + this.windowMs - now);
  }
  record(now: number): void {
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.limit;
    if (this.count < this.limit) this.count++;
  }
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * A client-side limiter enforcing every policy at once (sliding windows): callers queue in order until
 * each window has room, instead of failing. Share one instance between clients that share a key.
 */
export class RateLimiter {
  private readonly windows: Window[];
  private readonly queue: Waiter[] = [];
  private pumping = false;
  private blockedUntil = 0;

  /** Policies are usually the vendor's documented limits (`vendor.rateLimits.policies`). */
  constructor(
    policies: readonly RateLimitPolicy[],
    private readonly clock: Clock = systemClock,
  ) {
    this.windows = policies.map((policy) => {
      if (!(Number.isInteger(policy.limit) && policy.limit > 0) || !(policy.windowSeconds > 0)) {
        throw new RangeError(`rate-limit policy needs a positive integer limit and a positive window, got ${policy.limit}/${policy.windowSeconds}s`);
      }
      return new Window(policy.limit, policy.windowSeconds * 1000);
    });
  }

  /** Requests currently waiting for room. */
  get pending(): number {
    return this.queue.length;
  }

  /** Holds every request until `epochMs` (the server said the window is spent, e.g. a 429 with a reset time). */
  blockUntil(epochMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, epochMs);
  }

  /** How long a request arriving now would wait (0 when it can go at once). */
  waitMs(now = this.clock.now()): number {
    let wait = Math.max(0, this.blockedUntil - now);
    for (const window of this.windows) wait = Math.max(wait, window.waitMs(now));
    return wait;
  }

  /** Resolves when the caller may send one request (and counts it); rejects only if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.queue.length === 0 && !this.pumping) {
      const now = this.clock.now();
      if (this.waitMs(now) === 0) {
        this.record(now);
        return Promise.resolve();
      }
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          // The head is removed by the pump, whose sleep this same signal interrupts.
          if (index > 0) {
            this.queue.splice(index, 1);
            reject(abortReason(signal));
          }
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      void this.pump();
    });
  }

  private record(now: number): void {
    for (const window of this.windows) window.record(now);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0] as Waiter;
        if (head.signal?.aborted) {
          this.queue.shift();
          head.reject(abortReason(head.signal));
          continue;
        }
        const now = this.clock.now();
        const wait = this.waitMs(now);
        if (wait > 0) {
          try {
            await this.clock.sleep(wait, head.signal);
          } catch {
            // The head's signal aborted: the loop rejects it and moves on.
          }
          continue;
        }
        this.record(now);
        this.queue.shift();
        if (head.onAbort) head.signal?.removeEventListener('abort', head.onAbort);
        head.resolve();
      }
    } finally {
      this.pumping = false;
    }
  }
}
