/** A documented limit: `limit` requests per `windowSeconds` (x-rate-limits.policies). */
export interface RatePolicy {
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The policy closest to its limit (the one whose headers the vendor reports). */
  policy?: RatePolicy;
  remaining: number;
  /** When that policy's window ends (virtual ms). */
  resetAt: number;
  retryAfterSeconds: number;
}

/**
 * Fixed windows per tenant and policy, on the virtual clock: advancing the clock past a window's end
 * frees it, so tests never sleep. A refused request does not count.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }[]>();
  /** Tenants tracked at most: a flood of new keys costs a forgotten window (the oldest tenant's), never memory. */
  static readonly MAX_TRACKED = 10_000;

  /** `enforce: false` never refuses, yet reports a fresh window: the rate-limit headers a spec requires stay. */
  constructor(
    private readonly policies: readonly RatePolicy[],
    private readonly enforce = true,
  ) {}

  take(tenant: string, now: number): RateDecision {
    if (!this.enforce) return this.peek(now);
    if (this.policies.length === 0) return { allowed: true, remaining: Number.MAX_SAFE_INTEGER, resetAt: now, retryAfterSeconds: 0 };
    let windows = this.windows.get(tenant);
    if (!windows) {
      if (this.windows.size >= RateLimiter.MAX_TRACKED) this.windows.delete(this.windows.keys().next().value!);
      this.windows.set(tenant, (windows = this.policies.map(() => ({ start: 0, count: 0 }))));
    }
    const states = this.policies.map((policy, index) => {
      const window = windows[index]!;
      const size = policy.windowSeconds * 1000;
      const start = Math.floor(now / size) * size;
      if (window.start !== start) Object.assign(window, { start, count: 0 });
      return { policy, window, resetAt: start + size };
    });
    const blocked = states.filter((state) => state.window.count >= state.policy.limit);
    if (blocked.length > 0) {
      const latest = blocked.reduce((a, b) => (b.resetAt > a.resetAt ? b : a));
      return {
        allowed: false,
        policy: latest.policy,
        remaining: 0,
        resetAt: latest.resetAt,
        retryAfterSeconds: Math.max(1, Math.ceil((latest.resetAt - now) / 1000)),
      };
    }
    for (const state of states) state.window.count++;
    const tightest = states.reduce((a, b) => (b.policy.limit - b.window.count < a.policy.limit - a.window.count ? b : a));
    return {
      allowed: true,
      policy: tightest.policy,
      remaining: tightest.policy.limit - tightest.window.count,
      resetAt: tightest.resetAt,
      retryAfterSeconds: Math.ceil((tightest.resetAt - now) / 1000),
    };
  }

  /** The state of a fresh window (for answers to requests that name no tenant), without counting. */
  peek(now: number): RateDecision {
    const policy = this.policies.reduce<RatePolicy | undefined>((a, b) => (!a || b.limit < a.limit ? b : a), undefined);
    if (!policy) return { allowed: true, remaining: Number.MAX_SAFE_INTEGER, resetAt: now, retryAfterSeconds: 0 };
    const size = policy.windowSeconds * 1000;
    const resetAt = Math.floor(now / size) * size + size;
    return { allowed: true, policy, remaining: policy.limit, resetAt, retryAfterSeconds: Math.ceil((resetAt - now) / 1000) };
  }

  reset(tenant?: string): void {
    if (tenant === undefined) this.windows.clear();
    else this.windows.delete(tenant);
  }
}
