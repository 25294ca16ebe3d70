// One process per data dir: SQLite would let a second sandbox open the same database and then fail most
// writes with "database is locked". A lock file per vendor database names its holder; a lock whose process
// is gone (kill -9, a crash) is stale and taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

export interface DataDirLock {
  path: string;
  release(): void;
}

/** Takes `<dataDir>/<name>.lock` for this process, or throws DataDirLockedError naming the holder. */
export function lockDataDir(dataDir: string, name: string): DataDirLock {
  const path = join(dataDir, `${name}.lock`);
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), argv: process.argv.slice(1).join(' ').slice(0, 200) });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, mine, { flag: 'wx' });
      return {
        path,
        release: () => {
          try {
            if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (holder && alive(holder.pid))
      throw new DataDirLockedError(
        `${join(dataDir, `${name}.sqlite`)} is in use by process ${holder.pid}${holder.argv ? ` (${holder.argv})` : ''}, started ${holder.startedAt ?? 'at an unknown time'}: stop it first or use another --data-dir`,
      );
    // Stale (its process is gone) or unreadable: take it over.
    try {
      unlinkSync(path);
    } catch {
      // another starter removed it first; the next attempt tells who won
    }
  }
  throw new DataDirLockedError(`${path}: another process is taking this data dir at the same moment`);
}

function readHolder(path: string): { pid: number; startedAt?: string; argv?: string } | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; startedAt?: string; argv?: string };
    return Number.isInteger(holder.pid) && (holder.pid as number) > 0 ? (holder as { pid: number }) : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
