/**
 * The breaking-change guard: each vendor's current spec against its last released snapshot, every change
 * classified (diff.ts), then the pending changesets must cover the package with at least the bump the
 * changes need.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadVendors, repoRoot, type Vendor } from '@echo-openapi/tooling-core';
import { readChangesets, type PendingBump } from './changesets.js';
import { CLASS_ORDER, diffSpecs, maxClass, requiredBump, type ChangeClass, type SpecChange } from './diff.js';
import { bundleCurrent, readReleased, releasedPath, RELEASED_DIR } from './released.js';
import { workspacePackages } from './workspace.js';

export interface VendorVerdict {
  vendor: Vendor;
  /** Whether specs/released/<vendor>.json exists (a never-released package has nothing to compare). */
  released: boolean;
  changes: SpecChange[];
  required: ChangeClass;
  bumps: PendingBump[];
  /** The largest pending bump for the package, if any changeset names it. */
  given: ChangeClass | undefined;
  problems: string[];
}

export interface GuardResult {
  ok: boolean;
  verdicts: VendorVerdict[];
}

export interface GuardOptions {
  vendors?: Vendor[];
  root?: string;
  releasedDir?: string;
  changesetDir?: string;
  /** Package names a changeset may mention (default: every workspace package). */
  knownPackages?: string[];
}

/** The rule, apart from any I/O: a changed spec needs a changeset, and at least the bump its changes need. */
export function judge(vendor: Vendor, changes: SpecChange[], released: boolean, allBumps: readonly PendingBump[]): VendorVerdict {
  const bumps = allBumps.filter((b) => b.package === vendor.package);
  const given = bumps.length > 0 ? bumps.reduce<ChangeClass>((acc, b) => maxClass(acc, b.bump), 'none') : undefined;
  const required = requiredBump(changes);
  const problems: string[] = [];
  if (released && required !== 'none') {
    const files = bumps.map((b) => `${b.file}:${b.line} (${b.bump})`).join(', ');
    if (given === undefined) {
      problems.push(
        `${vendor.spec} changed since its last release but no changeset covers ${vendor.package}; run \`pnpm changeset\` and choose at least ${required}`,
      );
    } else if (CLASS_ORDER.indexOf(given) < CLASS_ORDER.indexOf(required)) {
      const why = required === 'major' ? 'a breaking change needs a major bump' : `these changes need at least a ${required} bump`;
      problems.push(`${vendor.package}: ${why}, but the pending changesets give ${given}: ${files}`);
    }
  }
  return { vendor, released, changes, required, bumps, given, problems };
}

export async function runGuard(options: GuardOptions = {}): Promise<GuardResult> {
  const root = options.root ?? repoRoot;
  const vendors = options.vendors ?? loadVendors(join(root, 'specs/vendors.yaml'));
  const releasedDir = options.releasedDir ?? join(root, RELEASED_DIR);
  const known = options.knownPackages ?? workspacePackages(root).map((p) => p.name);
  const bumps = readChangesets(options.changesetDir ?? join(root, '.changeset'), known, root);
  const verdicts = await Promise.all(
    vendors.map(async (vendor) => {
      const before = readReleased(vendor, releasedDir);
      if (before === undefined) return judge(vendor, [], false, bumps);
      return judge(vendor, diffSpecs(before, await bundleCurrent(vendor, root)), true, bumps);
    }),
  );
  return { ok: verdicts.every((v) => v.problems.length === 0), verdicts };
}

export interface FormatOptions {
  /** Every change on its own line; otherwise patch-class changes (documentation, mostly: hundreds per spec) are counted by kind. */
  verbose?: boolean;
  /** Where `writeChangeReports` put every change, one file per vendor: named in the summary. */
  detailsDir?: string;
}

/**
 * Human-readable report, one block per package: the counts per class, every major and minor change with its
 * kind and JSON pointer, the patch-class ones counted by kind (all of them with `verbose`), then the verdict.
 */
export function formatGuard(
  result: GuardResult,
  releasedDir = join(repoRoot, RELEASED_DIR),
  root = repoRoot,
  { verbose = false, detailsDir }: FormatOptions = {},
): string {
  const lines: string[] = [];
  for (const v of result.verdicts) {
    const snapshot = relative(root, releasedPath(v.vendor, releasedDir));
    if (!v.released) {
      lines.push(`${v.vendor.id} (${v.vendor.package}): never released (no ${snapshot}); nothing to compare. pnpm version-packages writes it.`);
      continue;
    }
    const pending = v.given ? `pending changesets: ${v.given}` : 'no pending changeset';
    const byClass = [...CLASS_ORDER]
      .reverse()
      .filter((c) => c !== 'none')
      .map((c) => [c, v.changes.filter((change) => change.class === c).length] as const)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    lines.push(
      `${v.vendor.id} (${v.vendor.package}): ${v.changes.length === 0 ? 'no changes' : `${v.changes.length} change(s) since ${snapshot} (${byClass}), needs ${v.required}`}; ${pending}`,
    );
    const shown = verbose ? v.changes : v.changes.filter((c) => c.class === 'major' || c.class === 'minor');
    for (const c of shown) lines.push(formatChange(c));
    const hidden = v.changes.filter((c) => !shown.includes(c));
    if (hidden.length > 0) {
      const kinds = new Map<string, number>();
      for (const c of hidden) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
      const where = detailsDir ? `${relative(root, join(detailsDir, `${v.vendor.id}.txt`))} lists every change, ` : '';
      lines.push(`  patch  ${hidden.length} more: ${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ')} (${where}--verbose prints them)`);
    }
    for (const p of v.problems) lines.push(`  FAIL: ${p}`);
  }
  lines.push(result.ok ? 'Breaking-change guard: OK.' : 'Breaking-change guard: FAILED.');
  return lines.join('\n');
}

function formatChange(c: SpecChange): string {
  return `  ${c.class.padEnd(5)}  ${c.kind.padEnd(30)}  ${c.pointer}  ${c.message}`;
}

/** Every change of every released package, one file per vendor (`<dir>/<vendor>.txt`); stale files removed. */
export function writeChangeReports(result: GuardResult, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const v of result.verdicts)
    if (v.released)
      writeFileSync(join(dir, `${v.vendor.id}.txt`), `${[`${v.vendor.id} (${v.vendor.package})`, ...v.changes.map(formatChange)].join('\n')}\n`);
}
