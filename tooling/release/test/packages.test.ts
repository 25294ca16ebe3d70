// Every publishable package, packed as `pnpm publish` would pack it, must be clean under publint (strict)
// and arethetypeswrong (esm-only profile, see src/packaging.ts), and carry the metadata npm shows.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVendors } from '@echo-openapi/tooling-core';
import { attwTarball, lintPackage, packPackage, publintTarball } from '../src/packaging.js';
import { publishablePackages } from '../src/workspace.js';

const dest = mkdtempSync(join(tmpdir(), 'release-packages-'));
afterAll(() => rmSync(dest, { recursive: true, force: true }));

const packages = publishablePackages();

describe('publishable packages', () => {
  it("are the shared runtime, API model, sandbox and specs, and every vendor's client in specs/vendors.yaml", () => {
    // Guards the discovery itself: a package turned private (or a broken workspace glob) would silently skip checks.
    const expected = [
      '@echo-openapi/api-model',
      '@echo-openapi/runtime',
      '@echo-openapi/sandbox',
      '@echo-openapi/specs',
      ...loadVendors().map((v) => v.package),
    ].sort();
    expect(packages.map((p) => p.name)).toEqual(expected);
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s is clean under publint --strict and attw --profile esm-only', async (_name, pkg) => {
    const { problems, packed } = await lintPackage(pkg.dir, dest);
    expect(problems).toEqual([]);
    expect(packed.version).toBe(pkg.version);
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s has the metadata npm shows', (_name, pkg) => {
    const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const dir = pkg.dir.slice(pkg.dir.lastIndexOf('packages/'));
    expect(manifest).toMatchObject({
      license: 'MIT',
      type: 'module',
      sideEffects: false,
      types: './dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      // The supported Node lines (22, 24, 26: CI's node-lines job), the same for every published package.
      engines: { node: '>=22' },
      repository: { type: 'git', url: 'git+https://github.com/echo-openapi/echo-openapi.git', directory: dir },
      homepage: expect.stringContaining(dir),
      bugs: { url: 'https://github.com/echo-openapi/echo-openapi/issues' },
      publishConfig: { access: 'public' },
    });
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'CHANGELOG.md']));
    expect(readFileSync(join(pkg.dir, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^# ${pkg.name}\\n\\n## ${pkg.version.replace(/\./g, '\\.')}\\n`));
  });
});

describe('the package checks can fail', () => {
  it('a package whose types path is missing fails both publint and attw', async () => {
    const copy = join(dest, 'broken-package');
    cpSync(join(import.meta.dirname, 'fixtures/broken-package'), copy, { recursive: true });
    const { tarball } = await packPackage(copy, dest);
    const fromPublint = await publintTarball(tarball);
    expect(fromPublint.join('\n')).toMatch(/publint error FILE_DOES_NOT_EXIST: .*missing\.d\.ts/);
    const fromAttw = await attwTarball(tarball);
    expect(fromAttw).toHaveLength(1);
    expect(fromAttw[0]).toMatch(/@fixture\/broken-types/);
  });
});
