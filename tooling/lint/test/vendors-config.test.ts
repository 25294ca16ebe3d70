// redocly.yaml's apis and specs/vendors.yaml agree today, and each kind of drift is an error at its line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVendors, repoRoot } from '@echo-openapi/tooling-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRedoclyApis, checkVendorDependencies } from '../src/vendors-config.js';

const work = mkdtempSync(join(tmpdir(), 'echo-vendors-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const vendors = loadVendors();
const real = readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8');

/** A copy of redocly.yaml with `edit` applied; the edit must change something. */
function variant(name: string, edit: (text: string) => string): string {
  const text = edit(real);
  expect(text, `${name}: the edit applies`).not.toBe(real);
  const file = join(work, `${name}.redocly.yaml`);
  writeFileSync(file, text);
  return file;
}
const lineOf = (file: string, needle: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(needle)) + 1;

describe('package.json files that use the vendor packages as a set', () => {
  it('list every vendor package in the repository', () => {
    expect(checkVendorDependencies(vendors)).toEqual([]);
  });

  it('are an error, at the dependency block, when a vendor is added and they are not', () => {
    const fifth = { ...vendors[0]!, id: 'toy', package: '@echo-openapi/toy', packageDir: 'packages/toy' };
    const problems = checkVendorDependencies([...vendors, fifth]);
    const users = ['docs/package.json', 'packages/sandbox/package.json', 'tooling/release/package.json'].map((f) => join(repoRoot, f));
    expect(problems.map((p) => p.file).sort()).toEqual(users);
    for (const p of problems) {
      expect(p.line).toBe(lineOf(p.file, '"devDependencies"'));
      expect(p.message).toBe(
        'Uses the vendor packages as a set but lacks @echo-openapi/toy (specs/vendors.yaml): add "@echo-openapi/toy": "workspace:*" to devDependencies.',
      );
    }
  });
});

describe('redocly.yaml apis against specs/vendors.yaml', () => {
  it('agree in the repository', () => {
    expect(checkRedoclyApis(vendors)).toEqual([]);
  });

  it('a vendor without an apis entry is an error naming it and the entry to add', () => {
    const [first] = vendors;
    const file = variant('missing', (t) =>
      t.replace(new RegExp(`  ${first!.id}@v\\d+:\\n    root: .*\\n    x-openapi-ts:\\n      output: .*\\n`), ''),
    );
    const problems = checkRedoclyApis(vendors, file);
    expect(problems).toEqual([
      expect.objectContaining({
        tool: 'vendors',
        file,
        line: lineOf(file, 'apis:') + 1,
        message: expect.stringContaining(`No apis entry for vendor ${first!.id}`),
      }),
    ]);
  });

  it('an entry that is no vendor, and a wrong types output, are errors at their lines', () => {
    const last = vendors.at(-1)!;
    const file = variant('drift', (t) =>
      t
        .replace(`output: ${last.packageDir}/src/generated/schema.ts`, 'output: somewhere/else.ts')
        .replace('apis:\n', 'apis:\n  ghost@v1:\n    root: specs/ghost/openapi.yaml\n'),
    );
    const problems = checkRedoclyApis(vendors, file);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [lineOf(file, 'somewhere/else.ts'), expect.stringContaining(`x-openapi-ts.output must be ${last.packageDir}/src/generated/schema.ts`)],
      [lineOf(file, 'ghost@v1'), expect.stringContaining('apis entry ghost@v1 (root specs/ghost/openapi.yaml) is no vendor in specs/vendors.yaml')],
    ]);
  });
});
