import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase, type SqliteDriver } from './sqlite.js';

/**
 * Versioned schema migrations: each runs once, in order, inside a transaction, and is recorded in
 * `schema_migrations`. Never edit a released one; append the next.
 */
export const MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'records per tenant and resource, per-tenant values, sandbox metadata',
    sql: `
      CREATE TABLE records (
        tenant   TEXT NOT NULL,
        resource TEXT NOT NULL,
        id       TEXT NOT NULL,
        parent   TEXT,
        seq      INTEGER NOT NULL,
        body     TEXT NOT NULL,
        PRIMARY KEY (tenant, resource, id)
      );
      CREATE INDEX records_by_parent ON records (tenant, resource, parent, seq);
      CREATE INDEX records_by_seq ON records (tenant, resource, seq);
      CREATE TABLE tenant_values (
        tenant TEXT NOT NULL,
        key    TEXT NOT NULL,
        value  TEXT NOT NULL,
        PRIMARY KEY (tenant, key)
      );
      CREATE TABLE tenants (tenant TEXT PRIMARY KEY, seeded_at INTEGER NOT NULL);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
];

/** What a write answers when the in-memory store reached its size bound (SQLite's SQLITE_FULL). */
export const STORE_FULL_MESSAGE = 'The in-memory store is full (maxMemoryBytes): reset (POST /__sandbox/reset) or use --data-dir';

/** A write the store cannot take: the tenant cap or the size bound is reached (answered 507, nothing stored). */
export class StoreFullError extends Error {}

/** The tenant id of the seed every tenant starts from: not a hash, so no credential maps to it; never listed or counted as a tenant. */
export const SEED_TENANT = 'seed';

export interface StoredRecord {
  id: string;
  parent: string | null;
  body: Record<string, unknown>;
}

/**
 * The sandbox's storage: one SQLite database per vendor server, in memory unless a directory is given.
 * With a directory it runs in WAL mode with synchronous=FULL, so a write the server has answered is on
 * disk and survives a crash or kill -9.
 */
export class Store {
  readonly db: SqliteDatabase;
  private readonly statements;
  /** Tenants known to be seeded (a cache of the `tenants` table, so a request costs no extra query). */
  private readonly seeded = new Set<string>();
  private readonly metaCache = new Map<string, string | undefined>();
  private readonly inTransaction: (work: () => unknown) => unknown;

  /** `driver` overrides the SQLite driver (default: ECHO_SANDBOX_SQLITE, else node:sqlite where Node has it). */
  constructor(options: { dataDir?: string; name: string; driver?: SqliteDriver }) {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    this.db = openDatabase(options.dataDir ? join(options.dataDir, `${options.name}.sqlite`) : ':memory:', { driver: options.driver });
    if (options.dataDir) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
    }
    migrate(this.db);
    const db = this.db;
    this.inTransaction = (work) => db.transaction(work);
    this.statements = {
      get: db.prepare('SELECT id, parent, body FROM records WHERE tenant = ? AND resource = ? AND id = ?'),
      list: db.prepare('SELECT id, parent, body FROM records WHERE tenant = ? AND resource = ? ORDER BY seq'),
      listByParent: db.prepare('SELECT id, parent, body FROM records WHERE tenant = ? AND resource = ? AND parent = ? ORDER BY seq'),
      nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM records WHERE tenant = ? AND resource = ?'),
      insert: db.prepare('INSERT INTO records (tenant, resource, id, parent, seq, body) VALUES (?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE records SET body = ? WHERE tenant = ? AND resource = ? AND id = ?'),
      delete: db.prepare('DELETE FROM records WHERE tenant = ? AND resource = ? AND id = ?'),
      deleteByParent: db.prepare('DELETE FROM records WHERE tenant = ? AND resource = ? AND parent = ?'),
      getValue: db.prepare('SELECT value FROM tenant_values WHERE tenant = ? AND key = ?'),
      setValue: db.prepare(
        'INSERT INTO tenant_values (tenant, key, value) VALUES (?, ?, ?) ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value',
      ),
      isSeeded: db.prepare('SELECT 1 FROM tenants WHERE tenant = ?'),
      countTenants: db.prepare('SELECT COUNT(*) AS count FROM tenants'),
      dropSeed: ['records', 'tenant_values'].map((table) => db.prepare(`DELETE FROM ${table} WHERE tenant = ?`)),
      copySeed: [
        db.prepare(
          'INSERT INTO records (tenant, resource, id, parent, seq, body) SELECT ?, resource, id, parent, seq, body FROM records WHERE tenant = ?',
        ),
        db.prepare('INSERT INTO tenant_values (tenant, key, value) SELECT ?, key, value FROM tenant_values WHERE tenant = ?'),
      ],
      renameTenant: ['records', 'tenant_values', 'tenants'].map((table) => db.prepare(`UPDATE ${table} SET tenant = ? WHERE tenant = ?`)),
      markSeeded: db.prepare('INSERT INTO tenants (tenant, seeded_at) VALUES (?, ?)'),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  get(tenant: string, resource: string, id: string): StoredRecord | undefined {
    const row = this.statements.get.get(tenant, resource, id) as Row | undefined;
    return row && toRecord(row);
  }

  list(tenant: string, resource: string, parent?: string): StoredRecord[] {
    const rows = (
      parent === undefined ? this.statements.list.all(tenant, resource) : this.statements.listByParent.all(tenant, resource, parent)
    ) as Row[];
    return rows.map(toRecord);
  }

  /** A number that grows with every record of the resource (for generated integer ids and ordering). */
  nextSeq(tenant: string, resource: string): number {
    return (this.statements.nextSeq.get(tenant, resource) as { seq: number }).seq;
  }

  insert(tenant: string, resource: string, record: StoredRecord): void {
    this.statements.insert.run(tenant, resource, record.id, record.parent, this.nextSeq(tenant, resource), JSON.stringify(record.body));
  }

  update(tenant: string, resource: string, id: string, body: Record<string, unknown>): void {
    this.statements.update.run(JSON.stringify(body), tenant, resource, id);
  }

  delete(tenant: string, resource: string, id: string): boolean {
    return this.statements.delete.run(tenant, resource, id).changes > 0;
  }

  deleteChildren(tenant: string, resource: string, parent: string): number {
    return this.statements.deleteByParent.run(tenant, resource, parent).changes;
  }

  value<T>(tenant: string, key: string): T | undefined {
    const row = this.statements.getValue.get(tenant, key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  setValue(tenant: string, key: string, value: unknown): void {
    this.statements.setValue.run(tenant, key, JSON.stringify(value));
  }

  /** Replaces the seed every tenant starts from (at each start, so it follows the spec's examples). */
  replaceSeed(seed: () => void): void {
    this.transaction(() => {
      for (const statement of this.statements.dropSeed) statement.run(SEED_TENANT);
      seed();
    });
  }

  /** Whether a tenant is stored (it has written something); a tenant that is not reads the seed. */
  hasTenant(tenant: string): boolean {
    if (this.seeded.has(tenant)) return true;
    if (this.statements.isSeeded.get(tenant) === undefined) return false;
    this.seeded.add(tenant);
    return true;
  }

  /**
   * Stores a tenant as a copy of the seed, before its first write: reads of a tenant never written answer
   * from the seed and store nothing. A new tenant beyond `maxTenants` is refused (StoreFullError).
   */
  materialise(tenant: string, maxTenants: number): void {
    if (this.hasTenant(tenant)) return;
    const stored = (this.statements.countTenants.get() as { count: number }).count;
    if (stored >= maxTenants)
      throw new StoreFullError(`The sandbox holds ${stored} tenants, its limit: reset one (POST /__sandbox/reset) or raise maxTenants`);
    this.transaction(() => {
      for (const statement of this.statements.copySeed) statement.run(tenant, SEED_TENANT);
      this.statements.markSeeded.run(tenant, Date.now());
    });
    this.seeded.add(tenant);
  }

  /** Moves a stored tenant's data to another id (when the way ids are derived changes); false when there is nothing to move or the new id is taken. */
  renameTenant(from: string, to: string): boolean {
    if (!this.hasTenant(from) || this.hasTenant(to)) return false;
    this.transaction(() => {
      for (const statement of this.statements.renameTenant) statement.run(to, from);
    });
    this.seeded.delete(from);
    this.seeded.add(to);
    return true;
  }

  /** Bounds the database to about `bytes` (SQLite's max_page_count): a write beyond fails with SQLITE_FULL. */
  limitSize(bytes: number): void {
    const pageSize = Number((this.db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size);
    this.db.exec(`PRAGMA max_page_count = ${Math.max(1, Math.floor(bytes / pageSize))}`);
  }

  meta(key: string): string | undefined {
    if (!this.metaCache.has(key)) this.metaCache.set(key, (this.statements.getMeta.get(key) as { value: string } | undefined)?.value);
    return this.metaCache.get(key);
  }

  setMeta(key: string, value: string): void {
    this.statements.setMeta.run(key, value);
    this.metaCache.set(key, value);
  }

  /** Drops every tenant's data (or one tenant's); they read the seed again until their next write. */
  reset(tenant?: string): void {
    if (tenant === undefined) this.seeded.clear();
    else this.seeded.delete(tenant);
    this.transaction(() => {
      for (const table of ['records', 'tenant_values', 'tenants']) {
        if (tenant === undefined) this.db.prepare(`DELETE FROM ${table} WHERE tenant != ?`).run(SEED_TENANT);
        else this.db.prepare(`DELETE FROM ${table} WHERE tenant = ?`).run(tenant);
      }
    });
  }

  /** Runs `work` in one transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    try {
      return this.inTransaction(work) as T;
    } catch (error) {
      // Rolled back: a tenant stored inside it may be gone again (the cache is only a cache).
      this.seeded.clear();
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }
}

interface Row {
  id: string;
  parent: string | null;
  body: string;
}

function toRecord(row: Row): StoredRecord {
  return { id: row.id, parent: row.parent, body: JSON.parse(row.body) as Record<string, unknown> };
}

/** Applies the migrations a database has not seen yet; returns the versions applied. */
export function migrate(db: SqliteDatabase): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version));
  const done: number[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.description,
        new Date().toISOString(),
      );
    });
    done.push(migration.version);
  }
  return done;
}
