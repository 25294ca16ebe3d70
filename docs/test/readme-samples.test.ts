// Each client's README is its npm page: its TypeScript must compile against the client as published, so a
// spec change that breaks the README's example fails here, the same way the site's samples do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVendors, repoRoot } from '@echo-openapi/tooling-core';
import { clientVariable } from '../src/code-samples.js';
import { typecheck, type SampleModule } from './helpers/samples.js';

const vendors = loadVendors();

/** The ```ts blocks of a vendor package's README.md, one module each. */
function readmeModules(packageDir: string, id: string): SampleModule[] {
  const readme = readFileSync(join(repoRoot, packageDir, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, i) => ({ name: `${id}/readme.${i + 1}`, source: match[1]! }));
}

describe.each(vendors)('$package README', (vendor) => {
  const modules = readmeModules(vendor.packageDir, vendor.id);

  it('has an example that uses the client', () => {
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.some((m) => m.source.includes(`${vendor.factory}(`))).toBe(true);
  });

  it('type-checks as a strict NodeNext project', () => {
    expect(typecheck(modules)).toEqual([]);
  });

  it('would fail on an operation the spec does not have (the check is live)', () => {
    const client = clientVariable(vendor);
    const broken = modules.map((m) => ({
      ...m,
      source: m.source.replace(new RegExp(`\\b${client}\\.([a-z]\\w*)\\(`), `${client}.$1NoSuchOperation(`),
    }));
    expect(broken.map((m) => m.source).join('')).toContain('NoSuchOperation(');
    expect(typecheck(broken).join('\n')).toMatch(new RegExp(`${vendor.id}/readme\\.\\d+:\\d+:\\d+ TS\\d+`));
  });
});
