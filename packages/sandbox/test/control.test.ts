import { readFileSync } from 'node:fs';
import { buildApiModel } from '@echo-openapi/api-model';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { raw, sandboxFor } from './helpers.js';

const server = await sandboxFor('echowin');
const control = buildApiModel(parse(readFileSync(new URL('../control.openapi.yaml', import.meta.url), 'utf8')));

/** Calls the control API and checks the answer against control.openapi.yaml. */
async function call(operationId: string, path: string, body?: unknown) {
  const op = control.operation(operationId);
  const response = await fetch(`${server.url}${path}`, {
    method: op.method.toUpperCase(),
    headers: { 'content-type': 'application/json', 'X-Sandbox-Admin-Token': server.adminToken },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const problems = control.validator.response(op, String(response.status), {
    statusCode: response.status,
    headers: { 'content-type': response.headers.get('content-type') ?? '' },
    body: text,
  });
  expect(problems, `${operationId} ${response.status} matches control.openapi.yaml`).toEqual([]);
  return { status: response.status, body: JSON.parse(text) };
}

describe('control API', () => {
  it('moves the clock only forward and answers as described', async () => {
    const before = Date.parse((await call('getClock', '/__sandbox/clock')).body.now);
    const after = Date.parse((await call('advanceClock', '/__sandbox/clock', { advanceSeconds: 3600 })).body.now);
    expect(after - before).toBeGreaterThanOrEqual(3600_000);
    expect((await call('advanceClock', '/__sandbox/clock', { advanceSeconds: -5 })).status).toBe(400);
    expect((await call('advanceClock', '/__sandbox/clock', '{nope')).status).toBe(400);
  });

  it('resets all tenants or one, and logs requests newest first without credentials', async () => {
    await raw(server.url, 'POST', '/tags', { headers: { 'X-API-Key': 'secret-key-one' }, body: JSON.stringify({ name: 'One' }) });
    await raw(server.url, 'POST', '/tags', { headers: { 'X-API-Key': 'secret-key-two' }, body: JSON.stringify({ name: 'Two' }) });
    const log = await call('listRequests', '/__sandbox/requests?limit=2');
    expect(log.body.requests.map((r: { path: string; status: number }) => [r.path, r.status])).toEqual([
      ['/tags', 201],
      ['/tags', 201],
    ]);
    expect(JSON.stringify(log.body)).not.toMatch(/secret-key/);
    expect((await call('resetSandbox', '/__sandbox/reset', { tenant: 'secret-key-one' })).body).toEqual({ reset: 'tenant' });
    const names = async (key: string) =>
      (await raw(server.url, 'GET', '/tags', { headers: { 'X-API-Key': key } })).body.data.map((t: { name: string }) => t.name);
    expect(await names('secret-key-one')).not.toContain('One');
    expect(await names('secret-key-two')).toContain('Two');
    expect((await call('resetSandbox', '/__sandbox/reset', {})).body).toEqual({ reset: 'all' });
    expect(await names('secret-key-two')).not.toContain('Two');
    expect((await call('resetSandbox', '/__sandbox/reset', { tenant: 5 })).status).toBe(400);
  });
});

describe('x-sandbox declarations', () => {
  it('are checked against their schema when a sandbox starts', async () => {
    const { createVendorSandbox } = await import('../src/index.js');
    const sandbox = createVendorSandbox({ vendor: 'echowin' });
    const op = sandbox.model.operation('listTags');
    const original = op.extensions['x-sandbox'];
    op.extensions['x-sandbox'] = { resource: 'tags', action: 'lst' };
    try {
      expect(() => new (sandbox.constructor as typeof import('../src/index.js').VendorSandbox)(sandbox.vendor, sandbox.model, sandbox.store)).toThrow(
        /listTags: x-sandbox .*action/,
      );
    } finally {
      op.extensions['x-sandbox'] = original;
      sandbox.store.close();
    }
  });
});
