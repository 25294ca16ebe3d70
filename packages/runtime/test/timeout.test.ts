import { describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { EchoTimeoutError } from '../src/index.js';
import { cueClient } from './clients.js';
import { collectingLogger, guardAgainstLeaks, json, rejection, useTestServer } from './helpers.js';

const server = useTestServer();
guardAgainstLeaks();

const ok = { status_id: 200, message: 'ok', data: {} };
const device = { params: { path: { device_id: 7 } } };
/**
 * Answers after `ms` (the server's timers are cleared after each test). Timeouts here are hundreds of ms,
 * not tens, so a loaded CI machine still delivers each request before the client gives up on it.
 */
const slow = (ms: number) => (_: unknown, res: Parameters<typeof json>[0]) => server.later(ms, () => json(res, 200, ok));

describe('timeouts', () => {
  it('the client timeout ends a slow call with EchoTimeoutError', async () => {
    server.handle(slow(20_000));
    const client = cueClient(server.url, { timeoutMs: 400, retry: false });
    const error = (await rejection(client.GET('/api/device/{device_id}', device))) as EchoTimeoutError;
    expect(error).toBeInstanceOf(EchoTimeoutError);
    expect(error.timeoutMs).toBe(400);
    expect(error.operationId).toBe('getDevice');
    expect(server.requests).toHaveLength(1);
  });

  it('a timed-out GET is retried (each attempt gets the timeout), a slow first answer then a fast one succeeds', async () => {
    server.handle((req, res, i) => (i === 0 ? slow(20_000)(req, res) : json(res, 200, ok)));
    const client = cueClient(server.url, { timeoutMs: 400 });
    const { data } = await client.GET('/api/device/{device_id}', device);
    expect(data).toEqual(ok);
    expect(server.requests).toHaveLength(2);
  });

  it('a timed-out POST is not retried (the server may have acted on it)', async () => {
    server.handle(slow(20_000));
    const client = cueClient(server.url, { timeoutMs: 400 });
    const error = await rejection(client.POST('/api/sms/send', { body: { to: '+1', message: 'x' } }));
    expect(error).toBeInstanceOf(EchoTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it('a call can shorten the timeout', async () => {
    server.handle(slow(20_000));
    const client = cueClient(server.url, { timeoutMs: 10_000, retry: false });
    const error = (await rejection(client.GET('/api/device/{device_id}', { ...device, timeoutMs: 300 }))) as EchoTimeoutError;
    expect(error.timeoutMs).toBe(300);
  });

  it('a call can lengthen the timeout', async () => {
    server.handle(slow(400));
    const client = cueClient(server.url, { timeoutMs: 100, retry: false });
    const { data } = await client.GET('/api/device/{device_id}', { ...device, timeoutMs: 2000 });
    expect(data).toEqual(ok);
  });

  it('the timeout also covers a body that trickles in too slowly', async () => {
    server.handle((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '200' });
      res.write('{"status_id":');
      server.later(20_000, () => res.end('200}'));
    });
    const client = cueClient(server.url, { timeoutMs: 400, retry: false });
    expect(await rejection(client.GET('/api/device/{device_id}', device))).toBeInstanceOf(EchoTimeoutError);
  });

  it('a per-call timeout that is not a positive number is a config error', async () => {
    const client = cueClient(server.url);
    expect(((await rejection(client.GET('/api/device/{device_id}', { ...device, timeoutMs: -5 }))) as Error).message).toMatch(
      /timeoutMs must be a positive number/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("the caller's AbortSignal", () => {
  it('aborts a call in flight with the signal’s reason', async () => {
    server.handle(slow(20_000));
    const logger = collectingLogger();
    const client = cueClient(server.url, { logger });
    const controller = new AbortController();
    server.later(30, () => controller.abort());
    const error = await rejection(client.GET('/api/device/{device_id}', { ...device, signal: controller.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
    expect(logger.lines[0]).toContain('aborted by the caller');
  });

  it('aborts a call in flight without any timeout (timeoutMs: false), with the signal’s reason', async () => {
    server.handle(slow(20_000));
    const client = cueClient(server.url, { timeoutMs: false });
    const controller = new AbortController();
    server.later(30, () => controller.abort(new Error('user closed the tab')));
    const error = await rejection(client.GET('/api/device/{device_id}', { ...device, signal: controller.signal }));
    expect((error as Error).message).toBe('user closed the tab');
    expect(server.requests).toHaveLength(1);
  });

  it('stops the wait between retries (no further attempt)', async () => {
    server.handle((_, res) => json(res, 503, {}, { 'Retry-After': '30' }));
    // The real clock: the 30 s wait would time the test out if the signal did not cut it short.
    const client = cueClient(server.url, { clock: systemClock, retry: { maxDelayMs: 60_000 } });
    const controller = new AbortController();
    const call = client.GET('/api/device/{device_id}', { ...device, signal: controller.signal });
    server.later(50, () => controller.abort(new Error('user navigated away')));
    const error = await rejection(call);
    expect((error as Error).message).toBe('user navigated away');
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a call whose Request a middleware made with its own signal (client-wide or per call)', async () => {
    server.handle(slow(20_000));
    for (const perCall of [false, true]) {
      const client = cueClient(server.url, { retry: false });
      const controller = new AbortController();
      const middleware = { onRequest: ({ request }: { request: Request }) => new Request(request, { signal: controller.signal }) };
      if (!perCall) client.use(middleware);
      server.later(30, () => controller.abort(new Error(`cancelled by a middleware's signal (${perCall ? 'per call' : 'client-wide'})`)));
      const call = client.GET('/api/device/{device_id}', { ...device, ...(perCall ? { middleware: [middleware] } : {}) });
      expect(((await rejection(call)) as Error).message).toBe(`cancelled by a middleware's signal (${perCall ? 'per call' : 'client-wide'})`);
    }
    expect(server.requests).toHaveLength(2);
  });

  it('an already-aborted signal sends nothing', async () => {
    const client = cueClient(server.url);
    const error = await rejection(client.GET('/api/device/{device_id}', { ...device, signal: AbortSignal.abort() }));
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });
});

describe('the default timeout', () => {
  it('is 30 s per attempt when the client sets none', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      // A fetch that never answers until its signal aborts.
      const hanging = (request: Request) =>
        new Promise<Response>((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }));
      const client = cueClient('http://127.0.0.1:9', { fetch: hanging, retry: false });
      let settled: unknown;
      const call = client.GET('/api/device/{device_id}', device).then(
        () => (settled = 'resolved'),
        (error: unknown) => (settled = error),
      );
      await vi.advanceTimersByTimeAsync(29_999);
      expect(settled).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await call;
      expect(settled).toBeInstanceOf(EchoTimeoutError);
      expect((settled as EchoTimeoutError).timeoutMs).toBe(30_000);
    } finally {
      vi.useRealTimers();
    }
  });
});
