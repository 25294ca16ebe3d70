// `npm start` (pnpm serve) on a machine where some of its ports are taken: before anything starts, one line per
// busy port (docs 8080, mocks 4010-4013, sandboxes 4020-4023) naming what holds it, then exit 1. The fixed ports
// are bound inside a private network namespace (`unshare -n`), so nothing on this machine is disturbed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { binPath, loadVendors, repoRoot } from '@echo-openapi/tooling-core';
import { describe, expect, it } from 'vitest';

const canUnshare = spawnSync('unshare', ['-n', 'true']).status === 0;
const tsx = binPath('tsx', 'tsx', import.meta.url);

/** In a fresh network namespace: bind `ports` on 127.0.0.1, run `pnpm serve`'s CLI, report what it said. */
const inNamespace = `
const { execSync, spawnSync } = require('node:child_process');
const net = require('node:net');
execSync('ip link set lo up');
const [tsx, cli, ...ports] = process.argv.slice(1);
let pending = ports.length;
for (const port of ports)
  net.createServer().listen(Number(port), '127.0.0.1', () => {
    if (--pending > 0) return;
    const run = spawnSync(process.execPath, [tsx, cli], { encoding: 'utf8', timeout: 120000 });
    process.stdout.write(JSON.stringify({ pid: process.pid, code: run.status, stdout: run.stdout, stderr: run.stderr }));
    process.exit(0);
  });
`;

describe('npm start with busy ports', () => {
  it.skipIf(!canUnshare)('names every busy port (docs, mock, sandbox) and what holds it, one line each, and starts nothing', () => {
    const echowin = loadVendors().find((v) => v.id === 'echowin')!;
    const ports = [8080, echowin.mockPort, echowin.sandboxPort];
    const outer = spawnSync(
      'unshare',
      ['-n', process.execPath, '-e', inNamespace, tsx, join(repoRoot, 'tooling/mock/src/serve-cli.ts'), ...ports.map(String)],
      {
        encoding: 'utf8',
        cwd: repoRoot,
        env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'PORT')),
      },
    );
    expect(outer.status, outer.stderr).toBe(0);
    const { pid, code, stdout, stderr } = JSON.parse(outer.stdout) as { pid: number; code: number; stdout: string; stderr: string };
    const held = `is busy, held by pid ${pid} (`;
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^docs: port 8080 ${held.replace(/[()]/g, '\\$&')}`)),
      expect.stringMatching(new RegExp(`^echowin mock: port ${echowin.mockPort} ${held.replace(/[()]/g, '\\$&')}`)),
      expect.stringMatching(new RegExp(`^echowin sandbox: port ${echowin.sandboxPort} ${held.replace(/[()]/g, '\\$&')}`)),
      'Free those ports (or stop what holds them), then start again.',
    ]);
    expect(stderr).not.toMatch(/pnpm mock\?|EADDRINUSE/);
    expect(stdout).toBe('');
    expect(code).toBe(1);
  });
});
