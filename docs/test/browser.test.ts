// The built site in a real browser (Debian's Chromium driven by playwright-core), served by the project's
// static server on a free 127.0.0.1 port: every page loads without console errors, failed requests or any
// request leaving this machine; every operation of every spec renders in its Redoc page; every link on the
// landing, guide and getting-started pages resolves; each page is screenshotted to reports/docs/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVendors, repoRoot } from '@echo-openapi/tooling-core';
import { operationsOf } from '../src/code-samples.js';
import { firstCallOperation } from '../src/getting-started.js';
import { distDir, startStaticServer } from '../src/static-server.js';
import { builtSpec } from './helpers/samples.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const reports = join(repoRoot, 'reports/docs');
const vendors = loadVendors();

/** Every page of the site: [screenshot name, path from the site root]. */
const pages: [string, string][] = [
  ['index', 'index.html'],
  ['mocks-and-contracts', 'mocks-and-contracts.html'],
  ...vendors.flatMap((v): [string, string][] => [
    [`${v.id}-getting-started`, `${v.id}/getting-started.html`],
    [`${v.id}-reference`, `${v.id}/index.html`],
  ]),
];
/** The pages whose every link must resolve. */
const linkPages = pages.filter(([, path]) => !path.endsWith('/index.html'));

let browser: Browser;
let server: { url: string; close(): Promise<void> };
/** Each page's HTML and everything it loads, raw and gzipped (what a first visit downloads). */
const weights: { page: string; html: number; htmlGzip: number; total: number; totalGzip: number; files: number }[] = [];

/** Redoc's route for a tag: the slug it derives from the tag name (checked: the section must exist). */
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

interface Visit {
  page: Page;
  problems: string[];
  /** The site's files the page loaded (paths under dist/). */
  files: Set<string>;
}

