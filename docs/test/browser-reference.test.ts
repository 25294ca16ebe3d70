import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationsOf } from '../src/code-samples.js';
import { firstCallOperation } from '../src/getting-started.js';
import { INFERRED_LABEL, SOURCE_LABEL } from '../src/provenance.js';
import { operationRoute, schemaRoute } from '../src/redoc.js';
import { builtSpec } from './helpers/samples.js';
import { layoutSettled, openSection, redocHydrated, reports, useSite, vendors, visit } from './helpers/site.js';

useSite();

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
