// pnpm docs: builds docs/dist from the specs alone.
//   dist/index.html                 landing page: every API's purpose, base URL, auth, rate limits, links
//   dist/<vendor>/index.html        Redoc reference (redocly build-docs, scripts inlined: works offline)
//   dist/<vendor>/openapi.{yaml,json}  the bundled spec, for download
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, bundleFile, loadVendors, runNode, specPath, type OpenApiDocument, type Vendor } from '@echo-openapi/tooling-core';
import { landingPage, type ApiSummary } from './landing.js';

const docsRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(docsRoot, 'dist');

async function buildVendor(vendor: Vendor): Promise<ApiSummary> {
  const outDir = join(dist, vendor.id);
  const yaml = await bundleFile(specPath(vendor), 'openapi', { outDir, ext: 'yaml' });
  await bundleFile(specPath(vendor), 'openapi', { outDir, ext: 'json' });
  const html = join(outDir, 'index.html');
  const result = await runNode(binPath('@redocly/cli', 'redocly'), [
    'build-docs',
    yaml.path,
    '--output',
    html,
    '--title',
    `${yaml.document.info.title} reference`,
    '--inlineBundle',
    '--templateOptions.metaDescription',
    `${vendor.title}: ${vendor.purpose}`,
  ]);
  if (result.code !== 0) throw new Error(`${vendor.title}: redocly build-docs failed:\n${result.stderr || result.stdout}`);
  return summarize(vendor, yaml.document);
}

/** What the landing page says of an API, read from its spec. */
export function summarize(vendor: Vendor, spec: OpenApiDocument): ApiSummary {
  const schemes = (spec.components?.securitySchemes ?? {}) as Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
  const describeScheme = (name: string) => {
    const s = schemes[name];
    if (!s) return name;
    if (s.type === 'http') return `Authorization: ${s.scheme === 'bearer' ? 'Bearer' : 'Basic'} <key>`;
    return `${s.in === 'query' ? 'query parameter' : 'header'} ${s.name}`;
  };
  const rateLimits = spec['x-rate-limits'] as { policies?: { description?: string; limit: number; windowSeconds: number }[] } | undefined;
  return {
    id: vendor.id,
    title: spec.info.title,
    purpose: vendor.purpose,
    version: spec.info.version,
    baseUrl: spec.servers?.[0]?.url ?? '',
    auth: (spec.security ?? []).map((requirement) => Object.keys(requirement).map(describeScheme).join(' and ')),
    rateLimits: (rateLimits?.policies ?? []).map((p) => p.description ?? `${p.limit} requests per ${p.windowSeconds} s`),
    operations: Object.values(spec.paths).reduce<number>((n, item) => n + Object.keys(item).filter((k) => /^(get|put|post|delete|patch)$/.test(k)).length, 0),
    package: vendor.package,
    factory: vendor.factory,
    mockPort: vendor.mockPort,
  };
}

async function main() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const summaries = await Promise.all(loadVendors().map(buildVendor));
  writeFileSync(join(dist, 'index.html'), landingPage(summaries));
  copyFileSync(join(docsRoot, 'src/assets/logo.svg'), join(dist, 'logo.svg'));
  console.log(`Docs built in ${dist}: ${summaries.map((s) => `${s.id}/`).join(', ')} and index.html`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
