import { abortReason, systemClock, type Clock } from './clock.js';
import { EchoClientConfigError } from './errors.js';
import type { RateLimitPolicy } from './metadata.js';
import { readRateLimitState } from './rate-limit-headers.js';
import type { Plugin } from './send.js';

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

/**
 * Client-side rate limiting (opt-in): every attempt waits for room under every policy (the vendor's
 * documented `x-rate-limits` by default, your own `policies`, or a shared RateLimiter), and a 429 or an
 * exhausted window reported by the server holds the queue until its reset. Calls queue; none fails.
 */
export function rateLimit(limits?: { policies: readonly RateLimitPolicy[] } | RateLimiter): Plugin {
  return ({ vendor, clock }) => {
    let limiter: RateLimiter;
    if (limits instanceof RateLimiter) limiter = limits;
    else {
      const policies = limits?.policies ?? vendor.rateLimits?.policies;
      if (!policies || policies.length === 0)
        throw new EchoClientConfigError(`${vendor.title}: rateLimit() has no policies (the vendor documents no limits; pass {policies})`);
      try {
        limiter = new RateLimiter(policies, clock);
      } catch (error) {
        throw new EchoClientConfigError(`${vendor.title}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return {
      layer: (next) => async (request, call) => {
        await limiter.acquire(request.signal);
        const response = await next(request, call);
        const now = call.clock.now();
        const state = readRateLimitState(response.headers, vendor.rateLimits, now);
        if (state) {
          const reset = state.resetAt !== undefined ? state.resetAt - now : undefined;
          const wait = response.status === 429 ? (state.retryAfterMs ?? reset) : state.remaining === 0 ? reset : undefined;
          if (wait !== undefined && wait > 0) limiter.blockUntil(now + wait);
        }
        return response;
      },
    };
  };
}
