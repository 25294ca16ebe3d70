// The generated code is reproducible and its staleness check can fail.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVendors, repoRoot } from '@echo-openapi/tooling-core';
import { generate, render, staleFiles } from '../src/generate.js';

const vendors = loadVendors();
const work = mkdtempSync(join(tmpdir(), 'echo-codegen-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('generated code', () => {
  it('is what the committed specs generate (the --check CI runs)', async () => {
    expect(await generate({ check: true })).toEqual([]);
  });

  it('is reported stale, by file, when a spec changes and the code is not regenerated', async () => {
    const echocue = vendors.find((v) => v.id === 'echocue')!;
    const copy = join(work, 'echocue');
    cpSync(join(repoRoot, 'specs/echocue'), copy, { recursive: true });
    const copied = { ...echocue, spec: join(copy, 'openapi.yaml') };
    expect(staleFiles(await render(copied)), 'an identical copy generates identical code').toEqual([]);
    const pathFile = join(copy, 'paths/api_stats_credits.yaml');
    writeFileSync(pathFile, readFileSync(pathFile, 'utf8').replace('operationId: getCreditStats', 'operationId: getCreditBalance'));
    const files = await render(copied);
    expect(staleFiles(files)).toEqual(['packages/echocue/src/generated/schema.ts', 'packages/echocue/src/generated/vendor.ts']);
  });

  it('is reported stale when a committed file was edited by hand', async () => {
    const files = (await Promise.all(vendors.map(render))).flat();
    const edited = files[0]!.path;
    const read = (path: string) => readFileSync(path, 'utf8') + (path === edited ? '// hand edit\n' : '');
    expect(staleFiles(files, read)).toEqual([edited.slice(repoRoot.length + 1)]);
  });

  it('carries the runtime facts of each spec', async () => {
    const [, vendorModule] = await render(vendors.find((v) => v.id === 'echocue')!);
    expect(vendorModule!.content).toContain('"windowSeconds": 86400');
    expect(vendorModule!.content).toMatch(/"sendSms": \{[^}]*"idempotent": false,\s*"sideEffects"/);
  });
});
