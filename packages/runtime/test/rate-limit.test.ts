import { describe, expect, it } from 'vitest';
import { EchoClientConfigError, getRateLimit, RateLimiter, rateLimit, type VendorMetadata } from '../src/index.js';
import { parseReset, parseRetryAfter, readRateLimitState } from '../src/rate-limit-headers.js';
import { cueClient, winClient } from './clients.js';
import { echoCue, echowin } from './fixtures.js';
import { fakeClock, guardAgainstLeaks, json, T0, thrown, useTestServer } from './helpers.js';

const server = useTestServer();
guardAgainstLeaks();

describe('RateLimiter (injected clock)', () => {
  it('queues instead of failing: 5 requests against 2 per second go out at 0, 0, 1 s, 1 s, 2 s', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter([{ limit: 2, windowSeconds: 1 }], clock);
    const granted: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map(() => limiter.acquire().then(() => granted.push(clock.now() - T0))));
    expect(granted).toEqual([0, 0, 1000, 1000, 2000]);
  });

  it('enforces every policy at once (the tighter one wins at each moment)', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(
      [
        { limit: 3, windowSeconds: 1 },
        { limit: 4, windowSeconds: 60 },
      ],
      clock,
    );
    const granted: number[] = [];
    for (let i = 0; i < 6; i++) {
      await limiter.acquire();
      granted.push(clock.now() - T0);
    }
    // 3 at once, a 4th after a second (per-second window), then the per-minute window holds until 60 s.
    expect(granted).toEqual([0, 0, 0, 1000, 60_000, 60_000]);
  });

  it('serves waiters in arrival order', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter([{ limit: 1, windowSeconds: 10 }], clock);
    const order: string[] = [];
    await Promise.all(['a', 'b', 'c'].map((name) => limiter.acquire().then(() => order.push(name))));
    expect(order).toEqual(['a', 'b', 'c']);
    expect(clock.now() - T0).toBe(20_000);
  });

  it('a queued caller whose signal aborts leaves the queue with the abort reason; the rest still go', async () => {
    // A clock whose sleeps never end on their own, so waiters stay queued until aborted.
    const clock = {
      now: () => T0,
      sleep: (_ms: number, signal?: AbortSignal) => new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
    };
    const limiter = new RateLimiter([{ limit: 1, windowSeconds: 1 }], clock);
    await limiter.acquire();
    const head = new AbortController();
    const second = new AbortController();
    const first = limiter.acquire(head.signal);
    const queued = limiter.acquire(second.signal);
    expect(limiter.pending).toBe(2);
    second.abort(new Error('second gave up'));
    await expect(queued).rejects.toThrow('second gave up');
    head.abort(new Error('head gave up'));
    await expect(first).rejects.toThrow('head gave up');
    expect(limiter.pending).toBe(0);
  });

  it('blockUntil holds everyone until the server says the window resets', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter([{ limit: 100, windowSeconds: 1 }], clock);
    limiter.blockUntil(T0 + 7000);
    await limiter.acquire();
    expect(clock.now()).toBe(T0 + 7000);
  });

  it('rejects a policy that cannot be enforced', () => {
    expect(() => new RateLimiter([{ limit: 0, windowSeconds: 1 }])).toThrow(RangeError);
  });
});

