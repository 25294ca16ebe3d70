// pnpm docs: builds docs/dist from the specs and specs/vendors.yaml alone.
//   dist/index.html                       landing page: every API's purpose, base URL, auth, rate limits, links
//   dist/mocks-and-contracts.html         running the mocks and the contract tests
//   dist/<vendor>/index.html              Redoc reference, with generated curl + TypeScript samples per operation
//   dist/<vendor>/getting-started.html    install, client, first call, mock, errors
//   dist/<vendor>/openapi.{yaml,json}     the bundled spec as authored (no code samples), for download
//   dist/assets/                          the one shared copy of Redoc (see redoc.ts) and its images
//   dist/sizes.json                       each page's size, raw and gzipped (also printed)
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleFile, loadVendors, specPath, type OpenApiDocument, type Vendor } from '@echo-openapi/tooling-core';
import { describeCredential } from './code-samples.js';
import { gettingStartedPage } from './getting-started.js';
import { guidePage } from './guide.js';
import { landingPage, type ApiSummary } from './landing.js';
import { siteNav } from './layout.js';
import { buildReference, installRedocAssets } from './redoc.js';
import { sitePage as webhooksPage } from './webhooks.js';

const docsRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(docsRoot, 'dist');

interface Built {
  vendor: Vendor;
  spec: OpenApiDocument;
  summary: ApiSummary;
}

/** The downloads: the bundled spec exactly as authored, in both formats. */
async function bundleVendor(vendor: Vendor): Promise<Built> {
  const outDir = join(dist, vendor.id);
  const yaml = await bundleFile(specPath(vendor), 'openapi', { outDir, ext: 'yaml' });
  await bundleFile(specPath(vendor), 'openapi', { outDir, ext: 'json' });
  return { vendor, spec: yaml.document, summary: summarize(vendor, yaml.document) };
}

/** What the landing page says of an API, read from its spec. */
export function summarize(vendor: Vendor, spec: OpenApiDocument): ApiSummary {
  const rateLimits = spec['x-rate-limits'] as { policies?: { description?: string; limit: number; windowSeconds: number }[] } | undefined;
  return {
    id: vendor.id,
    name: vendor.title,
    title: spec.info.title,
    purpose: vendor.purpose,
    version: spec.info.version,
    apiVersion: String(spec.info['x-api-version'] ?? ''),
    baseUrl: spec.servers?.[0]?.url ?? '',
    auth: (spec.security ?? []).map((requirement) => Object.keys(requirement).map((scheme) => describeCredential(spec, scheme, '<key>')).join(' and ')),
    rateLimits: (rateLimits?.policies ?? []).map((p) => p.description ?? `${p.limit} requests per ${p.windowSeconds} s`),
    operations: Object.values(spec.paths).reduce<number>((n, item) => n + Object.keys(item).filter((k) => /^(get|put|post|delete|patch)$/.test(k)).length, 0),
    package: vendor.package,
    factory: vendor.factory,
    mockPort: vendor.mockPort,
  };
}

export interface PageSize {
  page: string;
  bytes: number;
  gzip: number;
}

/** Every HTML, script and image file of the site with its size, raw and gzipped. */
export function pageSizes(root: string): PageSize[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return walk(root)
    .filter((file) => /\.(html|js|svg)$/.test(file))
    .sort()
    .map((file) => {
      const content = readFileSync(file);
      return { page: relative(root, file), bytes: content.length, gzip: gzipSync(content).length };
    });
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function main() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const vendors = loadVendors();
  const built = await Promise.all(vendors.map(bundleVendor));
  const apis = built.map((b) => b.summary);
  installRedocAssets(dist, join(docsRoot, 'src/assets'));
  // Two build-docs at a time: each prerenders a whole React app, and CI machines have two cores.
  for (let i = 0; i < built.length; i += 2) {
    await Promise.all(
      built.slice(i, i + 2).map(({ vendor, spec }) =>
        buildReference({ vendor, spec, output: join(dist, vendor.id, 'index.html'), nav: siteNav('../', apis) }),
      ),
    );
  }
  for (const { vendor, spec, summary } of built) writeFileSync(join(dist, vendor.id, 'getting-started.html'), gettingStartedPage(vendor, spec, summary, apis));
  writeFileSync(join(dist, 'index.html'), landingPage(apis));
  writeFileSync(join(dist, 'mocks-and-contracts.html'), guidePage(built, apis));
  writeFileSync(join(dist, webhooksPage.path), webhooksPage.render({ apis, vendors: built }));
  copyFileSync(join(docsRoot, 'src/assets/logo.svg'), join(dist, 'logo.svg'));
  const sizes = pageSizes(dist);
  writeFileSync(join(dist, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
  const width = Math.max(...sizes.map((s) => s.page.length));
  console.log(`Docs built in ${dist}:\n${sizes.map((s) => `  ${s.page.padEnd(width)}  ${kib(s.bytes).padStart(11)}  ${kib(s.gzip).padStart(10)} gzip`).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
