// Writes TypeScript samples as modules next to the docs package (so `@echo-openapi/*` resolves to the
// workspace clients, built by turbo before the docs test) and type-checks them with the compiler API.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadVendors, type OpenApiDocument, type Vendor } from '@echo-openapi/tooling-core';
import { typecheckAsUser, type UserModule, writeModules } from '@echo-openapi/tooling-core/typecheck';

export { writeModules };
import { operationsOf, pythonSample, typescriptSample } from '../../src/code-samples.js';
import { gettingStartedModules } from '../../src/getting-started.js';
import { distDir } from '../../src/static-server.js';

export const docsRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** One module: `name` is `<vendor>/<operationId>` (or `<vendor>/getting-started.<part>`), used in diagnostics. */
export type SampleModule = UserModule;

/** The clean bundled spec the build wrote for a vendor. */
export function builtSpec(vendor: Vendor): OpenApiDocument {
  return JSON.parse(readFileSync(join(distDir, vendor.id, 'openapi.json'), 'utf8')) as OpenApiDocument;
}

/** Every TypeScript sample of the site: one per operation of every spec, and the getting-started modules. */
export function siteSamples(vendors = loadVendors()): SampleModule[] {
  return vendors.flatMap((vendor) => {
    const spec = builtSpec(vendor);
    const perOperation = operationsOf(spec).map((op) => ({ name: `${vendor.id}/${op.operationId}`, source: typescriptSample(vendor, spec, op) }));
    const guide = Object.entries(gettingStartedModules(vendor, spec)).map(([part, source]) => ({
      name: `${vendor.id}/getting-started.${part}`,
      source,
    }));
    return [...perOperation, ...guide];
  });
}

/** A fresh, gitignored folder inside docs/ (module resolution must find docs/node_modules). */
export function scratchDir(label: string): string {
  const base = join(docsRoot, '.build');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${label}-`));
}

/** Type-checks the modules as a user's strict NodeNext project would; returns `name:line:col TSxxxx message` lines. */
export function typecheck(modules: SampleModule[]): string[] {
  return typecheckAsUser(join(docsRoot, '.build'), modules);
}

/** Every Python sample of the site: one per operation of every spec. */
export function sitePythonSamples(vendors = loadVendors()): SampleModule[] {
  return vendors.flatMap((vendor) => {
    const spec = builtSpec(vendor);
    return operationsOf(spec).map((op) => ({ name: `${vendor.id}/${op.operationId}`, source: pythonSample(vendor, spec, op) }));
  });
}

/** Why Python samples cannot be compiled here, or undefined when python3 is available. */
export function pythonUnavailable(): string | undefined {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : `python3 is not installed (${probe.error?.message ?? probe.stderr.trim()})`;
}

/** Compiles the modules with `python3 -m py_compile`; returns the names of those that fail, with Python's message. */
export function pyCompile(modules: SampleModule[]): string[] {
  const dir = scratchDir('pycompile');
  try {
    const files = modules.map((m) => {
      const file = join(dir, `${m.name}.py`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, m.source);
      return file;
    });
    const result = spawnSync('python3', ['-m', 'py_compile', ...files], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPYCACHEPREFIX: join(dir, '.pycache') },
    });
    if (result.status === 0) return [];
    // py_compile reports each failing file by path; name the module instead.
    const failed = modules.filter((m) => result.stderr.includes(`${m.name}.py`));
    return failed.length
      ? failed.map(
          (m) =>
            `${m.name}: ${result.stderr
              .split('\n')
              .find((line) => line.includes(`${m.name}.py`))
              ?.trim()}`,
        )
      : [`python3 -m py_compile failed: ${result.stderr}`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
