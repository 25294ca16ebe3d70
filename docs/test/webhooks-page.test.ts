// The "Receiving webhooks" page: rendered from the EchoComm spec's x-webhooks and the client README, so it
// shows every event with every field, the handler examples and the trigger command.
import { describe, expect, it } from 'vitest';
import { bundleFile, loadVendors, specPath, type OpenApiDocument } from '@echo-openapi/tooling-core';
import { readmeExamples, webhooksPage } from '../src/webhooks.js';
import { scratchDir } from './helpers/samples.js';

const vendors = loadVendors();
const built = await Promise.all(
  vendors.map(async (vendor) => ({
    vendor,
    spec: (await bundleFile(specPath(vendor), 'openapi', { outDir: scratchDir('webhooks-page'), ext: 'yaml' })).document,
  })),
);
const apis = vendors.map((v) => ({ id: v.id, name: v.title })) as Parameters<typeof webhooksPage>[0]['apis'];
const echocomm = built.find((b) => b.vendor.id === 'echocomm')!;
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

describe('Receiving webhooks page', () => {
  const html = webhooksPage({ apis, vendors: built });

  it('shows every event of x-webhooks with each of its fields and its example', () => {
    const events = Object.entries(echocomm.spec['x-webhooks'] as Record<string, unknown>);
    expect(events.map(([name]) => name)).toEqual(['sms.received', 'sms.delivery_report']);
    for (const [name] of events) expect(html).toContain(`<h3 id="${name}">`);
    for (const field of ['event', 'webhook_id', 'created_at', 'data.from', 'data.to', 'data.body', 'data.status', 'data.message_id'])
      expect(html).toContain(`<code>${field}</code>`);
    expect(text(html)).toContain('"body": "Hi, I saw your ad. Is the offer still available?"');
    expect(html).toContain('Not stated by the vendor:');
  });

  it('shows the README handler for each framework, the no-signature statement and the trigger command', () => {
    const examples = readmeExamples(echocomm.vendor.packageDir);
    expect(Object.keys(examples)).toEqual(['plain', 'express', 'fastify', 'hono', 'test']);
    for (const source of Object.values(examples)) expect(text(html)).toContain(source.trim().split('\n').at(-1));
    expect(text(html)).toContain('no signature scheme');
    expect(text(html)).toContain('npx echo-sandbox trigger sms.received');
    expect(text(html)).toContain(`http://127.0.0.1:${echocomm.vendor.sandboxPort}/__sandbox/deliveries`);
  });

  it('fails without an API that lists webhooks (the page is read from the spec)', () => {
    const without = built.map((b) => ({ ...b, spec: { ...b.spec, 'x-webhooks': undefined } as OpenApiDocument }));
    expect(() => webhooksPage({ apis, vendors: without })).toThrow('No spec lists webhooks under x-webhooks');
  });
});
