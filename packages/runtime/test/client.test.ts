import { describe, expect, it, vi } from 'vitest';
import { resolveBaseUrl } from '../src/client.js';
import { createVendorClient, EchoClientConfigError, RateLimiter, rateLimit } from '../src/index.js';
import { formatLogEntry } from '../src/log.js';
import { cueClient, userEchoClient } from './clients.js';
import { echoCue, SECRETS, userEcho } from './fixtures.js';
import { collectingLogger, fakeClock, guardAgainstLeaks, json, rejection, thrown, useTestServer } from './helpers.js';

const server = useTestServer();
guardAgainstLeaks();

describe('createVendorClient', () => {
  it('authenticates each request as its operation requires (EchoCue: bearer + X-API-SECRET)', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    await cueClient(server.url).GET('/api/device/list');
    const headers = server.requests[0]?.headers;
    expect(headers?.authorization).toBe(`Bearer ${SECRETS.echoCueKey}`);
    expect(headers?.['x-api-secret']).toBe(SECRETS.echoCueSecret);
  });

  it('puts UserEcho’s token in the query, and keeps the POST body intact doing so', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    await userEchoClient(server.url).POST('/forums/{forum_id}/topics.json', {
      params: { path: { forum_id: 4 } },
      body: { header: 'Hi', description: 'there' },
    });
    const seen = server.requests[0];
    expect(new URL(seen?.url ?? '', 'http://x').searchParams.get('access_token')).toBe(SECRETS.userEchoToken);
    expect(JSON.parse(seen?.body ?? '')).toEqual({ header: 'Hi', description: 'there' });
  });

  it('uses the spec’s server URL and variables unless baseUrl is given; a variable is required (no default host)', () => {
    expect(resolveBaseUrl(userEcho, { alias: 'acme' })).toBe('https://acme.userecho.com/api/v2');
    expect(resolveBaseUrl(userEcho, { baseUrl: 'http://127.0.0.1:1/v2/' })).toBe('http://127.0.0.1:1/v2');
    expect((thrown(() => resolveBaseUrl(userEcho, {})) as Error).message).toBe('UserEcho: "alias" is required and must be a non-empty string');
    expect(() => resolveBaseUrl(userEcho, { alias: 'a/b' })).toThrow(EchoClientConfigError);
  });

  it('rejects bad options up front', () => {
    const auth = { apiKey: 'k', apiSecret: 's' };
    expect((thrown(() => createVendorClient(echoCue, { ...auth, retry: { attempts: 0 } })) as Error).message).toMatch(/retry.attempts/);
    expect((thrown(() => createVendorClient(echoCue, { ...auth, timeoutMs: 0 })) as Error).message).toMatch(/timeoutMs/);
    expect(
      thrown(() => createVendorClient(echoCue, { ...auth, plugins: [rateLimit({ policies: [{ limit: -1, windowSeconds: 1 }] })] })),
    ).toBeInstanceOf(EchoClientConfigError);
  });

  it('a RateLimiter instance can be shared by two clients (one budget)', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    const clock = fakeClock();
    const limiter = new RateLimiter([{ limit: 1, windowSeconds: 10 }], clock);
    const a = cueClient(server.url, { rateLimit: limiter, clock });
    const b = cueClient(server.url, { rateLimit: limiter, clock });
    await a.GET('/api/device/list');
    await b.GET('/api/device/list');
    expect(clock.sleeps).toEqual([10_000]);
  });

  it('the client’s fetch goes through the runtime (retries, logging); a per-call fetch, which would not, is refused', async () => {
    let calls = 0;
    const fetch = async (request: Request) => {
      calls++;
      return calls === 1
        ? new Response('{}', { status: 503 })
        : new Response(JSON.stringify({ ok: request.method }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const logger = collectingLogger();
    const client = cueClient('http://127.0.0.1:9', { logger, fetch });
    const { data } = await client.GET('/api/device/list');
    expect(data).toEqual({ ok: 'GET' });
    expect(calls).toBe(2);
    expect(logger.lines).toHaveLength(2);
    // @ts-expect-error a per-call fetch is not an option of our clients
    const error = await rejection(client.GET('/api/device/list', { fetch }));
    expect((error as Error).message).toMatch(/per-call `fetch`/);
    expect(calls).toBe(2);
  });

  it('is a new object over openapi-fetch’s client: its middleware API is openapi-fetch’s own', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    const client = cueClient(server.url);
    const seen: string[] = [];
    const middleware = { onRequest: ({ request }: { request: Request }) => void seen.push(request.headers.get('authorization') ?? 'none') };
    client.use(middleware);
    await client.GET('/api/device/list');
    client.eject(middleware);
    await client.GET('/api/device/list');
    // A user's middleware runs after authentication, and eject() removes it.
    expect(seen).toEqual([`Bearer ${SECRETS.echoCueKey}`]);
  });
});

