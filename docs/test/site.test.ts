// The built site (turbo builds it before this runs): a landing page listing every API, and per vendor a
// Redoc reference carrying every operation plus the bundled spec as YAML and JSON downloads.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVendors } from '@echo-openapi/tooling-core';
import { distDir } from '../src/static-server.js';

const vendors = loadVendors();
const landing = readFileSync(join(distDir, 'index.html'), 'utf8');

describe('landing page', () => {
  it.each(vendors)('names the package and client factory of $title', (vendor) => {
    expect(landing).toContain(`npm install ${vendor.package}`);
    expect(landing).toContain(`${vendor.factory}(`);
  });
  it.each(vendors)('links $title to its reference and downloads', (vendor) => {
    for (const href of [`${vendor.id}/index.html`, `${vendor.id}/openapi.yaml`, `${vendor.id}/openapi.json`]) {
      expect(landing).toContain(`href="${href}"`);
      expect(existsSync(join(distDir, href)), href).toBe(true);
    }
  });
  it('loads nothing from elsewhere (works offline)', () => {
    expect(landing).not.toMatch(/(src|href)="https?:/);
  });
});

describe.each(vendors)('$title reference', (vendor) => {
  const html = readFileSync(join(distDir, vendor.id, 'index.html'), 'utf8');
  const spec = JSON.parse(readFileSync(join(distDir, vendor.id, 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  it('has every operation of the spec', () => {
    const ids = Object.values(spec.paths).flatMap((item) => Object.values(item).flatMap((op) => (op.operationId ? [op.operationId] : [])));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(html, id).toContain(id);
  });
  it('inlines Redoc instead of loading it from a CDN', () => {
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
  });
});
