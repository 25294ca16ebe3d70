// Process hygiene of `echo-sandbox` (what `pnpm sandbox` runs, with `exec node --import tsx`): it dies with
// its parent even when the parent is killed with SIGKILL, stops quietly with code 0 on Ctrl-C, refuses a
// second process on the same data dir at once naming the holder, says a busy port in one line, and prints
// its full usage on --help.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index.js';

const tsx = createRequire(import.meta.url).resolve('tsx');
const cli = new URL('../src/cli.ts', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'echo-sandbox-process-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** The CLI as a process; `listening` resolves with the first sandbox URL it prints, `exit` with code and output. */
function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', tsx, cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const listening = new Promise<string>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url && /admin token/.test(stdout)) resolve(url);
    });
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, listening, exit };
}

describe('echo-sandbox process', () => {
  it('prints full usage on --help: every flag, the trigger command, examples; exit 0', async () => {
    const { code, stdout } = await run(['--help']).exit;
    expect(code).toBe(0);
    for (const flag of [
      '--vendor',
      '--port',
      '--host',
      '--expose',
      '--data-dir',
      '--admin-token',
      '--allowed-hosts',
      '--allow-webhook-hosts',
      '--help',
    ])
      expect(stdout).toContain(flag);
    expect(stdout).toMatch(/echo-sandbox trigger/);
    expect(stdout).toMatch(/Examples:/);
    expect(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).toContain(
      '"sandbox": "exec node --import tsx packages/sandbox/src/cli.ts"',
    );
  });

  it('stops quietly with exit code 0 on Ctrl-C (SIGINT)', async () => {
    const sandbox = run(['--vendor', 'echowin', '--port', '0']);
    await sandbox.listening;
    sandbox.child.kill('SIGINT');
    const { code, stderr } = await sandbox.exit;
    expect(code).toBe(0);
    expect(stderr).toBe('');
  }, 60_000);

  it('dies with its parent when the parent is killed with SIGKILL', async () => {
    // A parent (as pnpm is) that starts the sandbox with our stdout: the pipe closes only when the last
    // process holding it, the sandbox, is gone.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.execPath, ['--import', ${JSON.stringify(tsx)}, ${JSON.stringify(cli)}, '--vendor', 'echowin', '--port', '0'], { stdio: 'inherit' }); console.log('child ' + c.pid);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(parent);
    let output = '';
    const closed = once(parent.stdout!, 'close');
    await new Promise<void>((resolve) =>
      parent.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/admin token/.test(output)) resolve();
      }),
    );
    const pid = Number(/child (\d+)/.exec(output)?.[1]);
    parent.kill('SIGKILL');
    await closed; // the sandbox has exited (it held the pipe's last end)
    // Gone, or a zombie waiting for its new parent (init) to reap it: either way no longer running.
    const state = (() => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      } catch {
        return 'gone';
      }
    })();
    expect(['gone', 'Z', 'X']).toContain(state);
  }, 60_000);

  it('refuses a second process on the same data dir at once, naming the lock holder; a stale lock is taken over', async () => {
    const holder = await startSandbox({ vendor: 'echowin', port: 0, ticker: false, dataDir });
    try {
      const { code, stderr } = await run(['--vendor', 'echowin', '--port', '0', '--data-dir', dataDir]).exit;
      expect(code).toBe(1);
      expect(stderr).toContain(`is in use by process ${process.pid}`);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      await expect(startSandbox({ vendor: 'echowin', port: 0, ticker: false, dataDir })).rejects.toThrow(/in use by process/);
    } finally {
      await holder.close();
    }
    // A lock left by a process that is gone (kill -9) does not block.
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit');
    writeFileSync(join(dataDir, 'echowin.lock'), JSON.stringify({ pid: gone.pid, startedAt: 'earlier' }));
    const next = await startSandbox({ vendor: 'echowin', port: 0, ticker: false, dataDir });
    await next.close();
  }, 60_000);

  it('says a busy port in one line naming it (and another sandbox when one holds it), no stack', async () => {
    const holder = await startSandbox({ vendor: 'echowin', port: 0, ticker: false });
    const other = createServer();
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    const otherPort = (other.address() as { port: number }).port;
    try {
      const bySandbox = await run(['--vendor', 'echowin', '--port', String(holder.port)]).exit;
      expect(bySandbox.code).toBe(1);
      expect(bySandbox.stderr.trim()).toBe(
        `echowin sandbox: port ${holder.port} on 127.0.0.1 is already in use by another echo-sandbox (stop it, or pick a port with --port)`,
      );
      const byOther = await run(['--vendor', 'echowin', '--port', String(otherPort)]).exit;
      expect(byOther.code).toBe(1);
      expect(byOther.stderr).toContain(`port ${otherPort} on 127.0.0.1 is already in use`);
      expect(byOther.stderr).not.toMatch(/EADDRINUSE| {4}at /);
    } finally {
      other.close();
      await holder.close();
    }
  }, 60_000);
});
