// The built site in a real browser (Debian's Chromium driven by playwright-core), served by the project's
// static server on a free 127.0.0.1 port UNDER A SUB-PATH (/echo-openapi/, as GitHub Pages serves it; anything
// outside it is a 404): every page loads without console errors, failed requests or any request leaving this
// machine; every operation of every spec renders in its Redoc page; every link on the landing, guide and
// getting-started pages resolves; each page is screenshotted to reports/docs/. Then what a reader sees: the
// sample switcher's languages, the cross-API search, provenance notes, the logo and title, copy buttons, and
// the 390 px layout (see the describe blocks below).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVendors, repoRoot } from '@echo-openapi/tooling-core';
import { curlSample, operationsOf, pythonSample, typescriptSample } from '../src/code-samples.js';
import { firstCallOperation, gettingStartedModules } from '../src/getting-started.js';
import { INFERRED_LABEL, SOURCE_LABEL } from '../src/provenance.js';
import { operationRoute, schemaRoute } from '../src/redoc.js';
import { referenceDocuments } from '../src/search.js';
import { distDir, startStaticServer } from '../src/static-server.js';
import { builtSpec } from './helpers/samples.js';

/** GitHub Pages serves a project site under /<repository>/: every test runs the site there. */
const BASE_PATH = '/echo-openapi';
const reports = join(repoRoot, 'reports/docs');
const vendors = loadVendors();

/** Every page of the site: [screenshot name, path from the site root]. */
const pages: [string, string][] = [
  ['index', 'index.html'],
  ['mocks-and-contracts', 'mocks-and-contracts.html'],
  ['sandbox', 'sandbox.html'],
  ['webhooks', 'webhooks.html'],
  ['sandbox-reference', 'sandbox/index.html'],
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

interface Visit {
  page: Page;
  problems: string[];
  /** The site's files the page loaded (paths under dist/). */
  files: Set<string>;
}

/** Opens a page recording everything that counts as broken; any request off 127.0.0.1 is refused and reported. */
async function visit(path: string, contextOptions: BrowserContextOptions = { viewport: { width: 1366, height: 900 } }): Promise<Visit> {
  const context = await browser.newContext(contextOptions);
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
    if (url.host === local && url.pathname.startsWith(`${BASE_PATH}/`))
      result.files.add(decodeURIComponent(url.pathname.slice(BASE_PATH.length + 1)).replace(/(^|\/)$/, '$1index.html'));
  });
  // A minute at most for any one wait (a local static server; Redoc hydrates in up to 15 s on a loaded machine).
  await page.goto(`${server.url}/${path}`, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 60_000 });
  return result;
}

