// What a reader does in a real browser: the sample switcher offers curl, TypeScript and Python and shows each,
// the copy icon covers no code, the cross-API search finds operations, schemas and guide sections, and the
// getting-started pages highlight and copy their code. The site and browser: ./helpers/site.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { curlSample, operationsOf, pythonSample, typescriptSample } from '../src/code-samples.js';
import { firstCallOperation, gettingStartedModules } from '../src/getting-started.js';
import { operationRoute, schemaRoute } from '../src/redoc.js';
import { referenceDocuments } from '../src/search.js';
import { builtSpec } from './helpers/samples.js';
import {
  BASE_PATH,
  chooseLanguage,
  normalize,
  openSection,
  reports,
  shownSample,
  siteUrl,
  type Visit,
  useSite,
  vendorById,
  vendors,
  visit,
} from './helpers/site.js';

useSite();

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
    // The index loads with the page: slow on a loaded machine, so up to a minute, as every other wait here.
    await v.page.waitForFunction(() => document.querySelectorAll('#search-results a').length > 0, undefined, { timeout: 60_000 });
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

describe.each(vendors)('$title getting started: copy buttons and highlighting', (vendor) => {
  it('highlights each code block and copies exactly its code', async () => {
    const v = await visit(`${vendor.id}/getting-started.html`);
    try {
      await v.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(siteUrl()).origin });
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
