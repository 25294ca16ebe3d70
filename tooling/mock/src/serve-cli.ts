#!/usr/bin/env -S npx tsx
// pnpm serve (after `pnpm run build`, which builds the docs once): the docs site, every mock and every sandbox
// until Ctrl-C, which stops them all and exits 0 (this one process is what pnpm runs, so pnpm has no second
// script to report as failed).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { busyPortLines, parseArgs, repoRoot, runUntilSignal, selectVendors } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks } from './mocks.js';

parseArgs(process.argv.slice(2), {
  usage: {
    usage: 'pnpm serve   (npm start: install, build, then this)',
    description:
      'The docs on http://127.0.0.1:8080 ($PORT overrides), a Prism mock per API (4010-4013) and a stateful sandbox per API\n' +
      '(4020-4023), in one process until Ctrl-C. Every busy port is named, with what holds it when that can be known.',
    options: {},
    examples: ['npm start                 # on a fresh clone: installs, builds, serves', 'PORT=9090 pnpm serve      # the docs on another port'],
  },
});

/**
 * A server the repo runs from its own source: the docs package's (docs/src/serve.ts) and the sandbox's CLI
 * (packages/sandbox/src/cli.ts; a child process, so this tooling package does not depend on the sandbox package).
 * `node --import tsx`, not the tsx binary: a terminal's Ctrl-C reaches it once, directly, and it exits 0.
 */
function startChild(name: string, script: string): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, script)], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('exit', (code) => {
    if (stopping || code === 0) return;
    console.error(`The ${name} stopped (exit code ${code}); stopping everything.`);
    void stopMocks(mocks).then(() => process.exit(1));
  });
  return { child, exited };
}

let stopping = false;
let mocks: Awaited<ReturnType<typeof startMocks>> = [];

await runUntilSignal(async () => {
  const vendors = selectVendors([]);
  // Every port first, so a second `npm start` (or anything else on one of them) is one line per busy port,
  // naming what holds it, before anything starts.
  const busy = await busyPortLines([
    { port: Number(process.env.PORT || 8080), what: 'docs' },
    ...vendors.map((v) => ({ port: v.mockPort, what: `${v.title} mock` })),
    ...vendors.map((v) => ({ port: v.sandboxPort, what: `${v.title} sandbox` })),
  ]);
  if (busy.length > 0)
    throw new Error(`${busy.join('\n')}\nFree ${busy.length === 1 ? 'that port' : 'those ports'} (or stop what holds them), then start again.`);
  mocks = await startMocks(vendors, { ports: 'fixed' });
  const children = [startChild('docs server', 'docs/src/serve.ts'), startChild('sandbox', 'packages/sandbox/src/cli.ts')];
  console.log('Mocks (Prism, `Prefer: code=NNN` picks a documented response):');
  for (const mock of mocks) console.log(`  ${mock.vendor.title.padEnd(10)} ${mock.url}`);
  console.log('Sandboxes (stateful: what you create comes back; control API under /__sandbox/):');
  for (const vendor of vendors) console.log(`  ${vendor.title.padEnd(10)} http://127.0.0.1:${vendor.sandboxPort}`);
  console.log('Ctrl-C stops all.');
  return async () => {
    stopping = true;
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all([stopMocks(mocks), ...children.map((c) => c.exited)]);
  };
});
