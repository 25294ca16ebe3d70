// The built site, read as files (turbo builds it before this runs): the landing page lists every API; per
// vendor a Redoc reference carrying every operation and its generated samples, a getting-started page and
// the clean bundled spec as YAML and JSON downloads; nothing is loaded from elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVendors } from '@echo-openapi/tooling-core';
import { codeSamples, operationsOf } from '../src/code-samples.js';
import { firstCallOperation } from '../src/getting-started.js';
import { REDOC_SCRIPT } from '../src/redoc.js';
import { CONTROL_REFERENCE, SANDBOX_PAGE } from '../src/sandbox.js';
import { distDir } from '../src/static-server.js';
import { builtSpec } from './helpers/samples.js';

const vendors = loadVendors();
const read = (path: string) => readFileSync(join(distDir, path), 'utf8');
/** A page's text with the highlighting spans removed (entities stay escaped). */
const untagged = (html: string) => html.replace(/<span class="[a-z]">|<\/span>/g, '');
const guide = untagged(read('mocks-and-contracts.html'));
const landing = read('index.html');

describe('landing page', () => {
  it.each(vendors)('names the package and client factory of $title', (vendor) => {
    expect(landing).toContain(`npm install ${vendor.package}`);
    expect(landing).toContain(`${vendor.factory}(`);
  });
  it.each(vendors)('links $title to its getting started, reference and downloads', (vendor) => {
    for (const href of [`${vendor.id}/getting-started.html`, `${vendor.id}/index.html`, `${vendor.id}/openapi.yaml`, `${vendor.id}/openapi.json`]) {
      expect(landing).toContain(`href="${href}"`);
      expect(existsSync(join(distDir, href)), href).toBe(true);
    }
  });
  it('links the mocks and contract tests page and the sandbox page', () => {
    for (const href of ['mocks-and-contracts.html', SANDBOX_PAGE]) {
      expect(landing).toContain(`href="${href}"`);
      expect(existsSync(join(distDir, href)), href).toBe(true);
    }
  });
});

describe('every page works offline', () => {
  const pages = [
    'index.html',
    'mocks-and-contracts.html',
    SANDBOX_PAGE,
    CONTROL_REFERENCE,
    ...vendors.flatMap((v) => [`${v.id}/index.html`, `${v.id}/getting-started.html`]),
  ];
  it.each(pages)('%s loads no script, style or font from elsewhere', (page) => {
    const html = read(page);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/import[^;]*from\s*"https?:/);
    expect(html).not.toMatch(/@import|@font-face[^}]*url\(["']?https?:/);
  });
  it('the shared Redoc script loads no image or script from a CDN', () => {
    const script = read(REDOC_SCRIPT);
    expect(script).not.toMatch(/https:\/\/cdn\.[a-z.]+\/[^"'`\s)]+\.(svg|png|js|css|woff2?)/);
  });
});

describe.each(vendors)('$title reference', (vendor) => {
  const html = read(`${vendor.id}/index.html`);
  const spec = builtSpec(vendor);
  const operations = operationsOf(spec);
  it('has every operation of the spec', () => {
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) expect(html, op.operationId).toContain(`"operationId":"${op.operationId}"`);
  });
  it('carries the generated curl, TypeScript and Python samples of every operation', () => {
    // build-docs embeds the definition as JSON with `<` escaped.
    const embedded = (text: string) => JSON.stringify(text).slice(1, -1).replace(/</g, '\\u003c');
    for (const op of operations) {
      for (const sample of codeSamples(vendor, spec, op)) expect(html, `${op.operationId} ${sample.label}`).toContain(embedded(sample.source));
    }
  });
  it('imports the shared local Redoc script, with telemetry off', () => {
    expect(html).toContain(`from "../${REDOC_SCRIPT}"`);
    expect(html).toContain('"disableTelemetry":true');
    expect(html.length).toBeLessThan(1_000_000); // Redoc is not inlined
  });
  it('offers the clean bundled spec for download (no generated samples in it)', () => {
    for (const file of ['openapi.yaml', 'openapi.json']) {
      expect(html).toContain(`"url":"${file}"`);
      expect(read(`${vendor.id}/${file}`)).not.toContain('x-codeSamples');
    }
  });
});

describe.each(vendors)('$title getting started', (vendor) => {
  const html = untagged(read(`${vendor.id}/getting-started.html`));
  const spec = builtSpec(vendor);
  it('shows the install command, the client factory and every credential option with its variable', () => {
    expect(html).toContain(`npm install ${vendor.package}`);
    expect(html).toContain(`${vendor.factory}({`);
    for (const [option, credential] of Object.entries(vendor.credentials)) {
      expect(html).toContain(`<code>${option}</code>`);
      expect(html).toContain(credential.env);
    }
  });
  it('makes a first call to a read-only operation, and the same against the mock', () => {
    const op = firstCallOperation(vendor, spec);
    expect(op.method).toBe('get');
    expect(op.sideEffects).toBeUndefined();
    // Called by name in the samples; the path style named as the alternative.
    expect(html).toContain(`.${op.operationId}(`);
    expect(html).toContain(`.GET('${op.path}', …)`);
    expect(html).toContain(`baseUrl: &#39;http://127.0.0.1:${vendor.mockPort}&#39;`);
    expect(html).toContain(`baseUrl: &#39;http://127.0.0.1:${vendor.sandboxPort}&#39;`);
    expect(html).toContain(`curl &#34;http://127.0.0.1:${vendor.sandboxPort}${op.path}`);
    expect(html).toContain('EchoApiError');
  });
  it('links the reference, the downloads and the sandbox page', () => {
    for (const href of ['index.html', 'openapi.yaml', 'openapi.json', '../mocks-and-contracts.html']) expect(html).toContain(`href="${href}"`);
    // The sandbox section points at the control API's entry on the sandbox page.
    expect(html).toContain(`href="../${SANDBOX_PAGE}#control"`);
    expect(read(SANDBOX_PAGE)).toContain('<h2 id="control">');
  });
});

describe('mocks and contract tests page', () => {
  it.each(vendors)('gives $title its mock port and the variables of a live run', (vendor) => {
    expect(guide).toContain(`http://127.0.0.1:${vendor.mockPort}`);
    expect(guide).toContain(vendor.baseUrlEnv);
    for (const credential of Object.values(vendor.credentials)) expect(guide).toContain(credential.env);
  });
  it('names the commands', () => {
    for (const command of ['pnpm mock', 'Prefer: code=', 'pnpm contract', '--live', '--target', '--allow-side-effects', 'pnpm proxy --vendor'])
      expect(guide).toContain(command);
  });
  it('lists every operation with side effects', () => {
    for (const vendor of vendors)
      for (const op of operationsOf(builtSpec(vendor)).filter((o) => o.sideEffects)) expect(guide).toContain(op.operationId);
  });
});
