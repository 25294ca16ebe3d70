// The committed API reports match the packages' declarations, and an API change needs a changeset.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { repoRoot } from '@echo-openapi/tooling-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkApiReports, renderApiReport, reportPaths } from '../src/api-report.js';
import { publishablePackages } from '../src/workspace.js';

const work = mkdtempSync(join(tmpdir(), 'echo-api-report-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const runtime = publishablePackages().find((p) => p.name === '@echo-openapi/runtime')!;

describe('API reports', () => {
  it('are what the packages declare, and every change since the release has a changeset (the check CI runs)', () => {
    expect(checkApiReports()).toEqual([]);
  });

  it('list only the documented surface of the runtime (no internals exported from its entry)', () => {
    const report = renderApiReport(runtime);
    const entry = /## dist\/index\.d\.ts\n\n```ts\n([\s\S]*?)\n```/.exec(report)?.[1] ?? '';
    expect(entry).toContain('createVendorClient');
    for (const internal of [
      'createTransport',
      'vendorClientInternals',
      'applyScheme',
      'findOperation',
      'authMiddleware',
      'callMiddleware',
      'redactorFor',
    ])
      expect(entry).not.toContain(internal);
  });

  /** A copy of the runtime package and the reports, for the failing cases. */
  function sandbox(name: string): { root: string; pkg: typeof runtime } {
    const root = join(work, name);
    const dir = join(root, 'packages', basename(runtime.dir));
    cpSync(join(repoRoot, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
    cpSync(join(runtime.dir, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(runtime.dir, 'tsconfig.build.json'), join(dir, 'tsconfig.build.json'));
    cpSync(join(runtime.dir, 'node_modules'), join(dir, 'node_modules'), { recursive: true, dereference: false, verbatimSymlinks: true });
    cpSync(join(repoRoot, 'api-reports'), join(root, 'api-reports'), { recursive: true });
    return { root, pkg: { ...runtime, dir } };
  }

  it('fail, naming the package, when the API changes and the report is not rewritten', () => {
    const { root, pkg } = sandbox('stale');
    const index = join(pkg.dir, 'src/index.ts');
    writeFileSync(index, `${readFileSync(index, 'utf8')}export const added = 1;\n`);
    expect(checkApiReports(root, [pkg])).toEqual([
      { package: '@echo-openapi/runtime', problem: expect.stringMatching(/runtime\.api\.md is not the package's API: run `pnpm api-report`/) },
    ]);
  });

  it('fail when the rewritten report differs from the released one and no changeset covers the package', () => {
    const { root, pkg } = sandbox('no-changeset');
    const index = join(pkg.dir, 'src/index.ts');
    writeFileSync(index, `${readFileSync(index, 'utf8')}export const added = 1;\n`);
    writeFileSync(reportPaths(pkg, root).current, renderApiReport(pkg));
    expect(checkApiReports(root, [pkg])).toEqual([
      { package: '@echo-openapi/runtime', problem: expect.stringMatching(/no pending changeset covers @echo-openapi\/runtime/) },
    ]);
    // With a changeset, the same change passes.
    mkdirSync(join(root, '.changeset'));
    writeFileSync(join(root, '.changeset/api.md'), "---\n'@echo-openapi/runtime': minor\n---\n\nAdds `added`.\n");
    expect(checkApiReports(root, [pkg])).toEqual([]);
  });
});
