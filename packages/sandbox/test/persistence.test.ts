import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../src/index.js';
import { availableDrivers, openDatabase, SQLITE_DRIVER_ENV, type SqliteDriver } from '../src/sqlite.js';
import { raw } from './helpers.js';

// `node --import tsx`, not tsx's CLI: one process, so SIGKILL hits the server itself (tsx's CLI runs it in a
// child that a kill -9 of the wrapper would orphan, still serving).
const tsx = ['--import', createRequire(import.meta.url).resolve('tsx')];
const cli = new URL('../src/cli.ts', import.meta.url).pathname;
const ADMIN_TOKEN = 'persistence-test-admin-token';
const children: ChildProcess[] = [];
const dataDirs: string[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

// Every SQLite driver that loads here: node:sqlite on Node 22.13+, better-sqlite3 where it is installed and built
// for this Node (the repo's Node 20; CI's install on each line). Both behind one interface, so both are proven.
const drivers = availableDrivers();
it('has at least one SQLite driver to test', () => expect(drivers.length).toBeGreaterThan(0));

/** `echo-sandbox --vendor echowin --port 0 --data-dir DIR` as a real process on `driver`; resolves with its URL. */
function start(dataDir: string, driver: SqliteDriver): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...tsx, cli, '--vendor', 'echowin', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, [SQLITE_DRIVER_ENV]: driver, ECHO_SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve({ child, url });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`echo-sandbox exited (${code}) before listening:\n${output}`)));
  });
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

const headers = { 'X-API-Key': 'key-durable' };
const admin = { 'X-Sandbox-Admin-Token': ADMIN_TOKEN };

describe.each(drivers)('--data-dir on %s', (driver) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'echo-sandbox-'));
  dataDirs.push(dataDir);

  it('keeps an answered write through kill -9 and a restart', async () => {
    const first = await start(dataDir, driver);
    const created = await raw(first.url, 'POST', '/contacts', { headers, body: JSON.stringify({ firstName: 'Durable', number: '+15550009999' }) });
    expect(created.status).toBe(201);
    await raw(first.url, 'POST', '/__sandbox/clock', { headers: admin, body: JSON.stringify({ advanceSeconds: 3600 }) });
    const clock = (await raw(first.url, 'GET', '/__sandbox/clock', { headers: admin })).body.now as string;
    // Killed right after the answer: no shutdown hook runs.
    await killed(first.child, 'SIGKILL');

    const second = await start(dataDir, driver);
    const read = await raw(second.url, 'GET', `/contacts/${created.body.data.id}`, { headers });
    expect(read).toMatchObject({ status: 200, body: { data: { firstName: 'Durable' } } });
    // The virtual clock survives too (it never goes back).
    expect(Date.parse((await raw(second.url, 'GET', '/__sandbox/clock', { headers: admin })).body.now)).toBeGreaterThanOrEqual(Date.parse(clock));
    await killed(second.child, 'SIGTERM');
  }, 120_000); // two cold starts of a real process, on a loaded 2-core CI machine

  it('applies each migration once, in order, and records it', () => {
    const db = openDatabase(join(dataDir, 'echowin.sqlite'), { driver });
    expect(db.driver).toBe(driver);
    expect(migrate(db)).toEqual([]);
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    expect(applied.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.pragma('journal_mode')).toBe('wal');
    db.close();
    const fresh = openDatabase(':memory:', { driver });
    expect(migrate(fresh)).toEqual(MIGRATIONS.map((m) => m.version));
    fresh.close();
  });
});

describe('echo-sandbox', () => {
  it('refuses bad options with a message', async () => {
    const child = spawn(process.execPath, [...tsx, cli, '--vendor', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Unknown vendor "nope". Known vendors: echocue, echocomm, echowin, userecho');
  });
});
