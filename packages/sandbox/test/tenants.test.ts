import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RateLimiter, type RunningSandbox, startSandbox, tenantId } from '../src/index.js';
import { control, raw } from './helpers.js';

/** Tenants are stored only when they write, up to a cap; EchoCue's key and secret name one tenant unambiguously. */
const dataDir = mkdtempSync(join(tmpdir(), 'echo-sandbox-tenants-'));
const running: RunningSandbox[] = [];
afterAll(async () => {
  await Promise.all(running.map((server) => server.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(vendor: string, options: Omit<Parameters<typeof startSandbox>[0], 'vendor'> = {}): Promise<RunningSandbox> {
  const server = await startSandbox({ vendor, port: 0, ticker: false, rateLimits: false, ...options });
  running.push(server);
  return server;
}

/** Rows stored for tenants (the seed every tenant starts from is not one). */
function storedTenantRows(server: RunningSandbox): { tenants: number; records: number } {
  const db = server.sandbox.store.db;
  return {
    tenants: (db.prepare('SELECT COUNT(*) AS n FROM tenants').get() as { n: number }).n,
    records: (db.prepare("SELECT COUNT(*) AS n FROM records WHERE tenant != 'seed'").get() as { n: number }).n,
  };
}

describe('tenants are stored on their first write only', () => {
  it('1,000 reads with new keys store nothing, on disk, and answer the seed', async () => {
    const server = await start('echowin', { dataDir: join(dataDir, 'reads') });
    const seeded = await raw(server.url, 'GET', '/contacts', { headers: { 'X-API-Key': 'key-read-0' } });
    expect(seeded.status).toBe(200);
    expect(seeded.body.data.length).toBeGreaterThan(0);
    for (let batch = 0; batch < 100; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => raw(server.url, 'GET', '/contacts', { headers: { 'X-API-Key': `key-read-${batch * 10 + i}` } })),
      );
      for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: { data: seeded.body.data } });
    }
    expect(storedTenantRows(server)).toEqual({ tenants: 0, records: 0 });
    expect(server.sandbox.tenants()).toEqual([]);

    // The first write stores the tenant, seed included; its neighbours still read the seed.
    const created = await raw(server.url, 'POST', '/contacts', {
      headers: { 'X-API-Key': 'key-read-7' },
      body: JSON.stringify({ firstName: 'Writer', number: '+15550005555' }),
    });
    expect(created.status).toBe(201);
    expect(server.sandbox.tenants()).toEqual([tenantId('key-read-7')]);
    const own = await raw(server.url, 'GET', '/contacts?limit=100', { headers: { 'X-API-Key': 'key-read-7' } });
    expect(own.body.data).toHaveLength(seeded.body.data.length + 1);
    const other = await raw(server.url, 'GET', '/contacts?limit=100', { headers: { 'X-API-Key': 'key-read-8' } });
    expect(other.body.data).toEqual(seeded.body.data);
  }, 120_000);

  it('refuses a new tenant beyond the cap with 507 in the envelope; reads still answer; a reset frees a place', async () => {
    const server = await start('echowin', { limits: { maxTenants: 2 } });
    let tags = 0;
    const write = (key: string) =>
      raw(server.url, 'POST', '/tags', { headers: { 'X-API-Key': key }, body: JSON.stringify({ name: `Tag ${++tags}` }) });
    expect((await write('key-cap-1')).status).toBe(201);
    expect((await write('key-cap-2')).status).toBe(201);
    const refused = await write('key-cap-3');
    expect(refused.status).toBe(507);
    expect(refused.body).toEqual(server.sandbox.errorReply(undefined, 507, refused.body.error).body);
    expect(refused.body.error).toMatch(/holds 2 tenants, its limit/);
    expect(storedTenantRows(server).tenants).toBe(2);
    // Stored tenants keep writing; the refused one still reads the seed.
    expect((await write('key-cap-1')).status).toBe(201);
    expect((await raw(server.url, 'GET', '/tags', { headers: { 'X-API-Key': 'key-cap-3' } })).status).toBe(200);
    expect((await control(server, 'reset', { tenant: 'key-cap-2' })).status).toBe(200);
    expect((await write('key-cap-3')).status).toBe(201);
  });

  it('answers 507 in the envelope when the in-memory store is full, and a reset empties it', async () => {
    const server = await start('echowin', { limits: { maxMemoryBytes: 512 * 1024 } });
    const note = 'n'.repeat(4000);
    let full: Awaited<ReturnType<typeof raw>> | undefined;
    for (let i = 0; i < 1000 && !full; i++) {
      const answer = await raw(server.url, 'POST', '/contacts', {
        headers: { 'X-API-Key': 'key-full' },
        body: JSON.stringify({ firstName: note, number: `+1555${String(i).padStart(7, '0')}` }),
      });
      if (answer.status !== 201) full = answer;
    }
    expect(full?.status).toBe(507);
    expect(full?.body).toEqual(server.sandbox.errorReply(undefined, 507, full?.body.error).body);
    expect(full?.body.error).toMatch(/in-memory store is full/);
    expect((await raw(server.url, 'GET', '/contacts', { headers: { 'X-API-Key': 'key-full' } })).status).toBe(200);
    expect((await control(server, 'reset', {})).status).toBe(200);
    const again = await raw(server.url, 'POST', '/contacts', {
      headers: { 'X-API-Key': 'key-full' },
      body: JSON.stringify({ firstName: 'Again', number: '+15550006666' }),
    });
    expect(again.status).toBe(201);
  }, 120_000);
});

