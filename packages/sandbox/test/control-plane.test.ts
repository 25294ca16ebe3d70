// The control plane as an attacker and a careless user would try it: anonymous calls, one tenant reaching
// another, a foreign Host (DNS rebinding) or Origin (a web page), a text/plain write, a clock moved beyond
// any date, a bad clock stored by an older sandbox, a non-loopback bind. Each case failed on the old code.
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/sqlite.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createServer, createVendorSandbox, startSandbox } from '../src/index.js';
import { control, raw, sandboxFor } from './helpers.js';

const server = await sandboxFor('echowin');
const alice = { 'X-API-Key': 'key-alice-cp' };
const bob = { 'X-API-Key': 'key-bob-cp' };

/** A request with any headers (fetch cannot set Host); resolves with status, headers and parsed body. */
function http(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('control API access', () => {
  it('refuses anonymous calls and wrong admin tokens with 401, never acting', async () => {
    await raw(server.url, 'POST', '/tags', { headers: alice, body: JSON.stringify({ name: 'Kept' }) });
    expect((await control(server, 'requests', undefined, {})).status).toBe(401);
    expect((await control(server, 'reset', {}, {})).status).toBe(401);
    expect((await control(server, 'clock', { advanceSeconds: 60 }, {})).status).toBe(401);
    const wrong = await control(server, 'reset', {}, { 'X-Sandbox-Admin-Token': 'not-the-token-at-all', ...alice });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain('not-the-token-at-all');
    const tags = (await raw(server.url, 'GET', '/tags', { headers: alice })).body.data.map((t: { name: string }) => t.name);
    expect(tags).toContain('Kept');
  });

  it("scopes a tenant's credentials to that tenant: its log, its reset; naming others, resetting all and the clock are 403", async () => {
    await raw(server.url, 'POST', '/tags', { headers: alice, body: JSON.stringify({ name: 'AliceTag' }) });
    await raw(server.url, 'POST', '/tags', { headers: bob, body: JSON.stringify({ name: 'BobSearch' }) });
    const aliceLog = await control(server, 'requests', undefined, alice);
    expect(aliceLog.status).toBe(200);
    const tenants = new Set(aliceLog.body.requests.map((entry: { tenant: string }) => entry.tenant));
    expect(tenants.size).toBe(1);
    const adminLog = await control(server, 'requests');
    expect(new Set(adminLog.body.requests.map((entry: { tenant: string }) => entry.tenant)).size).toBeGreaterThan(1);

    expect((await control(server, 'reset', { tenant: 'key-bob-cp' }, alice)).status).toBe(403);
    expect((await control(server, 'clock', { advanceSeconds: 60 }, alice)).status).toBe(403);
    expect(await control(server, 'reset', {}, alice)).toMatchObject({ status: 200, body: { reset: 'tenant' } });
    const names = async (headers: Record<string, string>) =>
      (await raw(server.url, 'GET', '/tags', { headers })).body.data.map((t: { name: string }) => t.name);
    expect(await names(alice)).not.toContain('AliceTag');
    expect(await names(bob)).toContain('BobSearch'); // a tenant's reset {} is its own, never everyone's
    expect((await control(server, 'clock', undefined, alice)).status).toBe(200); // reading the time is harmless
  });

  it('never puts the admin token in the request log (a regression guard: headers are never logged)', async () => {
    await raw(server.url, 'GET', '/tags', { headers: { ...alice, 'X-Sandbox-Admin-Token': server.adminToken } });
    expect(JSON.stringify((await control(server, 'requests')).body)).not.toContain(server.adminToken);
  });
});

describe('request guard', () => {
  const admin = () => ({ 'X-Sandbox-Admin-Token': server.adminToken });

  it('answers a foreign Host (DNS rebinding) with 403, in the vendor envelope on the vendor API', async () => {
    const port = new URL(server.url).port;
    const vendor = await http('/tags', { headers: { ...alice, host: `rebind.attacker.test:${port}` } });
    expect(vendor.status).toBe(403);
    expect(vendor.body).toEqual({ error: expect.stringMatching(/Host .* is not allowed/), details: [] }); // echowin's envelope
    expect((await http('/__sandbox/requests', { headers: { ...admin(), host: `rebind.attacker.test:${port}` } })).status).toBe(403);
    for (const host of [`localhost:${port}`, `app.localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `192.0.2.7:${port}`])
      expect((await http('/tags', { headers: { ...alice, host } })).status, host).toBe(200);
    server.sandbox.responseViolations?.splice(0); // a 403 from the guard is not an operation's answer
  });

  it('accepts the host names --allowed-hosts names, subdomains with a leading dot', async () => {
    const sandbox = createVendorSandbox({ vendor: 'echowin' });
    const app = createServer(sandbox, { allowedHosts: ['sandbox.internal.test', '.dev.test'] });
    try {
      const status = async (host: string) => (await app.inject({ method: 'GET', url: '/tags', headers: { host, ...alice } })).statusCode;
      expect(await status('sandbox.internal.test')).toBe(200);
      expect(await status('a.dev.test:4022')).toBe(200);
      expect(await status('other.test')).toBe(403);
    } finally {
      await app.close();
      sandbox.store.close();
    }
  });

  it('refuses cross-origin control calls, CORS preflights and text/plain writes (what any web page can send)', async () => {
    const form = await http('/__sandbox/reset', {
      method: 'POST',
      headers: { ...admin(), origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(403);
    const plain = await http('/__sandbox/reset', { method: 'POST', headers: { ...admin(), 'content-type': 'text/plain' }, body: '{}' });
    expect(plain).toMatchObject({ status: 415, body: { error: expect.stringContaining('application/json') } });
    const none = await http('/__sandbox/clock', { method: 'POST', headers: admin(), body: '{"advanceSeconds":1}' });
    expect(none.status).toBe(415);
    const preflight = await http('/__sandbox/reset', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const sameOrigin = await http('/__sandbox/clock', { headers: { ...admin(), origin: server.url } });
    expect(sameOrigin.status).toBe(200);
  });
});

describe('virtual clock bounds', () => {
  it('refuses an advance beyond ten years, or not a finite number; the API keeps answering', async () => {
    for (const advanceSeconds of [1e13, 1e308, 315_576_001, -1, '60', null])
      expect((await control(server, 'clock', { advanceSeconds })).status, String(advanceSeconds)).toBe(400);
    for (const body of [null, [], 5, '"x"']) {
      expect((await control(server, 'clock', body)).status, JSON.stringify(body)).toBe(400);
      expect((await control(server, 'reset', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await raw(server.url, 'GET', '/tags', { headers: alice })).status).toBe(200);
    expect((await control(server, 'clock', { advanceSeconds: 315_576_000 })).status).toBe(200);
    expect((await raw(server.url, 'GET', '/tags', { headers: alice })).status).toBe(200);
  });
});

describe('stored state that fails validation', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'echo-sandbox-clock-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resets a stored clock offset of Infinity, NaN or beyond any date, says so on stderr, and answers 200', async () => {
    for (const stored of ['Infinity', 'NaN', '1e300', 'garbage']) {
      const first = await startSandbox({ vendor: 'echowin', port: 0, ticker: false, dataDir });
      await first.close();
      const db = openDatabase(join(dataDir, 'echowin.sqlite'));
      db.prepare("INSERT INTO meta (key, value) VALUES ('clockOffsetMs', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(stored);
      db.close();
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const second = await startSandbox({ vendor: 'echowin', port: 0, ticker: false, dataDir });
      try {
        expect(errors.mock.calls.flat().join('\n'), stored).toMatch(/stored virtual clock offset .* is invalid; the clock is reset/);
        expect((await raw(second.url, 'GET', '/tags', { headers: alice })).status, stored).toBe(200);
        const now = await control(second, 'clock');
        expect(Math.abs(Date.parse(now.body.now) - Date.now())).toBeLessThan(60_000);
      } finally {
        errors.mockRestore();
        await second.close();
      }
    }
  });
});

describe('binding and the admin token', () => {
  it('refuses a non-loopback host without expose, and a weak admin token', async () => {
    await expect(startSandbox({ vendor: 'echowin', port: 0, host: '0.0.0.0' })).rejects.toThrow(/not a loopback address.*--expose/);
    await expect(startSandbox({ vendor: 'echowin', port: 0, adminToken: 'short' })).rejects.toThrow(/16 to 256 printable/);
  });

  it('takes only the admin token on control calls when exposed', async () => {
    const sandbox = createVendorSandbox({ vendor: 'echowin' });
    const app = createServer(sandbox, { adminToken: 'exposed-admin-token-123', adminOnly: true });
    try {
      const get = (headers: Record<string, string>) =>
        app.inject({ method: 'GET', url: '/__sandbox/requests', headers: { host: '127.0.0.1', ...headers } });
      expect((await get(alice)).statusCode).toBe(401);
      expect((await get({ 'X-Sandbox-Admin-Token': 'exposed-admin-token-123' })).statusCode).toBe(200);
    } finally {
      await app.close();
      sandbox.store.close();
    }
  });
});
