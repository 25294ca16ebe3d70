// pnpm docs: builds docs/dist from the specs and specs/vendors.yaml alone.
//   dist/index.html                       landing page: every API's purpose, base URL, auth, rate limits, links
//   dist/mocks-and-contracts.html         running the mocks and the contract tests
//   dist/<vendor>/index.html              Redoc reference, with generated curl + TypeScript samples per operation
//   dist/<vendor>/getting-started.html    install, client, first call, mock, errors
//   dist/<vendor>/openapi.{yaml,json}     the bundled spec as authored (no code samples), for download
//   dist/<page>.html                      every page a docs/src module registers (`export const sitePage`),
//                                         with the files and Redoc reference it ships (dist/sandbox/: the
//                                         sandbox's control API, control.openapi.yaml and index.html)
//   dist/assets/                          the one shared copy of Redoc (see redoc.ts) and its images, and the
//                                         cross-API search: MiniSearch and its prebuilt index (search.ts)
//   dist/sizes.json                       each page's size, raw and gzipped (also printed)
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleFile, loadVendors, specPath, type OpenApiDocument, type Vendor } from '@echo-openapi/tooling-core';
import { describeCredential, modelOf } from './code-samples.js';
import { gettingStartedPage } from './getting-started.js';
import { guidePage } from './guide.js';
import { landingPage, type ApiSummary } from './landing.js';
import { registerNavPage, siteNav, type SitePage } from './layout.js';
import { buildRedocPage, buildReference, installRedocAssets } from './redoc.js';
import { guideDocuments, referenceDocuments, writeSearchAssets } from './search.js';

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
    auth: modelOf(spec).security.map((schemes) => schemes.map((scheme) => describeCredential(spec, scheme, '<key>')).join(' and ')),
    rateLimits: (rateLimits?.policies ?? []).map((p) => p.description ?? `${p.limit} requests per ${p.windowSeconds} s`),
    operations: modelOf(spec).operations.length,
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

/** Every module of docs/src that exports a `sitePage` (see SitePage in layout.ts), e.g. the webhooks guide. */
async function registeredPages(): Promise<SitePage[]> {
  const src = join(docsRoot, 'src');
  const own = new Set(['build.ts', 'serve.ts']);
  const pages: SitePage[] = [];
  for (const file of readdirSync(src)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !own.has(name))
    .sort()) {
    const module = (await import(pathToFileURL(join(src, file)).href)) as { sitePage?: SitePage };
    if (module.sitePage) pages.push(module.sitePage);
  }
  return pages;
}

async function main() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const vendors = loadVendors();
  const built = await Promise.all(vendors.map(bundleVendor));
  const apis = built.map((b) => b.summary);
  const extraPages = await registeredPages();
  for (const extra of extraPages) registerNavPage(extra);
  installRedocAssets(dist, join(docsRoot, 'src/assets'));
  // Two build-docs at a time: each prerenders a whole React app, and CI machines have two cores.
  for (let i = 0; i < built.length; i += 2) {
    await Promise.all(
      built
        .slice(i, i + 2)
        .map(({ vendor, spec }) => buildReference({ vendor, spec, output: join(dist, vendor.id, 'index.html'), nav: siteNav('../', apis) })),
    );
  }
  // The references the registered pages come with (the sandbox's control API).
  for (const extra of extraPages) {
    const reference = extra.reference?.({ apis, vendors: built.map(({ vendor, spec }) => ({ vendor, spec })) });
    if (!reference) continue;
    if (!/^[^/]+\/index\.html$/.test(reference.path))
      throw new Error(`${extra.path}: its reference must be <folder>/index.html, not ${reference.path}`);
    await buildRedocPage({
      ...reference,
      name: extra.label,
      output: join(dist, reference.path),
      nav: siteNav('../', apis),
      current: `../${extra.path}`,
    });
  }
  // The hand-built pages, then the search index over them and the references.
  const guides: { path: string; html: string; api: string }[] = [];
  for (const { vendor, spec, summary } of built)
    guides.push({ path: `${vendor.id}/getting-started.html`, html: gettingStartedPage(vendor, spec, summary, apis), api: vendor.title });
  guides.push({ path: 'mocks-and-contracts.html', html: guidePage(built, apis), api: 'All APIs' });
  for (const extra of extraPages)
    guides.push({
      path: extra.path,
      html: await extra.render({ apis, vendors: built.map(({ vendor, spec }) => ({ vendor, spec })) }),
      api: 'All APIs',
    });
  for (const guide of guides) {
    mkdirSync(dirname(join(dist, guide.path)), { recursive: true });
    writeFileSync(join(dist, guide.path), guide.html);
  }
  for (const [path, source] of extraPages.flatMap((extra) => Object.entries(extra.files ?? {}))) {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    copyFileSync(source, join(dist, path));
  }
  const documents = [
    ...built.flatMap(({ vendor, spec }) => referenceDocuments(vendor, spec)),
    ...guides.flatMap((g) => guideDocuments(g.path, g.html, g.api)),
  ];
  writeSearchAssets(dist, documents);
  writeFileSync(join(dist, 'index.html'), landingPage(apis, documents.length));
  copyFileSync(join(docsRoot, 'src/assets/logo.svg'), join(dist, 'logo.svg'));
  const sizes = pageSizes(dist);
  writeFileSync(join(dist, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
  const width = Math.max(...sizes.map((s) => s.page.length));
  console.log(
    `Docs built in ${dist} (search: ${documents.length} documents):\n${sizes.map((s) => `  ${s.page.padEnd(width)}  ${kib(s.bytes).padStart(11)}  ${kib(s.gzip).padStart(10)} gzip`).join('\n')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
