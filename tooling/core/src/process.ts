import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot } from './vendors.js';

/**
 * Absolute path of a package's CLI entry (no reliance on PATH), resolved from `from`: pass your own
 * `import.meta.url` for a tool your package depends on.
 */
export function binPath(pkg: string, bin: string, from: string = import.meta.url): string {
  const require = createRequire(from);
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = require(manifestPath) as { bin?: string | Record<string, string> };
  const rel = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (!rel) throw new Error(`${pkg} has no "${bin}" executable`);
  return join(dirname(manifestPath), rel);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a node CLI to completion and collects its output; never throws on a non-zero exit. */
export function runNode(script: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return runCommand(process.execPath, [script, ...args], options);
}

/** Runs a command (a path, or a name from PATH) to completion and collects its output; never throws on a non-zero exit. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
  });
}

/** Stops a process started with `detached: true` together with anything it started. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolvePromise();
    child.once('exit', () => resolvePromise());
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
    // A process that ignores SIGTERM is not allowed to keep a test or a CI run waiting.
    setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 3000).unref();
  });
}

/**
 * The shape of every long-running CLI here (mocks, proxy): `start` brings things up and returns how to stop
 * them; Ctrl-C or SIGTERM stops them and exits 0. A start failure prints its message only (no stack: these
 * are usage and environment errors) and exits 1.
 */
export async function runUntilSignal(start: () => Promise<() => Promise<void>>): Promise<void> {
  // The handlers go in before anything starts: a process without a SIGINT listener is killed by the kernel
  // at once, and the caller may press Ctrl-C as soon as the banner (printed inside start) appears.
  // Ctrl-C signals the whole process group, and tsx relays it again: a second SIGINT during the shutdown
  // must not kill the process with code 130 (pnpm would report the script as failed).
  let stop: (() => Promise<void>) | undefined;
  let signalled = false;
  let stopping = false;
  const shutdown = () => {
    signalled = true;
    if (stopping || !stop) return;
    stopping = true;
    void stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    stop = await start();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  if (signalled) shutdown();
}
