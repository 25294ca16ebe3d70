import { afterAll, afterEach, expect } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';

/**
 * A vendor's sandbox on a free port for the tests of one file, checking every answer it gives against the
 * spec: after each test the recorded response violations must be empty.
 */
export async function sandboxFor(vendor: string, options: { dataDir?: string } = {}): Promise<RunningSandbox> {
  const running = await startSandbox({ vendor, port: 0, ticker: false, ...options });
  running.sandbox.responseViolations = [];
  afterEach(() => {
    const violations = running.sandbox.responseViolations!.splice(0);
    expect(violations, 'every answer validates against the spec').toEqual([]);
  });
  afterAll(() => running.close());
  return running;
}

/** A raw request (for what the typed clients cannot send: malformed JSON, missing credentials). */
export async function raw(base: string, method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}) {
  const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...init.headers }, body: init.body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/**
 * A raw control call as the admin (the running sandbox's admin token), or with `headers` instead (a tenant's
 * credentials): for what the typed client (`running.control`) cannot send or would refuse first (missing or
 * wrong credentials, bodies that break the schema) and for checking answers byte for byte against the spec.
 */
export async function control(running: Pick<RunningSandbox, 'url' | 'adminToken'>, path: string, body?: unknown, headers?: Record<string, string>) {
  return raw(running.url, body === undefined ? 'GET' : 'POST', `/__sandbox/${path}`, {
    headers: headers ?? { 'X-Sandbox-Admin-Token': running.adminToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Holds the sandbox's virtual clock still while `work` runs (advancing it still works), so a burst of requests
 * cannot straddle a rate-limit window boundary of the real clock.
 */
export async function withFrozenClock<T>(running: RunningSandbox, work: () => Promise<T>): Promise<T> {
  const sandbox = running.sandbox;
  const now = sandbox.now;
  let frozen = now.call(sandbox);
  const advance = sandbox.advanceClock;
  sandbox.now = () => frozen;
  sandbox.advanceClock = (seconds: number) => (frozen += seconds * 1000);
  try {
    return await work();
  } finally {
    sandbox.now = now;
    sandbox.advanceClock = advance;
  }
}
