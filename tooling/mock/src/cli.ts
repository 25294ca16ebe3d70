#!/usr/bin/env -S npx tsx
// pnpm mock [--vendor <id> ...] [--port <n>]: a mock per spec on its fixed port until Ctrl-C.
import { parseArgs, runUntilSignal, selectVendors, usageError } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks } from './mocks.js';

const usage = `pnpm mock [--vendor <id> ...] [--port <n>]
  Prism mocks of the specs on the ports in specs/vendors.yaml (--vendor: only those; --port: another port, with one --vendor).`;

const { values } = parseArgs(process.argv.slice(2), { values: ['vendor', 'port'], repeatable: ['vendor'], usage });
const port = values.port ? Number(values.port[0]) : undefined;
if (port !== undefined && (!Number.isInteger(port) || port <= 0 || port > 65535))
  usageError(`--port must be a port number, got "${values.port![0]}"`, usage);
if (port !== undefined && values.vendor?.length !== 1) usageError('--port needs exactly one --vendor', usage);

await runUntilSignal(async () => {
  const vendors = selectVendors(values.vendor ?? []).map((v) => (port === undefined ? v : { ...v, mockPort: port }));
  const mocks = await startMocks(vendors, { ports: 'fixed' });
  console.log("Mock servers (Prism, serving the specs' examples; send the credentials the spec asks for):");
  for (const mock of mocks) console.log(`  ${mock.vendor.title.padEnd(10)} ${mock.url}`);
  console.log('Pick a documented response with the header `Prefer: code=NNN`. Ctrl-C stops all.');
  return () => stopMocks(mocks);
});
