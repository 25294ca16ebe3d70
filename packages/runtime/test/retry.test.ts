import { describe, expect, it } from 'vitest';
import { callOfResponse } from '../src/call.js';
import { EchoApiError, EchoNetworkError, getRateLimit } from '../src/index.js';
import { backoffDelay } from '../src/retry.js';

const getResponseInfo = (response: Response) => ({ attempts: callOfResponse(response)?.attempt });
import { cueClient, userEchoClient, winClient } from './clients.js';
import { collectingLogger, guardAgainstLeaks, json, rejection, resetMidBody, T0, text, useTestServer } from './helpers.js';

const server = useTestServer();
guardAgainstLeaks();

const ok = { status_id: 200, message: 'ok', data: { device_id: 7 } };
const device = { params: { path: { device_id: 7 } } };

describe('retries of idempotent calls', () => {
  it('429 with Retry-After in seconds: waits exactly that long, then succeeds', async () => {
    server.handle((_, res, i) =>
      i === 0 ? json(res, 429, { status_id: 429, message: 'Too many requests' }, { 'Retry-After': '2' }) : json(res, 200, ok),
    );
    const client = cueClient(server.url);
    const { data, response } = await client.GET('/api/device/{device_id}', device);
    expect(data).toEqual(ok);
    expect(server.requests).toHaveLength(2);
    expect(client.clock.sleeps).toEqual([2000]);
    expect(getResponseInfo(response)?.attempts).toBe(2);
  });

  it('429 with Retry-After as an HTTP date: waits until that date', async () => {
    server.handle((_, res, i) =>
      i === 0 ? json(res, 429, { status_id: 429, message: 'slow down' }, { 'Retry-After': new Date(T0 + 3000).toUTCString() }) : json(res, 200, ok),
    );
    const client = cueClient(server.url);
    await client.GET('/api/device/{device_id}', device);
    expect(server.requests).toHaveLength(2);
    expect(client.clock.sleeps).toEqual([3000]);
  });

  it('429 with X-RateLimit-Reset (unix seconds, echowin): waits until the reset', async () => {
    server.handle((_, res, i) =>
      i === 0
        ? json(
            res,
            429,
            { error: 'Rate limit exceeded' },
            { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(T0 / 1000 + 5) },
          )
        : json(
            res,
            200,
            { data: { id: 1 } },
            { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '99', 'X-RateLimit-Reset': String(T0 / 1000 + 65) },
          ),
    );
    const client = winClient(server.url);
    const { response } = await client.GET('/contacts/{id}', { params: { path: { id: 1 } } });
    expect(server.requests).toHaveLength(2);
    expect(client.clock.sleeps).toEqual([5000]);
    // The rate-limit state of the final response is exposed to the caller.
    expect(getRateLimit(response)).toEqual({ limit: 100, remaining: 99, resetAt: T0 + 65_000 });
  });

  it('a 503 storm: bounded attempts with exponential backoff, then the last answer', async () => {
    server.handle((_, res) => json(res, 503, { status_id: 503, message: 'Service unavailable' }));
    const client = cueClient(server.url, { retry: { attempts: 4, baseDelayMs: 100 } });
    const { error, response } = await client.GET('/api/device/{device_id}', device);
    expect(response.status).toBe(503);
    expect(error).toEqual({ status_id: 503, message: 'Service unavailable' });
    expect(server.requests).toHaveLength(4);
    // Equal jitter with random() = 0: half of 100, 200, 400.
    expect(client.clock.sleeps).toEqual([50, 100, 200]);
  });

  it('a 503 storm with throwOnError ends in EchoApiError carrying the status', async () => {
    server.handle((_, res) => json(res, 503, { status_id: 503, message: 'Service unavailable' }));
    const client = cueClient(server.url, { throwOnError: true });
    const error = (await rejection(client.GET('/api/device/{device_id}', device))) as EchoApiError;
    expect(error).toBeInstanceOf(EchoApiError);
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(3);
  });

  it('502 and 504 are retried too', async () => {
    server.handle((_, res, i) =>
      i === 0 ? text(res, 502, '<html><title>Bad Gateway</title></html>', 'text/html') : i === 1 ? json(res, 504, {}) : json(res, 200, ok),
    );
    const client = cueClient(server.url);
    const { data } = await client.GET('/api/device/{device_id}', device);
    expect(data).toEqual(ok);
    expect(server.requests).toHaveLength(3);
  });

  it('a connection reset mid-body is a network error: a GET is retried and nothing is lost', async () => {
    server.handle((_, res, i) => (i === 0 ? resetMidBody(res) : json(res, 200, ok)));
    const client = cueClient(server.url);
    const { data } = await client.GET('/api/device/{device_id}', device);
    expect(data).toEqual(ok);
    expect(server.requests).toHaveLength(2);
  });

  it('network errors that persist end in EchoNetworkError after the bounded attempts', async () => {
    server.handle((_, res) => resetMidBody(res));
    const logger = collectingLogger();
    const client = userEchoClient(server.url, { logger });
    const error = (await rejection(client.GET('/users/{user_id}.json', { params: { path: { user_id: 3 } } }))) as EchoNetworkError;
    expect(error).toBeInstanceOf(EchoNetworkError);
    expect(error.attempts).toBe(3);
    expect(error.operationId).toBe('getUser');
    expect(error.url).toContain('access_token=[REDACTED]');
    expect(server.requests).toHaveLength(3);
    expect(logger.lines).toHaveLength(3);
    expect(logger.lines[0]).toMatch(/failed \(.+\).*retrying in 50 ms/);
  });

  it('a PUT (idempotent by method) is retried with its body intact', async () => {
    server.handle((_, res, i) => (i < 2 ? json(res, 503, {}) : json(res, 200, ok)));
    const client = cueClient(server.url);
    const body = { name: 'Front desk', tags: ['a', 'b'], note: 'ünïcødé ✓' };
    await client.PUT('/api/device/{device_id}', { ...device, body });
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) expect(JSON.parse(request.body)).toEqual(body);
  });

  it('a POST marked idempotent (a read sent as POST) is retried', async () => {
    server.handle((_, res, i) => (i === 0 ? json(res, 503, {}) : json(res, 200, { status_id: 200, data: [] })));
    const client = cueClient(server.url);
    await client.POST('/notification/template/api/get', { body: { page: 1, limit: 10 } });
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([
      { page: 1, limit: 10 },
      { page: 1, limit: 10 },
    ]);
  });
});

