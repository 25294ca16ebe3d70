// The storage interface both SQLite drivers sit behind (src/sqlite.ts), checked on every driver that loads here.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_TENANT, Store } from '../src/index.js';
import { availableDrivers, openDatabase, SQLITE_DRIVER_ENV, SQLITE_DRIVERS, type SqliteDatabase } from '../src/sqlite.js';

const drivers = availableDrivers();
const missing = SQLITE_DRIVERS.filter((driver) => !drivers.includes(driver));
const opened: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function memory(driver: (typeof drivers)[number]): SqliteDatabase {
  const db = openDatabase(':memory:', { driver });
  opened.push(db);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  return db;
}

const names = (db: SqliteDatabase) => (db.prepare('SELECT name FROM t ORDER BY id').all() as { name: string }[]).map((row) => row.name);

it('the default driver is node:sqlite from Node 22.13 (where it is unflagged), else better-sqlite3', () => {
  const db = openDatabase(':memory:');
  opened.push(db);
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const builtIn = major > 22 || (major === 22 && minor >= 13);
  expect(db.driver).toBe(process.env[SQLITE_DRIVER_ENV] || (builtIn ? 'node:sqlite' : 'better-sqlite3'));
});

describe.each(drivers)('%s', (driver) => {
  it('runs statements: run counts changes, get answers one row or undefined, all answers rows', () => {
    const db = memory(driver);
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    expect(insert.run('a').changes).toBe(1);
    insert.run('b');
    expect(db.prepare('SELECT name FROM t WHERE id = ?').get(2)).toEqual({ name: 'b' });
    expect(db.prepare('SELECT name FROM t WHERE id = ?').get(99)).toBeUndefined();
    expect(names(db)).toEqual(['a', 'b']);
    expect(db.prepare('DELETE FROM t').run().changes).toBe(2);
  });

  it('commits a transaction that returns and rolls back one that throws', () => {
    const db = memory(driver);
    expect(db.transaction(() => db.prepare("INSERT INTO t (name) VALUES ('kept')").run() && 'result')).toBe('result');
    expect(() =>
      db.transaction(() => {
        db.prepare("INSERT INTO t (name) VALUES ('lost')").run();
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(names(db)).toEqual(['kept']);
  });

  it('nests transactions as savepoints: an inner failure undoes only the inner work', () => {
    const db = memory(driver);
    db.transaction(() => {
      db.prepare("INSERT INTO t (name) VALUES ('outer')").run();
      expect(() =>
        db.transaction(() => {
          db.prepare("INSERT INTO t (name) VALUES ('inner')").run();
          throw new Error('inner');
        }),
      ).toThrow('inner');
      db.transaction(() => db.prepare("INSERT INTO t (name) VALUES ('second inner')").run());
    });
    expect(names(db)).toEqual(['outer', 'second inner']);
    // And the connection is out of every transaction: a new one can begin.
    db.transaction(() => db.prepare("INSERT INTO t (name) VALUES ('after')").run());
    expect(names(db)).toEqual(['outer', 'second inner', 'after']);
  });

  it('answers a pragma with its value and knows when it is closed', () => {
    const db = openDatabase(':memory:', { driver });
    expect(db.pragma('foreign_keys = ON')).toBeUndefined();
    expect(db.pragma('foreign_keys')).toBe(1);
    expect(db.open).toBe(true);
    db.close();
    expect(db.open).toBe(false);
  });

  it('keeps the store working: records, values and an atomic seed', () => {
    const store = new Store({ name: 'test', driver });
    expect(store.db.driver).toBe(driver);
    store.insert('tenant', 'contacts', { id: 'c1', parent: null, body: { name: 'Ada' } });
    store.setValue('tenant', 'counter', 3);
    expect(store.get('tenant', 'contacts', 'c1')).toEqual({ id: 'c1', parent: null, body: { name: 'Ada' } });
    expect(store.value('tenant', 'counter')).toBe(3);
    // A seed that fails halfway leaves the previous seed whole (one transaction on every driver).
    store.replaceSeed(() => store.insert(SEED_TENANT, 'contacts', { id: 'seeded', parent: null, body: {} }));
    expect(() =>
      store.replaceSeed(() => {
        store.insert(SEED_TENANT, 'contacts', { id: 'half', parent: null, body: {} });
        throw new Error('seed failed');
      }),
    ).toThrow('seed failed');
    expect(store.list(SEED_TENANT, 'contacts').map((record) => record.id)).toEqual(['seeded']);
    store.materialise('other', 10);
    expect(store.list('other', 'contacts').map((record) => record.id)).toEqual(['seeded']);
    store.close();
  });
});

for (const driver of missing) {
  it(`${driver}, where it does not load, fails with a message that says what to do`, () => {
    expect(() => openDatabase(':memory:', { driver })).toThrow(
      driver === 'node:sqlite' ? /Node 22\.13 or later.*better-sqlite3/ : /npm install better-sqlite3@12|npm rebuild better-sqlite3/,
    );
  });
}

it(`refuses an unknown ${SQLITE_DRIVER_ENV} with the drivers it knows`, () => {
  const saved = process.env[SQLITE_DRIVER_ENV];
  process.env[SQLITE_DRIVER_ENV] = 'sqlite4';
  try {
    expect(() => openDatabase(':memory:')).toThrow(`${SQLITE_DRIVER_ENV}=sqlite4 is not a SQLite driver; use one of: node:sqlite, better-sqlite3`);
  } finally {
    if (saved === undefined) delete process.env[SQLITE_DRIVER_ENV];
    else process.env[SQLITE_DRIVER_ENV] = saved;
  }
});

// Node 22 prints "ExperimentalWarning: SQLite is an experimental feature" when node:sqlite loads; the sandbox
// drops that one warning (24 and 26 print none) and no other.
it.runIf(drivers.includes('node:sqlite'))('prints no node:sqlite ExperimentalWarning, and still prints other warnings', async () => {
  const script = [
    `const { openDatabase } = await import(${JSON.stringify(new URL('../src/sqlite.ts', import.meta.url).pathname)});`,
    "openDatabase(':memory:', { driver: 'node:sqlite' }).close();",
    "process.emitWarning('another experiment', 'ExperimentalWarning');",
  ].join('\n');
  const child = spawn(process.execPath, ['--import', createRequire(import.meta.url).resolve('tsx'), '--input-type=module', '-e', script], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
  expect(stderr).not.toContain('SQLite is an experimental feature');
  expect(stderr).toContain('ExperimentalWarning: another experiment');
});
