#!/usr/bin/env -S npx tsx
// pnpm api-report             rewrites api-reports/<package>.api.md from each publishable package's declarations
// pnpm api-report --check     fails, naming each package, when a report is stale or an API change has no changeset
// pnpm api-report --released  also copies the reports to api-reports/released/ (run when versions are applied)
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from '@echo-openapi/tooling-core';
import { checkApiReports, renderApiReport, reportPaths } from './api-report.js';
import { publishablePackages } from './workspace.js';

const { flags } = parseArgs(process.argv.slice(2), {
  flags: ['check', 'released'],
  usage: {
    usage: 'pnpm api-report [--check | --released]',
    description:
      "Rewrites api-reports/<package>.api.md from each publishable package's built declarations (run `pnpm build` first); review the diff and add a changeset.",
    options: {
      '--check': 'write nothing; fail, naming each package, when a report is stale or an API change has no changeset',
      '--released': 'also copy the reports to api-reports/released/ (when versions are applied)',
    },
    examples: [
      "pnpm build && pnpm api-report    # after changing a package's exports",
      'pnpm api-report --check          # what the release tests run',
    ],
  },
});
if (flags.has('check')) {
  const problems = checkApiReports();
  for (const { package: name, problem } of problems) console.error(`${name}: ${problem}`);
  console.log(problems.length === 0 ? 'API reports are up to date.' : '');
  process.exit(problems.length === 0 ? 0 : 1);
}
for (const pkg of publishablePackages()) {
  const { current, released } = reportPaths(pkg);
  mkdirSync(dirname(released), { recursive: true });
  writeFileSync(current, renderApiReport(pkg));
  if (flags.has('released')) copyFileSync(current, released);
}
console.log('API reports written.');