describe('the Request of a call', () => {
  it('is built once, by fetch itself, unless a middleware or a plugin layer will see it', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const inputs = async (client: ReturnType<typeof cueClient>) => {
        spy.mockClear();
        await client.POST('/api/contact/create', { body: { name: 'Ada' } as never });
        return spy.mock.calls.map(([input]) => (input instanceof Request ? 'Request' : typeof input));
      };
      expect(await inputs(cueClient(server.url))).toEqual(['string']);
      expect(await inputs(cueClient(server.url, { rateLimit: true }))).toEqual(['Request']);
      const withMiddleware = cueClient(server.url);
      withMiddleware.use({ onRequest: () => undefined });
      expect(await inputs(withMiddleware)).toEqual(['Request']);
      // Either way the server gets the same request.
      const [light, real] = server.requests.slice(-3);
      expect(light?.body).toBe('{"name":"Ada"}');
      expect(real?.body).toBe(light?.body);
      expect(real?.headers.authorization).toBe(light?.headers.authorization);
      expect(real?.headers['content-type']).toBe('application/json');
      expect(light?.headers['content-type']).toBe('application/json');
    } finally {
      spy.mockRestore();
    }
  });

  it('sends a retried body intact from the light request too', async () => {
    server.handle((_, res, index) => (index === 0 ? json(res, 503, {}) : json(res, 200, { data: {} })));
    const { response } = await cueClient(server.url).POST('/api/contact/create', { body: { name: 'Ada' } as never, retry: { nonIdempotent: true } });
    expect(response.status).toBe(200);
    expect(server.requests.map((seen) => seen.body)).toEqual(['{"name":"Ada"}', '{"name":"Ada"}']);
  });
});

describe('the answer a call returns', () => {
  it('is a full Response although its body was read within the attempt: clone, body, text, arrayBuffer, blob', async () => {
    server.handle((_, res) => json(res, 200, { data: { id: 7 } }));
    const client = cueClient(server.url);
    const seenByMiddleware: unknown[] = [];
    client.use({ onResponse: async ({ response }) => void seenByMiddleware.push(await response.clone().json()) });
    const { data, response } = await client.GET('/api/device/list');
    expect(data).toEqual({ data: { id: 7 } });
    expect(seenByMiddleware).toEqual([{ data: { id: 7 } }]);
    expect(response).toBeInstanceOf(Response);
    expect(JSON.parse(await new Response(response.body).text())).toEqual({ data: { id: 7 } });
    expect(JSON.parse(await response.clone().text())).toEqual({ data: { id: 7 } });
    expect(new TextDecoder().decode(await response.clone().arrayBuffer())).toBe('{"data":{"id":7}}');
    expect(await (await response.clone().blob()).text()).toBe('{"data":{"id":7}}');
  });

  it('takes the per-call options off the call: neither the server nor a user’s middleware sees them', async () => {
    server.handle((_, res) => json(res, 200, { data: {} }));
    const client = cueClient(server.url);
    const keys: string[] = [];
    client.use({ onRequest: ({ request }) => void keys.push(...['retry', 'timeoutMs', 'throwOnError'].filter((key) => key in request)) });
    await client.GET('/api/device/list', { retry: false, timeoutMs: 5000, throwOnError: true });
    expect(keys).toEqual([]);
    expect(server.requests[0]?.url).toBe('/api/device/list');
  });
});

describe('the debug logger', () => {
  it('gets one line per attempt: method, redacted URL, status, timing, retries', async () => {
    server.handle((_, res, i) => (i === 0 ? json(res, 503, {}) : json(res, 200, { data: {} })));
    const logger = collectingLogger();
    const client = userEchoClient(server.url, { logger });
    await client.GET('/users/{user_id}.json', { params: { path: { user_id: 9 } } });
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(
      /^\[UserEcho\] getUser GET http:\/\/127\.0\.0\.1:\d+\/users\/9\.json\?access_token=\[REDACTED\] -> 503 in \d+\.\d ms; retrying in 50 ms$/,
    );
    expect(logger.lines[1]).toMatch(/-> 200 in \d+\.\d ms \(attempt 2\)$/);
  });

  it('is off by default', async () => {
    const { vi } = await import('vitest');
    const spy = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const spyLog = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      server.handle((_, res) => json(res, 200, { data: {} }));
      await cueClient(server.url).GET('/api/device/list');
      expect(spy).not.toHaveBeenCalled();
      expect(spyLog).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      spyLog.mockRestore();
    }
  });

  it('formatLogEntry renders failures', () => {
    expect(formatLogEntry({ vendor: 'EchoCue', method: 'GET', url: 'https://h/x', attempt: 2, error: 'ECONNRESET', durationMs: 1.25 })).toBe(
      '[EchoCue] GET https://h/x -> failed (ECONNRESET) in 1.3 ms (attempt 2)',
    );
  });
});
