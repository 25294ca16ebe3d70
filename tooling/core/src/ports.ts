import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';

/** A port a command wants, and what it serves there (`EchoCue mock`, `docs`). */
export interface PortUse {
  port: number;
  what: string;
}

/** Whether `host:port` can be listened on right now. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', () => resolvePromise(false));
    probe.listen(port, host, () => probe.close(() => resolvePromise(true)));
  });
}

/**
 * What listens on `port`, as `pid 123 (node server.js)`, where the system says (Linux: the listening socket in
 * /proc/net/tcp{,6}, then the process whose file descriptors hold it); undefined when it cannot be known (another
 * user's process, another OS, a container boundary).
 */
export function portHolder(port: number): string | undefined {
  try {
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text: string;
      try {
        text = readFileSync(table, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        // local_address is HEXIP:HEXPORT; state 0A is LISTEN; field 9 is the socket's inode.
        if (fields[3] === '0A' && Number.parseInt(fields[1]?.split(':')[1] ?? '', 16) === port && fields[9]) inodes.add(fields[9]);
      }
    }
    if (inodes.size === 0) return undefined;
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue; // gone, or not ours to read
      }
      for (const fd of fds) {
        let target: string;
        try {
          target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) {
          return `pid ${pid} (${commandOf(pid)})`;
        }
      }
    }
  } catch {
    // Best effort: no /proc (macOS, Windows) or nothing readable.
  }
  return undefined;
}

/** A process's command line, without node's loader flags (`--import tsx`), shortened to fit a line. */
function commandOf(pid: string): string {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const shown = argv.filter((arg, i) => !/^--(require|import|loader)$/.test(arg) && !/^--(require|import|loader)$/.test(argv[i - 1] ?? ''));
  const command = shown.join(' ').replace(/\s+/g, ' ').trim() || 'unknown command';
  return command.length > 120 ? `${command.slice(0, 117)}...` : command;
}

/** One line for a busy port: what wanted it and what holds it, where that can be known. */
export function busyPortLine({ port, what }: PortUse): string {
  const holder = portHolder(port);
  return `${what}: port ${port} is busy, held by ${holder ?? `another program (\`lsof -i :${port}\` or \`ss -ltnp 'sport = :${port}'\` names it)`}`;
}

/** One line per port of `uses` that is busy now (none: every port is free). */
export async function busyPortLines(uses: readonly PortUse[], host = '127.0.0.1'): Promise<string[]> {
  const free = await Promise.all(uses.map((use) => isPortFree(use.port, host)));
  return uses.filter((_, i) => !free[i]).map(busyPortLine);
}

/** Listens on a free 127.0.0.1 port, as another program would: for tests of what a command says about a busy port. */
export async function holdPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((done) => server.close(() => done())) };
}
