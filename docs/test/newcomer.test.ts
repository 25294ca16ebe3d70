// What a newcomer met on the docs site (issue 28): a search for a status code found guides but no operation,
// the 390 px sandbox page hid the "Sandbox" column in a sideways-scrolling table, and long TypeScript lines
// were cut in the desktop sample panel. The built site, in Chromium (as the browser-*.test.ts files run it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationRoute } from '../src/redoc.js';
import { SEARCH_INDEX, type SearchDocument } from '../src/search.js';
import { distDir, startStaticServer } from '../src/static-server.js';

describe('search', () => {
  it('finds the operations that document a status code ("429"), not only guide sections', () => {
    const script = readFileSync(join(distDir, SEARCH_INDEX), 'utf8');
    const { options, index } = JSON.parse(script.replace(/^window\.ECHO_SEARCH = /, '').replace(/;\s*$/, '')) as { options: never; index: string };
    const search = MiniSearch.loadJSON<SearchDocument>(index, options);
    const kinds = (query: string) =>
      new Set(
        search
          .search(query)
          .slice(0, 12)
          .map((r) => r.kind as string),
      );
    expect(kinds('429')).toContain('operation');
    expect(search.search('429').filter((r) => r.kind === 'operation').length).toBeGreaterThan(10);
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await startStaticServer({ port: 0, basePath: '' });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (path: string, width: number, height = 900): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
    await page.goto(`${server.url}/${path}`, { waitUntil: 'load', timeout: 120_000 });
    return page;
  };

  it('the sandbox page at 390 px shows every table cell on screen, each labelled with its column ("Sandbox")', async () => {
    const page = await open('sandbox.html', 390, 844);
    try {
      const cells = await page.evaluate(() =>
        [...document.querySelectorAll('main table td')].map((td) => {
          const box = td.getBoundingClientRect();
          return { right: Math.round(box.right), label: getComputedStyle(td, '::before').content, text: (td as HTMLElement).innerText.slice(0, 40) };
        }),
      );
      expect(cells.length).toBeGreaterThan(10);
      const width = await page.evaluate(() => document.documentElement.clientWidth);
      expect(cells.filter((c) => c.right > width)).toEqual([]); // nothing off to the right, behind a scroll
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // The comparison's sandbox cells and the ports table's sandbox URLs say which column they are.
      expect(cells.filter((c) => /^"Sandbox/.test(c.label)).length).toBeGreaterThanOrEqual(12);
    } finally {
      await page.context().close();
    }
  });

  it('a long TypeScript line in the desktop sample panel wraps instead of running out of sight', async () => {
    const route = operationRoute('Contacts', 'createContact');
    const page = await open(`echowin/index.html#${route}`, 1366);
    try {
      const section = page.locator(`[data-section-id="${route}"]`);
      await section.locator('pre').first().waitFor({ timeout: 60_000 });
      // The sample switcher's menu, then TypeScript (a DOM click: Redoc's menu can sit outside the hit test while it settles).
      await section
        .locator('button', { hasText: /^(curl|TypeScript|Python|Payload)$/ })
        .first()
        .click({ force: true });
      await page.getByText('TypeScript', { exact: true }).last().click({ force: true });
      await page.waitForFunction(
        (r) => /createEchowinClient/.test(document.querySelector(`[data-section-id="${r}"] pre`)?.textContent ?? ''),
        route,
        {
          timeout: 30_000,
        },
      );
      const samples = await section
        .locator('pre')
        .evaluateAll((pres) => pres.map((pre) => ({ start: (pre.textContent ?? '').slice(0, 30), hidden: pre.scrollWidth - pre.clientWidth })));
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.filter((s) => s.hidden > 0)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