beforeAll(async () => {
  mkdirSync(reports, { recursive: true });
  // Port 0: the OS picks a free port, so the test never collides with `pnpm docs:serve` on 8080.
  server = await startStaticServer({ port: 0, basePath: BASE_PATH });
  browser = await launchChromium();
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

/** Waits until a Redoc page has hydrated: its sections are rendered by the script (slow on a loaded machine). */
async function redocHydrated(v: Visit): Promise<void> {
  await v.page.waitForFunction(() => document.querySelectorAll('[data-section-id]').length > 0, undefined, { timeout: 60_000 });
}

/**
 * Waits until the page stops changing: the same size and number of elements for a full second, and every image
 * loaded. Redoc keeps rendering after load, a click or a hash change; a screenshot or a layout check taken
 * mid-wave sees half a page. (Was a fixed 500-1500 ms sleep, a guess a loaded machine can outlast.)
 */
async function layoutSettled(v: Visit): Promise<void> {
  await v.page.evaluate(() => delete (window as unknown as { settled?: unknown }).settled);
  await v.page.waitForFunction(
    () => {
      const layout = `${document.body.scrollHeight} ${document.body.scrollWidth} ${document.getElementsByTagName('*').length}`;
      const seen = window as unknown as { settled?: { layout: string; since: number } };
      if (seen.settled?.layout !== layout) seen.settled = { layout, since: Date.now() };
      return Date.now() - seen.settled.since >= 1_000 && [...document.images].every((image) => image.complete);
    },
    undefined,
    { timeout: 60_000, polling: 250 },
  );
}

describe.each(pages)('%s', (name, path) => {
  it('loads with no console errors, failed or remote requests, and is screenshotted', async () => {
    const v = await visit(path);
    try {
      if (path.endsWith('/index.html')) {
        await redocHydrated(v);
      }
      await layoutSettled(v);
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
        await v.page.evaluate((hash) => (window.location.hash = hash), `#${operationRoute(tag, '').replace(/\/$/, '')}`);
        for (const op of ops) {
          const id = operationRoute(tag, op.operationId);
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
          if (!shown)
            missing.push(`${op.operationId} (${op.method.toUpperCase()} ${op.path}, tag ${tag}): no section ${id} showing its summary and path`);
        }
      }
      expect(missing).toEqual([]);
      // A screenshot of one operation with its generated samples, as a reader lands on it from a link.
      const first = firstCallOperation(vendor, builtSpec(vendor));
      await openSection(v, operationRoute(first.tag, first.operationId), first.path);
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
        if (url.origin !== new URL(server.url).origin || !url.pathname.startsWith(`${BASE_PATH}/`)) {
          broken.push(`${href}: leaves the site (the docs must work offline, under any sub-path)`);
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

// ---------------------------------------------------------------------------------------------------------
// What a reader sees and does.

const vendorById = (id: string) => {
  const vendor = vendors.find((v) => v.id === id);
  if (!vendor) throw new Error(`No vendor ${id} in specs/vendors.yaml`);
  return vendor;
};

/**
 * Opens a reference at an operation's (or schema's) route and waits until its section shows `text` and the
 * page has settled. Redoc renders the sections around a route in waves after the hash changes, growing the
 * page by thousands of pixels and re-scrolling to the section; a click aimed during a wave can miss. So the
 * section must keep the same place in an unchanged page for a full second first.
 */
async function openSection(v: Visit, route: string, text: string): Promise<void> {
  await redocHydrated(v);
  await v.page.evaluate((hash) => (window.location.hash = hash), `#${route}`);
  await v.page.waitForFunction(
    ({ route, text }) => {
      const section = document.querySelector(`[data-section-id="${route}"]`) as HTMLElement | null;
      if (!section) return false;
      section.scrollIntoView();
      if (!section.innerText.replace(/\s+/g, ' ').includes(text)) return false;
      const layout = `${document.body.scrollHeight} ${section.getBoundingClientRect().top + window.scrollY}`;
      const seen = window as unknown as { settling?: { layout: string; since: number } };
      if (seen.settling?.layout !== layout) seen.settling = { layout, since: Date.now() };
      return Date.now() - seen.settling.since >= 1_000;
    },
    { route, text: text.replace(/\s+/g, ' ') },
    { timeout: 60_000, polling: 250 },
  );
}

/** The text of the request sample shown in a section, and the language its switcher shows. */
function shownSample(v: Visit, route: string): Promise<{ language: string; code: string } | undefined> {
  return v.page.evaluate((route) => {
    const section = document.querySelector(`[data-section-id="${route}"]`);
    const switcher = [...(section?.querySelectorAll('button') ?? [])].find((b) =>
      ['curl', 'TypeScript', 'Python', 'Payload'].includes(b.textContent?.trim() ?? ''),
    );
    let panel: Element | null | undefined = switcher;
    while (panel && !panel.querySelector('pre')) panel = panel.parentElement;
    const pre = panel?.querySelector('pre');
    return switcher && pre ? { language: switcher.textContent!.trim(), code: (pre as HTMLElement).innerText } : undefined;
  }, route);
}

/**
 * Picks a language in the section's sample switcher, as a reader does: open the menu, click the entry. Once a
 * loaded CI machine left Redoc's menu entry "outside of the viewport" for Playwright's hit test through 30 s of
 * retries; then the entry gets the same DOM click without the hit test (logged, with a screenshot). Either way
 * the check that follows is what counts: the switcher must show `language` and its sample.
 */
async function chooseLanguage(v: Visit, route: string, language: string): Promise<void> {
  const section = v.page.locator(`[data-section-id="${route}"]`);
  await section
    .locator('button', { hasText: /^(curl|TypeScript|Python|Payload)$/ })
    .first()
    .click();
  const entry = v.page.getByRole('menuitem', { name: language, exact: true });
  await entry.click({ timeout: 10_000 }).catch(async (error: Error) => {
    const screenshot = join(reports, `menu-click-fallback-${route.replace(/\W+/g, '-').slice(1)}-${language.toLowerCase()}.png`);
    await v.page.screenshot({ path: screenshot });
    console.warn(`${route} ${language}: the menu entry took no click (${error.message.split('\n')[0]}); see ${screenshot}`);
    await entry.dispatchEvent('click');
  });
  await v.page.waitForFunction(
    ({ route, language }) => {
      const section = document.querySelector(`[data-section-id="${route}"]`);
      return [...(section?.querySelectorAll('button') ?? [])].some((b) => b.textContent?.trim() === language);
    },
    { route, language },
  );
}

const normalize = (code: string) =>
  code
    .replace(/\u00a0/g, ' ')
    .replace(/\s+$/g, '')
    .replace(/[ \t]+\n/g, '\n');

describe('code samples: the switcher offers curl, TypeScript and Python, and shows each', () => {
  const cases = [
    { vendor: 'echocue', operationId: 'sendSms' },
    { vendor: 'echowin', operationId: 'createContact' },
    { vendor: 'userecho', operationId: firstCallOperation(vendorById('userecho'), builtSpec(vendorById('userecho'))).operationId },
  ];
  it.each(cases)(
    '$vendor $operationId',
    async ({ vendor: id, operationId }) => {
      const vendor = vendorById(id);
      const spec = builtSpec(vendor);
      const op = operationsOf(spec).find((o) => o.operationId === operationId);
      if (!op) throw new Error(`${vendor.title} has no operation ${operationId}`);
      const route = operationRoute(op.tag, op.operationId);
      const v = await visit(`${vendor.id}/index.html`);
      try {
        await openSection(v, route, op.path);
        const expected: Record<string, string> = {
          TypeScript: typescriptSample(vendor, spec, op),
          Python: pythonSample(vendor, spec, op),
          curl: curlSample(vendor, spec, op),
        };
        for (const [language, source] of Object.entries(expected)) {
          await chooseLanguage(v, route, language);
          const shown = await shownSample(v, route);
          expect(shown?.language).toBe(language);
          expect(normalize(shown?.code ?? ''), `${operationId} ${language}`).toBe(normalize(source));
          await v.page.locator(`[data-section-id="${route}"]`).scrollIntoViewIfNeeded();
          await v.page.screenshot({ path: join(reports, `samples-${vendor.id}-${operationId}-${language.toLowerCase()}.png`) });
        }
        expect(v.problems).toEqual([]);
      } finally {
        await v.page.context().close();
      }
    },
    180_000,
  );
});

describe('code samples: the copy icon sits above the first line, not over it', () => {
  it.each([
    { vendor: 'echocue', operationId: 'sendSms' },
    { vendor: 'echowin', operationId: 'createContact' },
  ])(
    '$vendor $operationId',
    async ({ vendor: id, operationId }) => {
      const vendor = vendorById(id);
      const op = operationsOf(builtSpec(vendor)).find((o) => o.operationId === operationId)!;
      const route = operationRoute(op.tag, op.operationId);
      const v = await visit(`${vendor.id}/index.html`);
      try {
        await openSection(v, route, op.path);
        await chooseLanguage(v, route, 'curl');
        const overlap = await v.page.evaluate((route) => {
          const section = document.querySelector(`[data-section-id="${route}"]`)!;
          const results: string[] = [];
          for (const pre of section.querySelectorAll('pre')) {
            const copy = pre.parentElement?.querySelector('[data-testid="copy-button"]');
            if (!copy) continue;
            const button = copy.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(pre);
            const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
            const firstTop = Math.min(...rects.map((r) => r.top));
            const firstLine = rects.filter((r) => r.top < firstTop + 4);
            for (const r of firstLine) {
              if (r.left < button.right && r.right > button.left && r.top < button.bottom && r.bottom > button.top)
                results.push(`copy icon over "${pre.innerText.split('\n')[0]}"`);
            }
            results.push(`checked:${firstLine.length}`);
          }
          return results;
        }, route);
        expect(overlap.filter((o) => o.startsWith('checked:')).length).toBeGreaterThan(0);
        expect(overlap.filter((o) => !o.startsWith('checked:'))).toEqual([]);
      } finally {
        await v.page.context().close();
      }
    },
    120_000,
  );
});

describe('search across every API from the landing page', () => {
  /** Types a query on the landing page, returns the result links' text and href. */
  async function search(v: Visit, query: string): Promise<{ text: string; href: string }[]> {
    await v.page.locator('#search-input').fill(query);
    await v.page.waitForFunction(() => document.querySelectorAll('#search-results a').length > 0, undefined, { timeout: 10_000 });
    return v.page.$$eval('#search-results a', (as) => as.map((a) => ({ text: (a as HTMLElement).innerText, href: a.getAttribute('href') ?? '' })));
  }

  it('finds an operation of each API by its summary and deep-links into its reference', async () => {
    for (const vendor of vendors) {
      const spec = builtSpec(vendor);
      const op = operationsOf(spec).find((o) => o.method === 'post') ?? operationsOf(spec)[0]!;
      const v = await visit('index.html');
      try {
        const results = await search(v, op.summary);
        const expected = `${vendor.id}/index.html#${operationRoute(op.tag, op.operationId)}`;
        expect(
          results.map((r) => r.href),
          `${vendor.title}: "${op.summary}"`,
        ).toContain(expected);
        if (vendor === vendors[0]) await v.page.screenshot({ path: join(reports, 'search-results.png') });
        await v.page.locator(`#search-results a[href="${expected}"]`).click();
        await v.page.waitForURL(`**/${BASE_PATH.slice(1)}/${expected}`);
        await openSection(v, operationRoute(op.tag, op.operationId), op.summary);
        expect(v.problems).toEqual([]);
      } finally {
        await v.page.context().close();
      }
    }
  }, 240_000);

  it('finds a schema and a guide section, and each link opens it', async () => {
    const vendor = vendors[vendors.length - 1]!;
    const schema = referenceDocuments(vendor, builtSpec(vendor)).find((d) => d.kind === 'schema')!;
    const v = await visit('index.html');
    try {
      const results = await search(v, schema.title);
      expect(results.map((r) => r.href)).toContain(`${vendor.id}/index.html#${schemaRoute(schema.title)}`);
      await v.page.locator(`#search-results a[href="${vendor.id}/index.html#${schemaRoute(schema.title)}"]`).click();
      await openSection(v, schemaRoute(schema.title), schema.title);
      await v.page.goBack();
      const guide = await search(v, 'Handle errors');
      const href = `${vendors[0]!.id}/getting-started.html#errors`;
      expect(guide.map((r) => r.href)).toContain(href);
      await v.page.locator(`#search-results a[href="${href}"]`).click();
      await v.page.waitForURL(`**/${href}`);
      expect(await v.page.locator('#errors').isVisible()).toBe(true);
      expect(v.problems).toEqual([]);
    } finally {
      await v.page.context().close();
    }
  }, 120_000);

  it('says so when nothing matches', async () => {
    const v = await visit('index.html');
    try {
      await v.page.locator('#search-input').fill('zzqqxxj');
      await v.page.waitForFunction(() => document.getElementById('search-status')?.textContent?.startsWith('No match'));
      expect(await v.page.locator('#search-results a').count()).toBe(0);
    } finally {
      await v.page.context().close();
    }
  }, 60_000);
});

describe('provenance notes: x-inferred and x-source shown where the reader reads', () => {
  type Target = { vendor: (typeof vendors)[number]; route: string; anchor: string; kind: 'inferred' | 'source'; text: string };
  const sentence = (value: unknown) => (value === true ? 'this is our assumption.' : typeof value === 'string' ? value.replace(/`/g, '') : undefined);
  const targets: Target[] = vendors.flatMap((vendor) => {
    const spec = builtSpec(vendor);
    const found: Target[] = [];
    for (const op of operationsOf(spec)) {
      for (const kind of ['inferred', 'source'] as const) {
        const text = sentence(op.model.extensions[`x-${kind}`]);
        if (text) found.push({ vendor, route: operationRoute(op.tag, op.operationId), anchor: op.path, kind, text });
      }
    }
    for (const [name, schema] of Object.entries((spec.components?.schemas ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const kind of ['inferred', 'source'] as const) {
        const text = sentence(schema[`x-${kind}`]);
        if (text) found.push({ vendor, route: schemaRoute(name), anchor: name, kind, text });
      }
    }
    return found;
  });
  // The first operation- or schema-level note of each kind in each API.
  const cases = [...new Map(targets.map((t) => [`${t.vendor.id}/${t.kind}`, t])).values()];

  it('the specs carry both kinds of note', () => {
    expect(cases.some((c) => c.kind === 'inferred')).toBe(true);
    expect(cases.some((c) => c.kind === 'source')).toBe(true);
  });

  it.each(cases.map((c) => ({ ...c, label: `${c.vendor.title} ${c.kind} on ${c.route}` })))(
    '$label',
    async (target) => {
      const v = await visit(`${target.vendor.id}/index.html`);
      try {
        const label = target.kind === 'inferred' ? INFERRED_LABEL : SOURCE_LABEL;
        await openSection(v, target.route, `${label} ${target.text}`);
        const note = v.page.locator(`[data-section-id="${target.route}"] .echo-note.echo-${target.kind}`).first();
        expect(await note.isVisible()).toBe(true);
        // A callout, not plain text: its own background and a coloured edge.
        const style = await note.evaluate((el) => ({
          background: getComputedStyle(el).backgroundColor,
          border: getComputedStyle(el).borderLeftWidth,
        }));
        expect(style.background).not.toBe('rgba(0, 0, 0, 0)');
        expect(style.border).toBe('4px');
        await note.scrollIntoViewIfNeeded();
        await v.page.screenshot({ path: join(reports, `provenance-${target.vendor.id}-${target.kind}.png`) });
      } finally {
        await v.page.context().close();
      }
    },
    120_000,
  );
});

describe.each(vendors)('$title reference: logo and title', (vendor) => {
  it('keeps every image intact while the reader navigates, and titles the page with the API version', async () => {
    const spec = builtSpec(vendor);
    const apiVersion = String(spec.info['x-api-version'] ?? '');
    expect(apiVersion).not.toBe('');
    const v = await visit(`${vendor.id}/index.html`);
    try {
      const ops = operationsOf(spec);
      const broken = async (where: string) =>
        (
          await v.page.$$eval('img', (imgs) =>
            imgs
              .filter((i) => !(i as HTMLImageElement).complete || (i as HTMLImageElement).naturalWidth === 0)
              .map((i) => i.getAttribute('src')?.slice(0, 60)),
          )
        ).map((src) => `${where}: broken image ${src}`);
      await redocHydrated(v);
      const problems = await broken('on load');
      // Through the sidebar, as a reader clicks, then by deep links, then back to the overview.
      // The first tag's group in the sidebar, then its first operation.
      await v.page
        .getByText(ops[0]!.tag ?? '', { exact: true })
        .first()
        .click();
      await v.page.getByText(ops[0]!.summary, { exact: true }).first().click();
      await layoutSettled(v);
      problems.push(...(await broken(`after clicking ${ops[0]!.operationId}`)));
      const last = ops[ops.length - 1]!;
      await openSection(v, operationRoute(last.tag, last.operationId), last.path);
      problems.push(...(await broken(`at ${last.operationId}`)));
      await v.page.evaluate(() => (window.location.hash = '#/'));
      await layoutSettled(v);
      problems.push(...(await broken('back at the overview')));
      expect(problems).toEqual([]);
      expect(await v.page.$$eval('img', (imgs) => imgs.length)).toBeGreaterThan(0);
      const heading = await v.page.locator('h1').first().innerText();
      expect(heading).toContain(apiVersion);
      expect(heading).not.toContain(spec.info.version);
    } finally {
      await v.page.context().close();
    }
  }, 120_000);
});

describe.each(vendors)('$title getting started: copy buttons and highlighting', (vendor) => {
  it('highlights each code block and copies exactly its code', async () => {
    const v = await visit(`${vendor.id}/getting-started.html`);
    try {
      await v.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
      const blocks = await v.page.$$eval('pre', (pres) =>
        pres.map((pre) => ({
          copy: !!pre.querySelector('button.copy'),
          kinds: [...new Set([...pre.querySelectorAll('code span')].map((s) => s.className))],
          colors: [...new Set([...pre.querySelectorAll('code, code span')].map((s) => getComputedStyle(s).color))].length,
        })),
      );
      expect(blocks.length).toBeGreaterThan(4);
      expect(blocks.filter((b) => !b.copy)).toEqual([]);
      // TypeScript blocks show keywords and strings in their own colours.
      expect(blocks.some((b) => b.kinds.includes('k') && b.kinds.includes('s') && b.colors >= 3)).toBe(true);
      // The first call's copy button puts exactly the module on the clipboard.
      const module = gettingStartedModules(vendor, builtSpec(vendor)).firstCall;
      const pre = v.page.locator('pre', { hasText: 'unwrap(' }).first();
      await pre.locator('button.copy').click();
      await v.page.waitForFunction(() => [...document.querySelectorAll('button.copy')].some((b) => b.textContent === 'Copied'));
      const copied = await v.page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(module.replace(/\n+$/, ''));
      // The button sits above the code, not over its first line.
      const overlap = await pre.evaluate((el) => {
        const button = el.querySelector('button.copy')!.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(el.querySelector('code')!);
        return [...range.getClientRects()].some(
          (r) => r.width > 0 && r.left < button.right && r.right > button.left && r.top < button.bottom && r.bottom > button.top,
        );
      });
      expect(overlap).toBe(false);
      expect(v.problems).toEqual([]);
    } finally {
      await v.page.context().close();
    }
  }, 120_000);
});

describe.each(pages)('390 px wide: %s', (name, path) => {
  it('has no horizontal overflow, shows every header link, and the menu button covers no text', async () => {
    const v = await visit(path, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      if (path.endsWith('/index.html')) await redocHydrated(v);
      await layoutSettled(v);
      const layout = await v.page.evaluate(() => {
        const width = window.innerWidth;
        const header = document.querySelector('header');
        const links = [...(header?.querySelectorAll('nav a') ?? [])].map((a) => {
          const r = a.getBoundingClientRect();
          // Visible: inside the viewport and not clipped by a scrolling or hidden-overflow header.
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return { text: a.textContent, inside: r.left >= 0 && r.right <= width && r.width > 0, reachable: hit === a || a.contains(hit) };
        });
        // Every text node the floating menu button covers (Redoc's references have one).
        const button = document.querySelector('[data-testid="floating-button"]');
        const covered: string[] = [];
        if (button) {
          const b = button.getBoundingClientRect();
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.textContent?.trim() || button.contains(node)) continue;
            const parent = node.parentElement;
            if (!parent || getComputedStyle(parent).visibility === 'hidden' || parent.closest('[aria-hidden="true"], .menu-content')) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            if ([...range.getClientRects()].some((r) => r.width > 0 && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top))
              covered.push(node.textContent.trim().slice(0, 40));
          }
        }
        return { width, scrollWidth: document.documentElement.scrollWidth, links, covered, hasButton: !!button };
      });
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
      expect(layout.links.length).toBeGreaterThan(4);
      expect(layout.links.filter((l) => !l.inside || !l.reachable)).toEqual([]);
      expect(layout.covered).toEqual([]);
      if (path.endsWith('/index.html')) expect(layout.hasButton).toBe(true);
      await v.page.screenshot({ path: join(reports, `mobile-${name}.png`) });
      expect(v.problems).toEqual([]);
    } finally {
      await v.page.context().close();
    }
  }, 120_000);
});

describe('sub-path', () => {
  it('serves the site only under it, so a root-absolute link would fail every page test', async () => {
    const origin = new URL(server.url).origin;
    expect(server.url).toBe(`${origin}${BASE_PATH}`);
    const v = await visit('index.html');
    try {
      expect((await v.page.request.get(`${origin}/index.html`)).status()).toBe(404);
      expect((await v.page.request.get(`${server.url}/`)).status()).toBe(200);
    } finally {
      await v.page.context().close();
    }
  }, 60_000);
});
