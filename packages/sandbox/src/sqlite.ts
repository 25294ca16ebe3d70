import { createRequire } from 'node:module';

/**
 * One synchronous SQLite interface over two drivers: Node's built-in `node:sqlite` (Node 22.13+: no native
 * build, nothing to download) and `better-sqlite3` (an optional peer dependency, for Node 20 and 22.0-22.12,
 * where `node:sqlite` is missing or behind a flag). The store and the migrations use only this interface.
 */
export type SqliteDriver = 'node:sqlite' | 'better-sqlite3';

export const SQLITE_DRIVERS: readonly SqliteDriver[] = ['node:sqlite', 'better-sqlite3'];

/** The environment variable that picks a driver (default: `node:sqlite` where the running Node has it). */
export const SQLITE_DRIVER_ENV = 'ECHO_SANDBOX_SQLITE';

export type SqliteValue = string | number | bigint | null | Uint8Array;

export interface SqliteStatement {
  /** `changes` is a number on both drivers (neither is asked for BigInts). */
  run(...params: SqliteValue[]): { changes: number };
  get(...params: SqliteValue[]): unknown;
  all(...params: SqliteValue[]): unknown[];
}

export interface SqliteDatabase {
  readonly driver: SqliteDriver;
  readonly open: boolean;
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  /** Runs `PRAGMA <source>` and returns the first column of the first row (undefined when it returns none). */
  pragma(source: string): unknown;
  /** Wraps `work` in a transaction: committed when it returns, rolled back when it throws; nested calls use savepoints. */
  transaction<T>(work: () => T): T;
  close(): void;
}

/** Opens `path` (a file, or `':memory:'`) with the requested driver, else `ECHO_SANDBOX_SQLITE`, else the best available. */
export function openDatabase(path: string, options: { driver?: SqliteDriver } = {}): SqliteDatabase {
  const driver = options.driver ?? driverFromEnv() ?? (nodeSqlite() ? 'node:sqlite' : 'better-sqlite3');
  return driver === 'node:sqlite' ? openNodeSqlite(path) : openBetterSqlite3(path);
}

/** The drivers that load in this process (`better-sqlite3` only if installed and built for this Node's ABI). */
export function availableDrivers(): SqliteDriver[] {
  return SQLITE_DRIVERS.filter((driver) => {
    try {
      openDatabase(':memory:', { driver }).close();
      return true;
    } catch {
      return false;
    }
  });
}

function driverFromEnv(): SqliteDriver | undefined {
  const value = process.env[SQLITE_DRIVER_ENV];
  if (value === undefined || value === '') return undefined;
  if (!(SQLITE_DRIVERS as readonly string[]).includes(value)) {
    throw new Error(`${SQLITE_DRIVER_ENV}=${value} is not a SQLite driver; use one of: ${SQLITE_DRIVERS.join(', ')}`);
  }
  return value as SqliteDriver;
}

// --- node:sqlite -------------------------------------------------------------------------------------------

/** The part of `node:sqlite` used here (declared locally: the repo's @types/node is the Node 20 one). */
interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
  ) => {
    exec(sql: string): void;
    prepare(sql: string): SqliteStatement;
    close(): void;
  };
}

let nodeSqliteModule: NodeSqliteModule | null | undefined;

/**
 * `node:sqlite`, or undefined where the running Node lacks it. Node 22 prints an ExperimentalWarning when the
 * module first loads (24 and 26 do not); that one warning is dropped here, every other warning still prints.
 */
function nodeSqlite(): NodeSqliteModule | undefined {
  if (nodeSqliteModule !== undefined) return nodeSqliteModule ?? undefined;
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'ExperimentalWarning' && /^SQLite is an experimental feature/.test(String(warning))) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    nodeSqliteModule = (getBuiltinModule?.call(process, 'node:sqlite') as NodeSqliteModule | undefined) ?? null;
  } finally {
    process.emitWarning = emitWarning;
  }
  return nodeSqliteModule ?? undefined;
}

function openNodeSqlite(path: string): SqliteDatabase {
  const sqlite = nodeSqlite();
  if (!sqlite) {
    throw new Error(
      `The SQLite driver node:sqlite is not built into Node ${process.version} (it is from Node 22.13). ` +
        `Use Node 22.13 or later, or install better-sqlite3 (npm install better-sqlite3@12) and set ${SQLITE_DRIVER_ENV}=better-sqlite3.`,
    );
  }
  const db = new sqlite.DatabaseSync(path);
  // better-sqlite3 waits up to 5 s for a lock another connection holds; node:sqlite fails at once by default.
  db.exec('PRAGMA busy_timeout = 5000');
  let open = true;
  let depth = 0;
  return {
    driver: 'node:sqlite',
    get open() {
      return open;
    },
    exec: (sql) => db.exec(sql),
    prepare: (sql) => db.prepare(sql),
    pragma: (source) => {
      const row = db.prepare(`PRAGMA ${source}`).get() as Record<string, unknown> | undefined;
      return row === undefined ? undefined : Object.values(row)[0];
    },
    transaction: <T>(work: () => T): T => {
      // The same semantics as better-sqlite3's transaction(): BEGIN/COMMIT outside, a savepoint inside.
      const savepoint = `echo_sandbox_${depth}`;
      db.exec(depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
      depth++;
      try {
        const result = work();
        db.exec(depth === 1 ? 'COMMIT' : `RELEASE ${savepoint}`);
        return result;
      } catch (error) {
        db.exec(depth === 1 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
        throw error;
      } finally {
        depth--;
      }
    },
    close: () => {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}

// --- better-sqlite3 ----------------------------------------------------------------------------------------

/** The part of better-sqlite3 used here (it is an optional peer dependency, so its types may be absent). */
interface BetterSqlite3Database {
  readonly open: boolean;
  exec(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
  pragma(source: string, options: { simple: true }): unknown;
  transaction<T>(work: () => T): () => T;
  close(): unknown;
}

function openBetterSqlite3(path: string): SqliteDatabase {
  let Database: new (path: string) => BetterSqlite3Database;
  try {
    Database = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      `The SQLite driver better-sqlite3 is not installed. On Node 22.13 and later the sandbox needs no driver package ` +
        `(it uses node:sqlite); on Node ${process.version} install it next to the sandbox: npm install better-sqlite3@12`,
    );
  }
  let db: BetterSqlite3Database;
  try {
    db = new Database(path);
  } catch (error) {
    // Its native addon loads on first use: built for another Node (NODE_MODULE_VERSION), or not built at all.
    if ((error as { code?: string }).code !== 'ERR_DLOPEN_FAILED' && !/bindings file|NODE_MODULE_VERSION/.test(String(error))) throw error;
    throw new Error(
      `The SQLite driver better-sqlite3 is installed but its native addon does not load in Node ${process.version}: ` +
        `rebuild it for this Node (npm rebuild better-sqlite3), or ${nodeSqlite() ? `leave ${SQLITE_DRIVER_ENV} unset to use the built-in node:sqlite` : 'use Node 22.13 or later, where the sandbox uses node:sqlite'}.\n${(error as Error).message}`,
    );
  }
  return {
    driver: 'better-sqlite3',
    get open() {
      return db.open;
    },
    exec: (sql) => {
      db.exec(sql);
    },
    prepare: (sql) => db.prepare(sql),
    pragma: (source) => db.pragma(source, { simple: true }),
    transaction: (work) => db.transaction(work)(),
    close: () => {
      db.close();
    },
  };
}
