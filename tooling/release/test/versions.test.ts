// One source of truth for versions: package.json `version` is written into the spec's info.version. The
// flow is tested in a throwaway mini-workspace (its own pnpm-workspace.yaml, .changeset and specs), so the
// real checkout is only read.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVendors, repoRoot, type Vendor } from '@echo-openapi/tooling-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PACKAGE, widgetsVendor } from './helpers/widgets.js';
import { releaseCheck, versionPackages } from '../src/flows.js';
import { readReleased, writeReleased } from '../src/released.js';
import { readVersionPairs, syncSpecVersions, versionMismatches } from '../src/versions.js';

/** A workspace with one client package at `version` whose spec says `specVersion`. */
function miniWorkspace(version: string, specVersion: string, quote = ''): { root: string; vendor: Vendor } {
  const root = mkdtempSync(join(tmpdir(), 'release-versions-'));
  mkdirSync(join(root, 'packages/widgets'), { recursive: true });
  mkdirSync(join(root, 'specs/widgets'), { recursive: true });
  mkdirSync(join(root, '.changeset'));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'mini', private: true, version: '0.0.0' }, null, 2));
  writeFileSync(join(root, 'packages/widgets/package.json'), `${JSON.stringify({ name: PACKAGE, version, type: 'module' }, null, 2)}\n`);
  const spec = readFileSync(join(import.meta.dirname, 'fixtures/changes/base.yaml'), 'utf8').replace(
    '  version: 1.0.0\n',
    `  version: ${quote}${specVersion}${quote} # kept\n`,
  );
  writeFileSync(join(root, 'specs/widgets/openapi.yaml'), spec);
  copyFileSync(join(repoRoot, '.changeset/config.json'), join(root, '.changeset/config.json'));
  const vendor = widgetsVendor('specs/widgets/openapi.yaml');
  return { root, vendor };
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('spec info.version follows the package version', () => {
  it('holds for every vendor in this repository', () => {
    const pairs = readVersionPairs(loadVendors());
    expect(pairs.length).toBeGreaterThan(0);
    expect(versionMismatches(pairs)).toEqual([]);
  });

  it('names both files and the spec line when they differ', () => {
    const { root, vendor } = miniWorkspace('1.2.0', '1.0.0');
    roots.push(root);
    expect(versionMismatches(readVersionPairs([vendor], root))).toEqual([
      expect.stringMatching(/^specs\/widgets\/openapi\.yaml:6: info\.version is 1\.0\.0 but packages\/widgets\/package\.json has version 1\.2\.0; /),
    ]);
  });

  it('sync rewrites only the version scalar (quotes and comments kept), and is idempotent', () => {
    const { root, vendor } = miniWorkspace('1.2.0', '1.0.0', '"');
    roots.push(root);
    const specFile = join(root, vendor.spec);
    const before = readFileSync(specFile, 'utf8');
    expect(syncSpecVersions([vendor], root)).toEqual(['specs/widgets/openapi.yaml']);
    const after = readFileSync(specFile, 'utf8');
    expect(after).toBe(before.replace('  version: "1.0.0" # kept\n', '  version: "1.2.0" # kept\n'));
    expect(syncSpecVersions([vendor], root)).toEqual([]);
    expect(versionMismatches(readVersionPairs([vendor], root))).toEqual([]);
  });

  it('refuses a vendor whose package.json names another package', () => {
    const { root, vendor } = miniWorkspace('1.2.0', '1.2.0');
    roots.push(root);
    expect(() => readVersionPairs([{ ...vendor, package: '@fixture/gadgets' }], root)).toThrow(
      `packages/widgets/package.json: name is "${PACKAGE}" but specs/vendors.yaml says widgets's package is @fixture/gadgets`,
    );
  });
});

describe('pnpm version-packages (in a throwaway workspace)', () => {
  it('applies the changeset, writes the new version into the spec and snapshots the released spec', async () => {
    const { root, vendor } = miniWorkspace('1.2.0', '1.2.0');
    roots.push(root);
    await writeReleased([vendor], { root });
    // An additive spec change with the changeset that covers it: the state of a pull request.
    const specFile = join(root, vendor.spec);
    writeFileSync(
      specFile,
      readFileSync(specFile, 'utf8').replace(
        '                note: { type: string }\n',
        '                note: { type: string }\n                colour: { type: string }\n',
      ),
    );
    writeFileSync(join(root, '.changeset/colourful-widgets.md'), `---\n"${PACKAGE}": minor\n---\n\nWidgets can be created with a colour.\n`);
    const pending = await releaseCheck({ root, vendors: [vendor] });
    expect(pending.ok).toBe(true);
    expect(pending.report).toMatch(/minor\s+added-optional-request-field/);

    await versionPackages({ root, vendors: [vendor], generate: false });

    const manifest = JSON.parse(readFileSync(join(root, 'packages/widgets/package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe('1.3.0');
    expect(readFileSync(specFile, 'utf8')).toContain('  version: 1.3.0 # kept\n');
    expect(readFileSync(join(root, 'packages/widgets/CHANGELOG.md'), 'utf8')).toMatch(
      /## 1\.3\.0\s+### Minor Changes\s+- Widgets can be created with a colour\./,
    );
    expect(readdirSync(join(root, '.changeset')).filter((f) => f.endsWith('.md'))).toEqual([]);
    const snapshot = readReleased(vendor, join(root, 'specs/released')) as { info: { version: string }; paths: Record<string, unknown> };
    expect(snapshot.info.version).toBe('1.3.0');
    expect(JSON.stringify(snapshot.paths)).toContain('colour');

    // After the release the guard has nothing left to cover, and the versions agree.
    const after = await releaseCheck({ root, vendors: [vendor] });
    expect(after.report).toContain('no changes');
    expect(after.ok).toBe(true);
  });

  it('leaves the snapshot of a package whose version did not change', async () => {
    const { root, vendor } = miniWorkspace('1.2.0', '1.2.0');
    roots.push(root);
    const dir = join(root, 'specs/released');
    expect(await writeReleased([vendor], { root, onlyNewVersions: true })).toEqual(['specs/released/widgets.json']);
    expect(existsSync(join(dir, 'widgets.json'))).toBe(true);
    expect(await writeReleased([vendor], { root, onlyNewVersions: true })).toEqual([]);
  });
});