describe('EchoCue: key and secret name one tenant, unambiguously', () => {
  const headers = (key: string, secret: string) => ({ Authorization: `Bearer ${key}`, 'X-API-SECRET': secret });
  const create = (server: RunningSandbox, key: string, secret: string, name: string) =>
    raw(server.url, 'POST', '/api/contact/create', { headers: headers(key, secret), body: JSON.stringify({ name, phone: '+14155550100' }) });
  const names = async (server: RunningSandbox, key: string, secret: string) =>
    ((await raw(server.url, 'GET', '/api/contact/list?limit=100', { headers: headers(key, secret) })).body.data.contacts as { name: string }[]).map(
      (contact) => contact.name,
    );

  it('("a:b", "c") and ("a", "b:c") are two tenants', async () => {
    const server = await start('echocue');
    expect((await create(server, 'a:b', 'c', 'Mine')).status).toBe(200);
    expect(await names(server, 'a:b', 'c')).toContain('Mine');
    expect(await names(server, 'a', 'b:c')).not.toContain('Mine');
    expect(server.sandbox.tenants()).toHaveLength(1);
  });

  it('keeps data stored under the old key:secret id (where unambiguous), and resets by key:secret', async () => {
    const dir = join(dataDir, 'legacy');
    const first = await start('echocue', { dataDir: dir });
    // Stored as the previous release did: under the hash of `key:secret`.
    const legacy = first.sandbox.records(tenantId('key-old:secret-old'));
    legacy.insert('contacts', 'legacy-1', { id: 'legacy-1', name: 'From before', phone: '+14155550101' });
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await start('echocue', { dataDir: dir });
    expect(await names(second, 'key-old', 'secret-old')).toContain('From before');
    expect(second.sandbox.tenants()).toEqual([second.sandbox.tenantOfCredentials(['key-old', 'secret-old'])]);
    expect((await control(second, 'reset', { tenant: 'key-old:secret-old' })).status).toBe(200);
    expect(await names(second, 'key-old', 'secret-old')).not.toContain('From before');
    expect(second.sandbox.tenants()).toEqual([]);
  });
});

describe('the rate limiter', () => {
  it("forgets the oldest tenant's window beyond 10,000 tenants instead of growing", () => {
    const limiter = new RateLimiter([{ limit: 5, windowSeconds: 60 }]);
    const now = 0;
    expect(limiter.take('first', now).remaining).toBe(4);
    expect(limiter.take('first', now).remaining).toBe(3);
    for (let i = 0; i < 10_000; i++) limiter.take(`flood-${i}`, now);
    // Forgotten: a fresh window (a newer tenant keeps its count).
    expect(limiter.take('first', now).remaining).toBe(4);
    expect(limiter.take(`flood-${10_000 - 1}`, now).remaining).toBe(3);
  });
});