describe('non-idempotent calls are never retried unless the call opts in', () => {
  const sms = { to: '+14155550100', message: 'Your code is 123456' };

  it('a POST that gets 503 is sent exactly once', async () => {
    server.handle((_, res) => json(res, 503, { status_id: 503, message: 'unavailable' }));
    const client = cueClient(server.url);
    const { response } = await client.POST('/api/sms/send', { body: sms });
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
    expect(client.clock.sleeps).toEqual([]);
  });

  it('a POST that gets 429 with Retry-After is sent exactly once', async () => {
    server.handle((_, res) => json(res, 429, { status_id: 429, message: 'Too many' }, { 'Retry-After': '1' }));
    const client = cueClient(server.url);
    const { response } = await client.POST('/api/contact/create', { body: { name: 'Ana' } });
    expect(response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  it('a POST whose connection resets mid-body is sent exactly once', async () => {
    server.handle((_, res) => resetMidBody(res));
    const client = cueClient(server.url);
    const error = await rejection(client.POST('/api/sms/send', { body: sms }));
    expect(error).toBeInstanceOf(EchoNetworkError);
    expect(server.requests).toHaveLength(1);
  });

  it('a POST to a path outside the metadata is treated as non-idempotent', async () => {
    server.handle((_, res) => json(res, 503, {}));
    const client = cueClient(server.url);
    await client.POST('/api/unknown/thing', { body: { a: 1 } });
    expect(server.requests).toHaveLength(1);
  });

  it('an operation marked x-idempotent: false (UserEcho logout) is never retried, even a GET', async () => {
    server.handle((_, res) => json(res, 503, { status: 'error', message: 'busy' }));
    const client = userEchoClient(server.url);
    const { response } = await client.GET('/users/logout.json');
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
    // while a GET the spec leaves idempotent is retried
    await client.GET('/users/{user_id}.json', { params: { path: { user_id: 1 } } });
    expect(server.requests).toHaveLength(4);
  });

  it('with retry: {nonIdempotent: true} a POST is retried and every attempt carries the same body', async () => {
    server.handle((_, res, i) => (i < 2 ? json(res, 503, {}) : json(res, 200, { status_id: 200, message: 'sent' })));
    const client = cueClient(server.url);
    const { data } = await client.POST('/api/sms/send', { body: sms, retry: { nonIdempotent: true } });
    expect(data).toEqual({ status_id: 200, message: 'sent' });
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual(sms);
    }
  });

  it('the per-call options never reach the server or the Request', async () => {
    server.handle((_, res) => json(res, 200, ok));
    let seen: Request | undefined;
    const client = cueClient(server.url);
    client.use({
      onRequest({ request }) {
        seen = request;
      },
    });
    await client.POST('/api/sms/send', { body: sms, retry: { nonIdempotent: true }, timeoutMs: 1000, throwOnError: true });
    expect(seen && 'retry' in seen).toBe(false);
    expect(seen && 'timeoutMs' in seen).toBe(false);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(sms);
  });
});

describe('bounds', () => {
  it('retry: false turns retries off for the client', async () => {
    server.handle((_, res) => json(res, 503, {}));
    const client = cueClient(server.url, { retry: false });
    await client.GET('/api/device/{device_id}', device);
    expect(server.requests).toHaveLength(1);
  });

  it('retry: false on a call turns them off for that call', async () => {
    server.handle((_, res) => json(res, 503, {}));
    const client = cueClient(server.url);
    await client.GET('/api/device/{device_id}', { ...device, retry: false });
    expect(server.requests).toHaveLength(1);
  });

  it('per-call retry settings that make no sense are rejected before sending', async () => {
    const client = cueClient(server.url);
    expect(((await rejection(client.GET('/api/device/{device_id}', { ...device, retry: { attempts: Number.NaN } }))) as Error).message).toMatch(
      /retry.attempts/,
    );
    // A compile error too; the runtime check is for JavaScript callers.
    // @ts-expect-error nonIdempotent is a boolean
    expect(((await rejection(client.POST('/api/sms/send', { body: {}, retry: { nonIdempotent: 'yes' } }))) as Error).message).toMatch(
      /nonIdempotent/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('a call can raise its attempts', async () => {
    server.handle((_, res) => json(res, 503, {}));
    const client = cueClient(server.url);
    await client.GET('/api/device/{device_id}', { ...device, retry: { attempts: 5 } });
    expect(server.requests).toHaveLength(5);
  });

  it('a Retry-After longer than maxDelayMs ends the retries (the caller gets the 429 and its wait)', async () => {
    server.handle((_, res) => json(res, 429, { status_id: 429, message: 'Daily limit reached' }, { 'Retry-After': '3600' }));
    const client = cueClient(server.url, { retry: { maxDelayMs: 10_000 }, throwOnError: true });
    const error = (await rejection(client.GET('/api/device/{device_id}', device))) as EchoApiError;
    expect(server.requests).toHaveLength(1);
    expect(error.isRateLimited).toBe(true);
    expect(error.rateLimit?.retryAfterMs).toBe(3_600_000);
  });

  it('totalTimeoutMs bounds the time spent retrying', async () => {
    server.handle((_, res) => json(res, 503, {}, { 'Retry-After': '4' }));
    const client = cueClient(server.url, { retry: { attempts: 10, totalTimeoutMs: 10_000 } });
    await client.GET('/api/device/{device_id}', device);
    // 0 s, 4 s, 8 s; a fourth try would start at 12 s.
    expect(server.requests).toHaveLength(3);
    expect(client.clock.sleeps).toEqual([4000, 4000]);
  });

  it('backoff doubles per retry, is capped by maxDelayMs and jittered', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...options, random: () => 0 }))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { ...options, random: () => 0.999999 }).toFixed(0))).toEqual([
      '100',
      '200',
      '400',
      '800',
      '1000',
    ]);
  });
});

describe("parseAs: 'stream'", () => {
  it('hands the body over unread: the call resolves at the headers, a later reset is the reader’s to see', async () => {
    server.handle((_, res) => resetMidBody(res));
    const client = cueClient(server.url);
    const { data } = await client.GET('/api/device/list', { parseAs: 'stream' });
    expect(data).toBeInstanceOf(ReadableStream);
    await expect(new Response(data).text()).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
  });
});
