#!/usr/bin/env -S npx tsx
// pnpm mock [--vendor <id> ...] [--port <n>]: a mock per spec on its fixed port until Ctrl-C.
import { type CommandHelp, parseArgs, runUntilSignal, selectVendors, usageError } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks } from './mocks.js';

const usage: CommandHelp = {
  usage: 'pnpm mock [--vendor <id> ...] [--port <n>]',
  description:
    "A Prism mock per spec on its port from specs/vendors.yaml (4010-4013), answering with the specs' examples, until Ctrl-C.\n" +
    "A malformed JSON body gets a 400 in the vendor's error envelope; `Prefer: code=NNN` picks a documented response.",
  options: {
    '--vendor <id>': `only this vendor (repeatable): ${selectVendors([])
      .map((v) => v.id)
      .join(', ')}`,
    '--port <n>': 'serve on this port instead (needs exactly one --vendor)',
  },
  examples: [
    'pnpm mock                                  # every vendor on its port',
    'pnpm mock --vendor echocue                 # EchoCue alone, on 4010',
    'pnpm mock --vendor echowin --port 5012     # echowin on another port',
    "curl -H 'Prefer: code=404' -H 'X-API-Key: any' http://127.0.0.1:4012/contacts/1",
  ],
};

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
