#!/usr/bin/env -S npx tsx
// Release tooling. Root scripts: `pnpm release:check` (check), `pnpm version-packages` (version),
// `pnpm release [--publish]` (release). The rest are building blocks, also run by those.
//
//   check      spec info.version == package version, and the breaking-change guard
//   guard      the breaking-change guard alone
//   sync       write each client package's version into its spec's info.version
//   snapshot   write specs/released/<vendor>.json from the current specs (--all: even unchanged versions)
//   version    changeset version + sync + pnpm generate + snapshot
//   packages   publint + attw on every publishable package
//   pack       every publishable package as a tarball in dist/packages/ (`pnpm pack:all` builds first)
//   release    build + check + publish dry run; --publish publishes with changesets
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type CommandHelp, formatHelp, loadVendors, parseArgs, repoRoot, selectVendors, usageError, wantsHelp } from '@echo-openapi/tooling-core';
import { release, releaseCheck, versionPackages } from './flows.js';
import { formatGuard, runGuard, writeChangeReports } from './guard.js';
import { lintPackage, PACKED_DIR, packAll } from './packaging.js';
import { writeReleased } from './released.js';
import { syncSpecVersions } from './versions.js';
import { publishablePackages } from './workspace.js';

/** Where check and guard write every change, one file per vendor (the terminal gets the summary). */
const changeReportsDir = join(repoRoot, 'reports/release');

const COMMANDS = ['check', 'guard', 'sync', 'snapshot', 'version', 'packages', 'pack', 'release'] as const;

const usage: CommandHelp = {
  usage: `tsx tooling/release/src/cli.ts <${COMMANDS.join('|')}> [--vendor <id> ...] [--all] [--publish] [--verbose]`,
  description:
    'Release tooling behind `pnpm release:check` (check), `pnpm version-packages` (version) and `pnpm release` (release);\n' +
    'the other commands are their building blocks.',
  commands: {
    check: "each spec's info.version equals its package's version, and the breaking-change guard",
    guard: 'the breaking-change guard alone: every change since specs/released/, classified major/minor/patch',
    sync: "write each client package's version into its spec's info.version",
    snapshot: 'write specs/released/<vendor>.json from the current specs',
    version: 'changeset version + sync + pnpm generate + snapshot',
    packages: 'publint + attw on every publishable package',
    pack: 'build and pack every publishable package into dist/packages/*.tgz (`pnpm pack:all`), for npm install outside the repo',
    release: 'build + check + publish dry run',
  },
  options: {
    '--vendor <id>': 'only this vendor (repeatable)',
    '--verbose': 'check/guard: print every change (default: major and minor ones, the rest counted; all in reports/release/<vendor>.txt)',
    '--all': 'snapshot: rewrite every snapshot, even unchanged versions',
    '--publish': 'release: publish for real (the release workflow does)',
  },
  examples: [
    'pnpm release:check                 # before a pull request that changes a spec',
    'pnpm release:check --verbose       # every change, documentation-only ones too',
    'pnpm version-packages              # apply the changesets (the release workflow does)',
    'pnpm release                       # dry run',
  ],
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (wantsHelp(argv)) {
    console.log(formatHelp(usage));
    return 0;
  }
  if (!command || !(COMMANDS as readonly string[]).includes(command))
    usageError(command ? `Unknown command "${command}"` : 'A command is required', usage);
  const { values, flags } = parseArgs(rest, { values: ['vendor'], flags: ['all', 'publish', 'verbose'], repeatable: ['vendor'], usage });
  const vendors = selectVendors(values.vendor ?? [], loadVendors());
  switch (command) {
    case 'check': {
      const { ok, report } = await releaseCheck({ vendors, verbose: flags.has('verbose'), detailsDir: changeReportsDir });
      (ok ? console.log : console.error)(report);
      return ok ? 0 : 1;
    }
    case 'guard': {
      const result = await runGuard({ vendors });
      writeChangeReports(result, changeReportsDir);
      (result.ok ? console.log : console.error)(
        formatGuard(result, undefined, undefined, { verbose: flags.has('verbose'), detailsDir: changeReportsDir }),
      );
      return result.ok ? 0 : 1;
    }
    case 'sync': {
      const changed = syncSpecVersions(vendors);
      console.log(changed.length > 0 ? `info.version updated in ${changed.join(', ')}` : 'Spec versions already match their packages.');
      return 0;
    }
    case 'snapshot': {
      const written = await writeReleased(vendors, { onlyNewVersions: !flags.has('all') });
      console.log(
        written.length > 0 ? `Written: ${written.join(', ')}` : 'Every snapshot already matches its package version (--all rewrites them).',
      );
      return 0;
    }
    case 'version':
      await versionPackages({ vendors });
      return 0;
    case 'packages': {
      const dest = mkdtempSync(join(tmpdir(), 'echo-openapi-pack-'));
      try {
        const results = await Promise.all(publishablePackages().map((p) => lintPackage(p.dir, dest)));
        const problems = results.flatMap((r) => r.problems);
        for (const r of results)
          console.log(
            `${r.packed.name}@${r.packed.version}: ${r.problems.length === 0 ? 'publint and attw clean' : `${r.problems.length} problem(s)`}`,
          );
        if (problems.length > 0) console.error(problems.join('\n'));
        return problems.length === 0 ? 0 : 1;
      } finally {
        rmSync(dest, { recursive: true, force: true });
      }
    }
    case 'pack': {
      const packed = await packAll();
      for (const p of packed) console.log(`${p.name}@${p.version}  ${relative(repoRoot, p.tarball)}`);
      console.log(
        `\nIn a project outside this repo (npm resolves the clients' runtime from the same install):\n  npm install ${join(PACKED_DIR, '*.tgz')}`,
      );
      return 0;
    }
    case 'release':
      await release({ publish: flags.has('publish') });
      return 0;
  }
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