/** Opens a page recording everything that counts as broken; any request off 127.0.0.1 is refused and reported. */
async function visit(path: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const result: Visit = { page, problems: [], files: new Set() };
  const local = new URL(server.url).host;
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host !== local) {
      result.problems.push(`request off this machine: ${url.href}`);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  page.on('requestfailed', (r) => {
    if (new URL(r.url()).host === local) result.problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') result.problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => result.problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) result.problems.push(`HTTP ${r.status()}: ${r.url()}`);
    const url = new URL(r.url());
    if (url.host === local) result.files.add(decodeURIComponent(url.pathname).replace(/^\//, '').replace(/(^|\/)$/, '$1index.html'));
  });
  await page.goto(`${server.url}/${path}`, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForLoadState('networkidle', { timeout: 120_000 });
  return result;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the docs browser tests need it. .ci/run installs it (apt-get install chromium); set CHROMIUM_PATH to use another build.`);
  }
  mkdirSync(reports, { recursive: true });
  // Port 0: the OS picks a free port, so the test never collides with `pnpm docs:serve` on 8080.
  server = await startStaticServer({ port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (weights.length) {
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);
    const lines = weights
      .sort((a, b) => a.page.localeCompare(b.page))
      .map((w) => `${w.page.padEnd(32)} ${kib(w.html)} ${kib(w.htmlGzip)} ${kib(w.total)} ${kib(w.totalGzip)} ${String(w.files).padStart(6)}`);
    writeFileSync(
      join(reports, 'sizes.txt'),
      `${'page'.padEnd(32)} ${'html'.padStart(11)} ${'html gzip'.padStart(11)} ${'with assets'.padStart(11)} ${'gzip'.padStart(11)}  files\n${lines.join('\n')}\n` +
        '(with assets: the page and every file it loaded on a first visit; the Redoc script is one shared file, cached across the references)\n',
    );
  }
});

describe.each(pages)('%s', (name, path) => {
  it('loads with no console errors, failed or remote requests, and is screenshotted', async () => {
    const v = await visit(path);
    try {
      if (path.endsWith('/index.html')) {
        // Redoc has hydrated once its sidebar answers: the overview route is rendered by the script.
        await v.page.waitForFunction(() => document.querySelectorAll('[data-section-id]').length > 0, undefined, { timeout: 60_000 });
        await v.page.waitForTimeout(500);
      }
      await v.page.screenshot({ path: join(reports, `${name}.png`), fullPage: true });
      expect(v.problems).toEqual([]);
      const size = (file: string) => {
        const content = readFileSync(join(distDir, file));
        return { raw: content.length, gzip: gzipSync(content).length };
      };
      const html = size(path);
      const all = [...v.files].map(size);
      weights.push({
        page: path,
        html: html.raw,
        htmlGzip: html.gzip,
        total: all.reduce((n, s) => n + s.raw, 0),
        totalGzip: all.reduce((n, s) => n + s.gzip, 0),
        files: all.length,
      });
    } finally {
      await v.page.context().close();
    }
  }, 180_000);
});

describe.each(vendors)('$title reference', (vendor) => {
  it('renders every operation of the spec', async () => {
    const operations = operationsOf(builtSpec(vendor));
    expect(operations.length).toBeGreaterThan(0);
    const byTag = new Map<string, typeof operations>();
    for (const op of operations) byTag.set(op.tag ?? '', [...(byTag.get(op.tag ?? '') ?? []), op]);
    const v = await visit(`${vendor.id}/index.html`);
    try {
      const missing: string[] = [];
      for (const [tag, ops] of byTag) {
        // Redoc routes by hash; opening a tag's route renders all of its operations.
        await v.page.evaluate((hash) => (window.location.hash = hash), `#/${slug(tag)}`);
        for (const op of ops) {
          const id = `/${slug(tag)}/${op.operationId.toLowerCase()}`;
          // Sections below the fold render lazily (and re-render as the route settles): keep bringing the
          // section into view until it shows the operation's summary and path.
          const shown = await v.page
            .waitForFunction(
              ({ id, summary, path }) => {
                const section = document.querySelector(`[data-section-id="${id}"]`) as HTMLElement | null;
                if (!section) return false;
                const text = section.innerText;
                if (text.includes(summary) && text.includes(path)) return true;
                section.scrollIntoView();
                return false;
              },
              { id, summary: op.summary, path: op.path },
              { timeout: 30_000, polling: 250 },
            )
            .then(
              () => true,
              () => false,
            );
          if (!shown) missing.push(`${op.operationId} (${op.method.toUpperCase()} ${op.path}, tag ${tag}): no section ${id} showing its summary and path`);
        }
      }
      expect(missing).toEqual([]);
      // A screenshot of one operation with its generated samples, as a reader lands on it from a link.
      const first = firstCallOperation(vendor, builtSpec(vendor));
      await v.page.evaluate((hash) => (window.location.hash = hash), `#/${slug(first.tag ?? '')}/${first.operationId.toLowerCase()}`);
      await v.page.waitForTimeout(1500);
      await v.page.screenshot({ path: join(reports, `${vendor.id}-reference-operation.png`) });
      expect(v.problems).toEqual([]);
    } finally {
      await v.page.context().close();
    }
  }, 300_000);
});

describe.each(linkPages)('links on %s', (_name, path) => {
  it('all resolve: internal pages answer 200, anchors exist, nothing points off the site', async () => {
    const v = await visit(path);
    try {
      const hrefs = await v.page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      expect(hrefs.length).toBeGreaterThan(0);
      const broken: string[] = [];
      for (const href of new Set(hrefs)) {
        const url = new URL(href);
        if (url.origin !== new URL(server.url).origin) {
          broken.push(`${href}: leaves the site (the docs must work offline)`);
          continue;
        }
        const response = await v.page.request.get(`${url.origin}${url.pathname}`);
        if (response.status() !== 200) {
          broken.push(`${href}: HTTP ${response.status()}`);
          continue;
        }
        if (url.hash) {
          const id = decodeURIComponent(url.hash.slice(1));
          const body = await response.text();
          if (!body.includes(`id="${id}"`)) broken.push(`${href}: no element with id "${id}"`);
        }
      }
      expect(broken).toEqual([]);
    } finally {
      await v.page.context().close();
    }
  }, 180_000);
});
