#!/usr/bin/env -S npx tsx
// pnpm generate          writes packages/*/src/generated from specs/*
// pnpm generate --check  fails, naming the files, when what is committed differs from what the specs generate
import { parseArgs } from '@echo-openapi/tooling-core';
import { generate } from './generate.js';

const { flags } = parseArgs(process.argv.slice(2), {
  flags: ['check'],
  usage: {
    usage: 'pnpm generate [--check]',
    description:
      'Regenerates packages/*/src/generated (types and runtime metadata) and packages/specs from specs/*; commit the result with the spec.',
    options: { '--check': 'write nothing; fail, naming the files, when what is committed differs from what the specs generate' },
    examples: ['pnpm generate            # after editing a spec', 'pnpm generate --check    # what CI runs'],
  },
});
const check = flags.has('check');
try {
  const stale = await generate({ check });
  if (stale.length > 0) {
    console.error(`Generated code is stale; run \`pnpm generate\` and commit the result:\n${stale.map((s) => `  - ${s}`).join('\n')}`);
    process.exit(1);
  }
  console.log(check ? 'Generated code is up to date.' : 'Generated code written.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
