import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSpec, repoRoot, type Vendor } from '@echo-openapi/tooling-core';
import type { GeneratedFile } from './generate.js';

/** Where @echo-openapi/specs keeps what it publishes. */
export const specsPackageDir = join(repoRoot, 'packages/specs/generated');

/**
 * The published @echo-openapi/specs: each vendor's spec bundled into one file (YAML as Redocly writes it, the
 * same as JSON, and dereferenced JSON for tools that do not follow $refs), plus the vendor facts a consumer
 * outside the repo needs (ports, error envelope), so the sandbox runs from npm without the repo.
 */
export async function renderSpecsPackage(vendors: Vendor[]): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const vendor of vendors) {
    const bundled = await bundleSpec(vendor, { ext: 'yaml' });
    const dereferenced = await bundleSpec(vendor, { dereferenced: true });
    files.push(
      { path: join(specsPackageDir, `${vendor.id}.yaml`), content: readFileSync(bundled.path, 'utf8') },
      { path: join(specsPackageDir, `${vendor.id}.json`), content: `${JSON.stringify(bundled.document, null, 2)}\n` },
      { path: join(specsPackageDir, `${vendor.id}.dereferenced.json`), content: `${JSON.stringify(dereferenced.document, null, 2)}\n` },
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