describe('client-side rate limiting', () => {
  const tiny: VendorMetadata = { ...echoCue, rateLimits: { policies: [{ limit: 2, windowSeconds: 60 }] } };

  it('is off by default: nothing waits', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    const client = cueClient(server.url);
    await Promise.all([1, 2, 3, 4, 5].map((id) => client.GET('/api/device/{device_id}', { params: { path: { device_id: id } } })));
    expect(server.requests).toHaveLength(5);
    expect(client.clock.sleeps).toEqual([]);
  });

  it('rateLimit() takes the vendor’s documented policies and queues (all calls succeed)', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    const { createVendorClient } = await import('../src/index.js');
    const clock = fakeClock();
    const client = createVendorClient<Record<string, never>>(tiny, {
      baseUrl: server.url,
      apiKey: 'k1234',
      apiSecret: 's1234',
      plugins: [rateLimit()],
      clock,
    });
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() => (client as unknown as { GET(url: string): Promise<{ response: Response }> }).GET('/api/device/list')),
    );
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(server.requests).toHaveLength(5);
    expect(clock.now() - T0).toBe(120_000);
  });

  it('the default policies are the vendor metadata’s (EchoCue: 60 per minute)', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    const client = cueClient(server.url, { rateLimit: true });
    for (let i = 0; i < 61; i++) await client.GET('/api/device/list');
    expect(server.requests).toHaveLength(61);
    expect(client.clock.sleeps).toEqual([60_000]);
  });

  it('{policies} overrides the vendor’s', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    const client = cueClient(server.url, { rateLimit: { policies: [{ limit: 1, windowSeconds: 5 }] } });
    await client.GET('/api/device/list');
    await client.GET('/api/device/list');
    expect(client.clock.sleeps).toEqual([5000]);
  });

  it('a 429 with a reset time holds the queue until then (echowin X-RateLimit-Reset)', async () => {
    server.handle((_, res, i) =>
      i === 0
        ? json(res, 429, { error: 'Rate limit exceeded' }, { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(T0 / 1000 + 30) })
        : json(res, 200, { data: [] }),
    );
    const client = winClient(server.url, { rateLimit: true, retry: false });
    await client.GET('/contacts/{id}', { params: { path: { id: 1 } } });
    await client.GET('/contacts/{id}', { params: { path: { id: 1 } } });
    expect(client.clock.sleeps).toEqual([30_000]);
  });

  it('rateLimit() for a vendor that documents no limits is a config error', async () => {
    const { createVendorClient } = await import('../src/index.js');
    const { rateLimits: _none, ...bare } = echoCue;
    expect(thrown(() => createVendorClient(bare, { apiKey: 'k', apiSecret: 's', plugins: [rateLimit()] }))).toBeInstanceOf(EchoClientConfigError);
  });
});

describe('rate-limit state from response headers', () => {
  it('is exposed for every response (getRateLimit)', async () => {
    server.handle((_, res) =>
      json(res, 200, { data: [] }, { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '42', 'X-RateLimit-Reset': String(T0 / 1000 + 60) }),
    );
    const client = winClient(server.url);
    const { response } = await client.GET('/contacts/{id}', { params: { path: { id: 1 } } });
    expect(getRateLimit(response)).toEqual({ limit: 100, remaining: 42, resetAt: T0 + 60_000 });
  });

  it('is undefined when the response carries none', async () => {
    server.handle((_, res) => json(res, 200, { data: [] }));
    const client = winClient(server.url);
    const { response } = await client.GET('/contacts/{id}', { params: { path: { id: 1 } } });
    expect(getRateLimit(response)).toBeUndefined();
  });

  it('reads each reset format and Retry-After form', () => {
    expect(parseRetryAfter('120', T0)).toBe(120_000);
    expect(parseRetryAfter(new Date(T0 + 9000).toUTCString(), T0)).toBe(9000);
    expect(parseRetryAfter('soon', T0)).toBeUndefined();
    expect(parseReset(String(T0 / 1000 + 5), 'unix-seconds', T0)).toBe(T0 + 5000);
    expect(parseReset('5', 'seconds', T0)).toBe(T0 + 5000);
    expect(parseReset(new Date(T0 + 5000).toUTCString(), 'http-date', T0)).toBe(T0 + 5000);
    // Undeclared: a big number is a timestamp, a small one a delta.
    expect(parseReset(String(T0 / 1000 + 5), undefined, T0)).toBe(T0 + 5000);
    expect(parseReset('5', undefined, T0)).toBe(T0 + 5000);
    const headers = new Headers({ 'X-RateLimit-Limit': '100', 'Retry-After': '3' });
    expect(readRateLimitState(headers, echowin.rateLimits, T0)).toEqual({ limit: 100, retryAfterMs: 3000 });
  });
});
