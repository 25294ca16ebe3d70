/**
 * The breaking-change guard: each vendor's current spec against its last released snapshot, every change
 * classified (diff.ts), then the pending changesets must cover the package with at least the bump the
 * changes need.
 */
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

/** Human-readable report: every change with its class, kind and JSON pointer, then the verdict per package. */
export function formatGuard(result: GuardResult, releasedDir = join(repoRoot, RELEASED_DIR), root = repoRoot): string {
  const lines: string[] = [];
  for (const v of result.verdicts) {
    const snapshot = relative(root, releasedPath(v.vendor, releasedDir));
    if (!v.released) {
      lines.push(`${v.vendor.id} (${v.vendor.package}): never released (no ${snapshot}); nothing to compare. pnpm version-packages writes it.`);
      continue;
    }
    const pending = v.given ? `pending changesets: ${v.given}` : 'no pending changeset';
    lines.push(
      `${v.vendor.id} (${v.vendor.package}): ${v.changes.length === 0 ? 'no changes' : `${v.changes.length} change(s) since ${snapshot}, needs ${v.required}`}; ${pending}`,
    );
    for (const c of v.changes) lines.push(`  ${c.class.padEnd(5)}  ${c.kind.padEnd(30)}  ${c.pointer}  ${c.message}`);
    for (const p of v.problems) lines.push(`  FAIL: ${p}`);
  }
  lines.push(result.ok ? 'Breaking-change guard: OK.' : 'Breaking-change guard: FAILED.');
  return lines.join('\n');
}
