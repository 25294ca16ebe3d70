import { afterEach, describe, expect, it, vi } from 'vitest';
import { EchoTimeoutError } from '../src/index.js';
import { cueClient } from './clients.js';
import { armedClock, collectingLogger, guardAgainstLeaks, json, rejection, useTestServer } from './helpers.js';

const server = useTestServer();
guardAgainstLeaks();

const ok = { status_id: 200, message: 'ok', data: {} };
const device = { params: { path: { device_id: 7 } } };
/** Answers after `ms` (the server's timers are cleared after each test). */
const slow = (ms: number) => (_: unknown, res: Parameters<typeof json>[0]) => server.later(ms, () => json(res, 200, ok));

/**
 * The client's timeout timer (and the server's slow answers) run on fake timers: a test moves time only once
 * the server has received the request, so a loaded machine cannot make the timeout fire before the request
 * it is meant to cut ever reaches the server. The network and the runtime's clock stay real.
 */
function fakeTimers(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
}
afterEach(() => {
  vi.useRealTimers();
});

describe('timeouts', () => {
  it('the client timeout ends a slow call with EchoTimeoutError, not a moment before', async () => {
    fakeTimers();
    server.handle(slow(20_000));
    const client = cueClient(server.url, { timeoutMs: 400, retry: false });
    let settled: unknown;
    const call = rejection(client.GET('/api/device/{device_id}', device)).then((error) => (settled = error));
    await server.received(1);
    await vi.advanceTimersByTimeAsync(399);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    const error = (await call) as EchoTimeoutError;
    expect(error).toBeInstanceOf(EchoTimeoutError);
    expect(error.timeoutMs).toBe(400);
    expect(error.operationId).toBe('getDevice');
    expect(server.requests).toHaveLength(1);
  });

  it('a timed-out GET is retried (each attempt gets the timeout), a slow first answer then a fast one succeeds', async () => {
    fakeTimers();
    server.handle((req, res, i) => (i === 0 ? slow(20_000)(req, res) : json(res, 200, ok)));
    const client = cueClient(server.url, { timeoutMs: 400 });
    const call = client.GET('/api/device/{device_id}', device);
    await server.received(1);
    await vi.advanceTimersByTimeAsync(400);
    const { data } = await call;
    expect(data).toEqual(ok);
    expect(server.requests).toHaveLength(2);
  });

  it('a timed-out POST is not retried (the server may have acted on it)', async () => {
    fakeTimers();
    server.handle(slow(20_000));
    const client = cueClient(server.url, { timeoutMs: 400 });
    const call = rejection(client.POST('/api/sms/send', { body: { to: '+1', message: 'x' } }));
    await server.received(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(await call).toBeInstanceOf(EchoTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it('a call can shorten the timeout', async () => {
    fakeTimers();
    server.handle(slow(20_000));
    const client = cueClient(server.url, { timeoutMs: 10_000, retry: false });
    const call = rejection(client.GET('/api/device/{device_id}', { ...device, timeoutMs: 300 }));
    await server.received(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(((await call) as EchoTimeoutError).timeoutMs).toBe(300);
  });

  it('a call can lengthen the timeout', async () => {
    fakeTimers();
    server.handle(slow(400));
    const client = cueClient(server.url, { timeoutMs: 100, retry: false });
    const call = client.GET('/api/device/{device_id}', { ...device, timeoutMs: 2000 });
    await server.received(1);
    // Past the client's 100 ms: only the call's 2000 ms keeps the attempt alive until the server answers at 400.
    await vi.advanceTimersByTimeAsync(400);
    const { data } = await call;
    expect(data).toEqual(ok);
  });

  it('the timeout also covers a body that trickles in too slowly', async () => {
    fakeTimers();
    server.handle((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '200' });
      res.write('{"status_id":');
      server.later(20_000, () => res.end('200}'));
    });
    // Time moves once the client holds the response head: what times out is the body.
    let headers!: () => void;
    const headersIn = new Promise<void>((resolve) => (headers = resolve));
    const watching = async (request: Request) => {
      const response = await fetch(request);
      headers();
      return response;
    };
    const client = cueClient(server.url, { timeoutMs: 400, retry: false, fetch: watching });
    const call = rejection(client.GET('/api/device/{device_id}', device));
    await headersIn;
    await vi.advanceTimersByTimeAsync(400);
    expect(await call).toBeInstanceOf(EchoTimeoutError);
  });

  it('a per-call timeout that is not a positive number is a config error', async () => {
    const client = cueClient(server.url);
    expect(((await rejection(client.GET('/api/device/{device_id}', { ...device, timeoutMs: -5 }))) as Error).message).toMatch(
      /timeoutMs must be a positive number/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

// Each abort lands on an event (the server received the request, the retry wait started), never after a guessed delay.
describe("the caller's AbortSignal", () => {
  it('aborts a call in flight with the signal’s reason', async () => {
    server.handle(slow(20_000));
    const logger = collectingLogger();
    const client = cueClient(server.url, { logger });
    const controller = new AbortController();
    const call = rejection(client.GET('/api/device/{device_id}', { ...device, signal: controller.signal }));
    await server.received(1);
    controller.abort();
    const error = await call;
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(1);
    expect(logger.lines[0]).toContain('aborted by the caller');
  });

  it('aborts a call in flight without any timeout (timeoutMs: false), with the signal’s reason', async () => {
    server.handle(slow(20_000));
    const client = cueClient(server.url, { timeoutMs: false });
    const controller = new AbortController();
    const call = rejection(client.GET('/api/device/{device_id}', { ...device, signal: controller.signal }));
    await server.received(1);
    controller.abort(new Error('user closed the tab'));
    expect(((await call) as Error).message).toBe('user closed the tab');
    expect(server.requests).toHaveLength(1);
  });

  it('stops the wait between retries (no further attempt)', async () => {
    server.handle((_, res) => json(res, 503, {}, { 'Retry-After': '30' }));
    // The real clock: the 30 s wait would time the test out if the signal did not cut it short.
    const clock = armedClock();
    const client = cueClient(server.url, { clock, retry: { maxDelayMs: 60_000 } });
    const controller = new AbortController();
    const call = rejection(client.GET('/api/device/{device_id}', { ...device, signal: controller.signal }));
    expect(await clock.armed).toBe(30_000);
    controller.abort(new Error('user navigated away'));
    expect(((await call) as Error).message).toBe('user navigated away');
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a call whose Request a middleware made with its own signal (client-wide or per call)', async () => {
    server.handle(slow(20_000));
    for (const perCall of [false, true]) {
      const client = cueClient(server.url, { retry: false });
      const controller = new AbortController();
      const middleware = { onRequest: ({ request }: { request: Request }) => new Request(request, { signal: controller.signal }) };
      if (!perCall) client.use(middleware);
      const reason = `cancelled by a middleware's signal (${perCall ? 'per call' : 'client-wide'})`;
      const call = rejection(client.GET('/api/device/{device_id}', { ...device, ...(perCall ? { middleware: [middleware] } : {}) }));
      await server.received(perCall ? 2 : 1);
      controller.abort(new Error(reason));
      expect(((await call) as Error).message).toBe(reason);
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
