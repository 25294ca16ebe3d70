#!/usr/bin/env -S npx tsx
// pnpm lint:specs [--vendor <id> ...] [--spec <file> ...]: the spec quality gate (Redocly + Spectral).
import { lintCommand } from './command.js';

const { code, output } = await lintCommand(process.argv.slice(2));
(code === 2 ? console.error : console.log)(output);
process.exit(code);
