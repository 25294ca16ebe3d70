// Every page of the built site in a real browser: it loads without console errors, failed requests or any
// request leaving this machine, and is screenshotted to reports/docs/ (its weight to reports/docs/sizes.txt);
// every link on the landing, guide and getting-started pages resolves; at 390 px nothing overflows; the site
// lives only under its sub-path. The site and browser: ./helpers/site.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { distDir } from '../src/static-server.js';
import { BASE_PATH, layoutSettled, linkPages, pages, redocHydrated, reports, siteUrl, useSite, visit } from './helpers/site.js';

useSite();

/** Each page's HTML and everything it loads, raw and gzipped (what a first visit downloads). */
const weights: { page: string; html: number; htmlGzip: number; total: number; totalGzip: number; files: number }[] = [];

afterAll(() => {
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

describe.each(linkPages)('links on %s', (_name, path) => {
  it('all resolve: internal pages answer 200, anchors exist, nothing points off the site', async () => {
    const v = await visit(path);
    try {
      const hrefs = await v.page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      expect(hrefs.length).toBeGreaterThan(0);
      const broken: string[] = [];
      for (const href of new Set(hrefs)) {
        const url = new URL(href);
        if (url.origin !== new URL(siteUrl()).origin || !url.pathname.startsWith(`${BASE_PATH}/`)) {
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
    const origin = new URL(siteUrl()).origin;
    expect(siteUrl()).toBe(`${origin}${BASE_PATH}`);
    const v = await visit('index.html');
    try {
      expect((await v.page.request.get(`${origin}/index.html`)).status()).toBe(404);
      expect((await v.page.request.get(`${siteUrl()}/`)).status()).toBe(200);
    } finally {
      await v.page.context().close();
    }
  }, 60_000);
});
