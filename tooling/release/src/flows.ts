/**
 * The release commands: `pnpm version-packages` (changesets, then the version sync, codegen and the
 * released snapshots) and `pnpm release` (build, checks, then a dry run or, with --publish, the real thing).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { binPath, loadVendors, repoRoot, type Vendor } from '@echo-openapi/tooling-core';
import { type FormatOptions, formatGuard, type GuardOptions, runGuard, writeChangeReports } from './guard.js';
import { writeReleased } from './released.js';
import { readVersionPairs, syncSpecVersions, versionMismatches } from './versions.js';

/** Runs a command with the terminal attached (long, chatty steps); rejects on a non-zero exit. */
export function step(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    console.log(`\n$ ${[command, ...args].join(' ')}`);
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${[command, ...args].join(' ')} exited with code ${code}`))));
  });
}

/** The changesets CLI the repo root depends on. */
export function changesetBin(): string {
  return binPath('@changesets/cli', 'changeset', pathToFileURL(join(repoRoot, 'package.json')).href);
}

export interface VersionOptions {
  root?: string;
  vendors?: Vendor[];
  /** Regenerate packages/*\/src/generated (off only in tests that copy no codegen). */
  generate?: boolean;
}

/** `changeset version`, then package versions into the specs, codegen, and snapshots of what was just versioned. */
export async function versionPackages({
  root = repoRoot,
  vendors,
  generate = true,
}: VersionOptions = {}): Promise<{ specs: string[]; snapshots: string[] }> {
  const list = vendors ?? loadVendors(join(root, 'specs/vendors.yaml'));
  await step(process.execPath, [changesetBin(), 'version'], root);
  const specs = syncSpecVersions(list, root);
  console.log(specs.length > 0 ? `info.version updated in ${specs.join(', ')}` : 'Spec versions already match their packages.');
  if (generate) await step('pnpm', ['run', 'generate'], root);
  const snapshots = await writeReleased(list, { root, onlyNewVersions: true });
  console.log(snapshots.length > 0 ? `Released snapshots written: ${snapshots.join(', ')}` : 'No released snapshot changed.');
  return { specs, snapshots };
}

/** The version sync and the breaking-change guard; returns the report and whether both passed. */
export async function releaseCheck(options: GuardOptions & FormatOptions = {}): Promise<{ ok: boolean; report: string }> {
  const root = options.root ?? repoRoot;
  const vendors = options.vendors ?? loadVendors(join(root, 'specs/vendors.yaml'));
  const mismatches = versionMismatches(readVersionPairs(vendors, root));
  const guard = await runGuard({ ...options, root, vendors });
  if (options.detailsDir) writeChangeReports(guard, options.detailsDir);
  const report = [
    mismatches.length === 0 ? 'Spec versions match their packages.' : mismatches.map((m) => `FAIL: ${m}`).join('\n'),
    formatGuard(guard, options.releasedDir, root, options),
  ].join('\n');
  return { ok: mismatches.length === 0 && guard.ok, report };
}

/** `pnpm release`: build, check, then `pnpm publish -r --dry-run`, or `changeset publish` with `publish`. */
export async function release({ publish }: { publish: boolean }): Promise<void> {
  await step('pnpm', ['run', 'build'], repoRoot);
  const check = await releaseCheck();
  console.log(check.report);
  if (!check.ok) throw new Error('Not releasing: the release check failed (above).');
  if (publish) {
    await step(process.execPath, [changesetBin(), 'publish'], repoRoot);
  } else {
    // Git checks are for real publishes; a dry run must work on any branch and a dirty tree.
    await step('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], repoRoot);
    console.log('\nDry run only: nothing was published. `pnpm release --publish` publishes (CI does, with NPM_TOKEN).');
  }
}
