import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Bundle, bundleSpec, loadApiModel, repoRoot, type Vendor } from '@echo-openapi/tooling-core';
import { parse } from 'yaml';
import type { GeneratedFile } from './generate.js';

/** Where @echo-openapi/specs keeps what it publishes. */
export const specsPackageDir = join(repoRoot, 'packages/specs/generated');

/**
 * The published @echo-openapi/specs: each vendor's spec bundled into one file (YAML as Redocly writes it, the
 * same as JSON, and dereferenced JSON for tools that do not follow $refs), plus the vendor facts a consumer
 * outside the repo needs (ports, error envelope), so the sandbox runs from npm without the repo.
 */
export async function renderSpecsPackage(vendors: Vendor[], bundles?: Bundle[]): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const [i, vendor] of vendors.entries()) {
    // The bundles codegen made already: the YAML one (`bundles`) and the dereferenced one behind the model.
    // Each is read back from its file, so no caller's in-memory changes reach what is published.
    const yaml = readFileSync((bundles?.[i] ?? (await bundleSpec(vendor, { ext: 'yaml' }))).path, 'utf8');
    const dereferenced = readFileSync((await loadApiModel(vendor)).bundlePath, 'utf8');
    files.push(
      { path: join(specsPackageDir, `${vendor.id}.yaml`), content: yaml },
      { path: join(specsPackageDir, `${vendor.id}.json`), content: `${JSON.stringify(parse(yaml), null, 2)}\n` },
      { path: join(specsPackageDir, `${vendor.id}.dereferenced.json`), content: `${JSON.stringify(parse(dereferenced), null, 2)}\n` },
    );
  }
  const facts = vendors.map(({ id, title, purpose, package: pkg, mockPort, sandboxPort, errorEnvelope }) => ({
    id,
    title,
    purpose,
    package: pkg,
    mockPort,
    sandboxPort,
    errorEnvelope,
  }));
  files.push({ path: join(specsPackageDir, 'vendors.json'), content: `${JSON.stringify(facts, null, 2)}\n` });
  return files;
}
