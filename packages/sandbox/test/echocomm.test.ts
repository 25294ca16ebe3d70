import { unwrap } from '@echo-openapi/runtime';
import { createEchoCommClient } from '@echo-openapi/echocomm';
import { describe, expect, it } from 'vitest';
import { raw, sandboxFor, withFrozenClock } from './helpers.js';

const server = await sandboxFor('echocomm');
const client = (apiKey: string) => createEchoCommClient({ apiKey, baseUrl: server.url, retry: false });

describe('EchoComm sandbox', () => {
  it('has a deterministic inventory per area code; provisioned numbers leave it', async () => {
    const api = client('key-numbers');
    const search = async (query: { area_code: string; capabilities?: ('sms' | 'voice')[]; limit?: number }) =>
      (await api.GET('/numbers/search', { params: { query } })).data!.data;
    const first = await search({ area_code: '212', limit: 3 });
    expect(first.total_available).toBe(50);
    expect(first.available_numbers.map((n) => n.number)).toEqual(['+12125551234', '+12125555678', '+12125552000']);
    expect(first.available_numbers[0]).toMatchObject({ area_code: '212', region: 'New York' });
    expect((await search({ area_code: '212', capabilities: ['voice'] })).total_available).toBeLessThan(50);
    expect(await search({ area_code: '212', limit: 3 })).toEqual(first); // deterministic

    const provisioned = await api.POST('/numbers/provision', { body: { numbers: ['+12125551234'], campaign_id: 'camp_1', tags: ['test'] } });
    expect(provisioned.response.status).toBe(201);
    expect(provisioned.data!.data).toMatchObject({ provisioned: 1, numbers: [{ number: '+12125551234', status: 'active', campaign_id: 'camp_1' }] });
    const after = await search({ area_code: '212', limit: 50 });
    expect(after.total_available).toBe(49);
    expect(after.available_numbers.map((n) => n.number)).not.toContain('+12125551234');

    const again = await api.POST('/numbers/provision', { body: { numbers: ['+12125551234'] } });
    expect(again.response.status).toBe(422);
    expect(again.error).toEqual({ status: 'error', message: 'Number +12125551234 is not available' });
    // Inventories are per tenant: another key still sees the number.
    expect(
      (await client('key-other').GET('/numbers/search', { params: { query: { area_code: '212', limit: 1 } } })).data!.data.available_numbers[0]!
        .number,
    ).toBe('+12125551234');
  });

  it('stores the SMS webhook configuration', async () => {
    const api = client('key-hooks');
    const configured = await api.POST('/webhooks/sms/configure', {
      body: {
        url: 'http://127.0.0.1:9/hook',
        method: 'POST',
        events: ['sms.received'],
        headers: { 'X-Webhook-Secret': 'shh' },
        retry_policy: { max_retries: 2, backoff_seconds: 10 },
      },
    });
    expect(configured.data!.data).toMatchObject({ url: 'http://127.0.0.1:9/hook', events: ['sms.received'], status: 'active' });
    const stored = server.sandbox.records(server.sandbox.tenantOfCredential('key-hooks')).list('webhooks');
    expect(stored.at(-1)).toMatchObject({
      webhook_id: configured.data!.data.webhook_id,
      headers: { 'X-Webhook-Secret': 'shh' },
      retry_policy: { max_retries: 2, backoff_seconds: 10 },
    });
  });

  it('answers invalid values with 422, malformed JSON with 400, and 100/s per tenant with 429', async () => {
    const headers = { Authorization: 'Bearer key-errors' };
    expect(await raw(server.url, 'POST', '/numbers/provision', { headers, body: JSON.stringify({ numbers: ['555'] }) })).toMatchObject({
      status: 422,
      body: { status: 'error' },
    });
    expect(await raw(server.url, 'POST', '/numbers/provision', { headers, body: '{' })).toMatchObject({
      status: 400,
      body: { status: 'error', message: expect.stringMatching(/^Malformed JSON body/) },
    });
    expect(await raw(server.url, 'GET', '/numbers/search')).toMatchObject({ status: 401, body: { status: 'error' } });
    await unwrap(server.control.advanceClock({ body: { advanceSeconds: 1 } }));
    const statuses: number[] = [];
    // One virtual second holds the whole burst.
    await withFrozenClock(server, async () => {
      for (let i = 0; i < 101; i++)
        statuses.push((await raw(server.url, 'GET', '/numbers/search', { headers: { Authorization: 'Bearer key-burst' } })).status);
    });
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.at(-1)).toBe(429);
  });
});
