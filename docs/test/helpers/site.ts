// The built site in Debian's Chromium (playwright-core), for the browser test files: one static server on a free
// 127.0.0.1 port UNDER A SUB-PATH (/echo-openapi/, as GitHub Pages serves it; anything outside it is a 404) and one
// browser per test file (`useSite()`), a `visit()` that records everything that counts as broken, and the waits
// Redoc needs (hydrated, settled, a section open). The files run in parallel, each with its own browser.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadVendors, repoRoot } from '@echo-openapi/tooling-core';
import { startStaticServer } from '../../src/static-server.js';
import { launchChromium } from './chromium.js';

/** GitHub Pages serves a project site under /<repository>/: every test runs the site there. */
export const BASE_PATH = '/echo-openapi';
export const reports = join(repoRoot, 'reports/docs');
export const vendors = loadVendors();

/** Every page of the site: [screenshot name, path from the site root]. */
export const pages: [string, string][] = [
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
export const linkPages = pages.filter(([, path]) => !path.endsWith('/index.html'));

let browser: Browser;
let server: { url: string; close(): Promise<void> };

/** The site's URL (with the sub-path) while the file's tests run. */
export const siteUrl = (): string => server.url;

export interface Visit {
  page: Page;
  problems: string[];
  /** The site's files the page loaded (paths under dist/). */
  files: Set<string>;
}

/** Opens a page recording everything that counts as broken; any request off 127.0.0.1 is refused and reported. */
export async function visit(path: string, contextOptions: BrowserContextOptions = { viewport: { width: 1366, height: 900 } }): Promise<Visit> {
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

/** Starts the static server and the browser before the file's tests, and stops them after. */
export function useSite(): void {
  beforeAll(async () => {
    mkdirSync(reports, { recursive: true });
    // Port 0: the OS picks a free port, so the test never collides with `pnpm docs:serve` on 8080.
    server = await startStaticServer({ port: 0, basePath: BASE_PATH });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** Waits until a Redoc page has hydrated: its sections are rendered by the script (slow on a loaded machine). */
export async function redocHydrated(v: Visit): Promise<void> {
  await v.page.waitForFunction(() => document.querySelectorAll('[data-section-id]').length > 0, undefined, { timeout: 60_000 });
}

/**
 * Waits until the page stops changing: the same size and number of elements for a full second, and every image
 * loaded. Redoc keeps rendering after load, a click or a hash change; a screenshot or a layout check taken
 * mid-wave sees half a page. (Was a fixed 500-1500 ms sleep, a guess a loaded machine can outlast.)
 */
export async function layoutSettled(v: Visit): Promise<void> {
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

export const vendorById = (id: string) => {
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
export async function openSection(v: Visit, route: string, text: string): Promise<void> {
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
export function shownSample(v: Visit, route: string): Promise<{ language: string; code: string } | undefined> {
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
export async function chooseLanguage(v: Visit, route: string, language: string): Promise<void> {
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

export const normalize = (code: string) =>
  code
    .replace(/\u00a0/g, ' ')
    .replace(/\s+$/g, '')
    .replace(/[ \t]+\n/g, '\n');
