#!/usr/bin/env -S npx tsx
// pnpm mock [--vendor <id> ...]: Prism for every spec on its fixed port until Ctrl-C.
import { parseArgs, runUntilSignal, selectVendors } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks } from './mocks.js';

await runUntilSignal(async () => {
  const { values } = parseArgs(process.argv.slice(2), { values: ['vendor'], repeatable: ['vendor'] });
  const mocks = await startMocks(selectVendors(values.vendor ?? []), { ports: 'fixed' });
  console.log('Mock servers (Prism, serving the specs\' examples; send the credentials the spec asks for):');
  for (const mock of mocks) console.log(`  ${mock.vendor.title.padEnd(10)} ${mock.url}`);
  console.log('Pick a documented response with the header `Prefer: code=NNN`. Ctrl-C stops all.');
  return () => stopMocks(mocks);
});
