import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { systemClock } from '../src/clock.js';
import type { Clock, Logger } from '../src/index.js';
import { SECRETS } from './fixtures.js';

/** A request as the test server saw it. */
export interface Seen {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: Seen, response: ServerResponse, index: number) => void;

/** A real node:http server on 127.0.0.1 whose behaviour each test sets with `handle()`. */
export interface TestServer {
  url: string;
  requests: Seen[];
  handle(handler: Handler): void;
  /** Runs `fn` after `ms` unless the server closes first (slow responses). */
  later(ms: number, fn: () => void): void;
  /**
   * Resolves once the server has received `count` requests in this test: the event a test waits for before it
   * aborts or times out a call, so the abort never lands before the request it means to cut. Fails after 10 s
   * (real time, even under fake timers) naming how many arrived.
   */
  received(count: number): Promise<void>;
}

/** The real setTimeout, kept before any test fakes the global one. */
const realSetTimeout = globalThis.setTimeout;

/** Starts one server for the file (beforeAll), resets its handler and log per test, closes it afterwards. */
export function useTestServer(): TestServer {
  const timers = new Set<NodeJS.Timeout>();
  let handler: Handler = (_, response) => json(response, 404, { message: 'no handler' });
  let waiters: { count: number; resolve: () => void }[] = [];
  const state: TestServer = {
    url: '',
    requests: [],
    handle(next) {
      handler = next;
    },
    later(ms, fn) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
    received(count) {
      if (state.requests.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter = { count, resolve };
        waiters.push(waiter);
        realSetTimeout(() => {
          if (!waiters.includes(waiter)) return;
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`the test server received ${state.requests.length} of ${count} request(s) within 10 s`));
        }, 10_000).unref();
      });
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const seen: Seen = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      state.requests.push(seen);
      for (const waiter of waiters.filter((w) => state.requests.length >= w.count)) waiter.resolve();
      waiters = waiters.filter((w) => state.requests.length < w.count);
      // A client that gave up (timeout, abort) closes the socket; the handler may still try to write.
      response.on('error', () => undefined);
      handler(seen, response, state.requests.length - 1);
    });
  });
  // Idle keep-alive sockets stay open for the whole file: closing them between tests would make the
  // client's next POST hit a dead pooled socket (EPIPE), which the runtime rightly does not retry.
  server.keepAliveTimeout = 60_000;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    state.requests = [];
    waiters = [];
    handler = (_, response) => json(response, 404, { message: 'no handler' });
  });
  afterEach(() => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return state;
}

/** Writes a JSON answer. */
export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

/** Writes any text answer. */
export function text(response: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  response.end(body);
}

/** Sends the headers and part of the body, then resets the connection. */
export function resetMidBody(response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
  response.write('{"data": [1, 2, ');
  setImmediate(() => response.socket?.destroy());
}

/** A clock whose sleeps return at once and move time forward; records every wait asked for. */
export interface FakeClock extends Clock {
  sleeps: number[];
  advance(ms: number): void;
}

/** 2025-01-01T00:00:00Z: a whole second, so HTTP dates (second precision) compute exactly. */
export const T0 = Date.UTC(2025, 0, 1);

export function fakeClock(start = T0): FakeClock {
  let now = start;
  const clock: FakeClock = {
    sleeps: [],
    now: () => now,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      clock.sleeps.push(ms);
      // Time moves once everything already scheduled has run, as it would while really waiting.
      return new Promise<void>((resolve, reject) =>
        setImmediate(() => {
          if (signal?.aborted) return reject(signal.reason);
          now += Math.max(0, ms);
          resolve();
        }),
      );
    },
    advance(ms) {
      now += ms;
    },
  };
  return clock;
}

/**
 * The real clock, plus the moment it starts a wait: `armed` resolves with the length of the first wait, so a
 * test can act while the runtime really sleeps (between retries) instead of guessing when that is.
 */
export function armedClock(): Clock & { armed: Promise<number> } {
  let arm!: (ms: number) => void;
  const armed = new Promise<number>((resolve) => (arm = resolve));
  return {
    armed,
    now: () => systemClock.now(),
    sleep(ms, signal) {
      const sleeping = systemClock.sleep(ms, signal);
      arm(ms);
      return sleeping;
    },
  };
}

/** Deterministic jitter for retry tests. */
export const noJitter = (): number => 0;

// ---- leak check -------------------------------------------------------------------------------------------

const written: string[] = [];

/** Records text the runtime produced (error messages, log lines) for the leak check. */
export function collect(...texts: unknown[]): void {
  for (const value of texts) written.push(typeof value === 'string' ? value : String(value));
}

/** Records every way an error can be printed: message, String(), JSON.stringify(), stack, and its causes. */
export function collectError(error: unknown, depth = 0): void {
  if (depth > 5) return;
  if (error instanceof Error) {
    collect(error.message, String(error), JSON.stringify(error), error.stack ?? '', JSON.stringify(Object.assign({}, error)));
    if (error.cause !== undefined) collectError(error.cause, depth + 1);
  } else {
    collect(String(error), JSON.stringify(error) ?? '');
  }
}

/** Awaits a promise that must reject, records the error for the leak check, and returns it. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    collectError(error);
    return error;
  }
  throw new Error('expected the call to reject');
}

/** Runs a function that must throw, records the error for the leak check, and returns it. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    collectError(error);
    return error;
  }
  throw new Error('expected a throw');
}

/** A logger that keeps every line (and entry) and records them for the leak check. */
export function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = ((line, entry) => {
    lines.push(line);
    collect(line, JSON.stringify(entry));
  }) as Logger & { lines: string[] };
  logger.lines = lines;
  return logger;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Every form a secret could leak in: raw, URL-encoded, base64. */
export function secretForms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+'), base64(secret)])];
}

/** The names of test secrets found in the texts (all collected text by default). */
export function findLeaks(texts: readonly string[] = written): string[] {
  const all = texts.join('\n');
  return Object.entries(SECRETS)
    .filter(([, secret]) => secretForms(secret).some((form) => all.includes(form)))
    .map(([name]) => name);
}

/** How much text the leak check has seen (so a test can show it checked something). */
export function collectedCount(): number {
  return written.length;
}

/** Fails the file if anything the runtime wrote in it carried a test secret. */
export function guardAgainstLeaks(): void {
  afterAll(() => {
    expect(findLeaks(), 'a test secret appeared in an error or a log line').toEqual([]);
  });
}
