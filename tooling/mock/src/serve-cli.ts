#!/usr/bin/env -S npx tsx
// pnpm serve (after `pnpm run build`, which builds the docs once): the docs site, every mock and every sandbox in
// one process until Ctrl-C, which stops them all and exits 0 (one process, so pnpm has no second script to report
// as failed).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSandbox } from '@echo-openapi/sandbox';
import { parseArgs, repoRoot, runUntilSignal, selectVendors } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks } from './mocks.js';

parseArgs(process.argv.slice(2), { usage: 'pnpm serve   (the docs on http://127.0.0.1:8080, or $PORT, the mocks and the sandboxes on their ports)' });

await runUntilSignal(async () => {
  const vendors = selectVendors([]);
  const mocks = await startMocks(vendors, { ports: 'fixed' });
  const sandboxes = await Promise.all(vendors.map((vendor) => startSandbox({ vendor: vendor.id, port: vendor.sandboxPort })));
  // The docs server is the docs package's own (docs/src/serve.ts). `node --import tsx`, not the tsx binary: a
  // terminal's Ctrl-C reaches it once, directly, and it exits 0 like this process.
  const docs = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'docs/src/serve.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let stopping = false;
  const docsExited = new Promise<void>((done) => docs.once('exit', () => done()));
  docs.once('exit', (code) => {
    if (stopping || code === 0) return;
    console.error(`The docs server stopped (exit code ${code}); stopping the mocks.`);
    void Promise.all([stopMocks(mocks), ...sandboxes.map((s) => s.close())]).then(() => process.exit(1));
  });
  console.log('Mocks (Prism, `Prefer: code=NNN` picks a documented response):');
  for (const mock of mocks) console.log(`  ${mock.vendor.title.padEnd(10)} ${mock.url}`);
  console.log('Sandboxes (stateful: what you create comes back; control API under /__sandbox):');
  for (const sandbox of sandboxes) console.log(`  ${sandbox.vendor.title.padEnd(10)} ${sandbox.url}`);
  console.log('Ctrl-C stops all.');
  return async () => {
    stopping = true;
    if (docs.exitCode === null) docs.kill('SIGTERM');
    await Promise.all([stopMocks(mocks), ...sandboxes.map((s) => s.close()), docsExited]);
  };
});
