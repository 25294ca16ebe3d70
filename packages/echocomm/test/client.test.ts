// The EchoComm client against Prism serving specs/echocomm: one test per operation, asserting the typed
// fields of what comes back (money stays a decimal string), then authentication (Bearer API key) and
// requests that break the spec.
import { EchoClientConfigError } from '@echo-openapi/runtime';
import { describe, expect, expectTypeOf, inject, it } from 'vitest';
import { createEchoCommClient, echoCommVendor, type components } from '../src/index.js';

const baseUrl = inject('mockUrl');
const client = createEchoCommClient({ apiKey: 'test-key', baseUrl });

const provision = {
  numbers: ['+14155551234', '+14155555678'],
  campaign_id: 'camp_2026_q1_google_ads',
  webhook_url: 'https://your-crm.com/webhooks/echocomm',
  auto_renew: true,
  tags: ['google_ads', 'san_francisco', 'q1_2026'],
};

const webhook: components['schemas']['ConfigureSmsWebhookRequest'] = {
  url: 'https://your-crm.com/api/inbound-sms',
  method: 'POST',
  events: ['sms.received', 'sms.delivery_report'],
  headers: { 'X-Webhook-Secret': 'whsk_your_secret_key' },
  retry_policy: { max_retries: 3, backoff_seconds: 30 },
};

describe('numbers', () => {
  it('searchNumbers', async () => {
    const { data, response } = await client.GET('/numbers/search', {
      params: { query: { area_code: '415', capabilities: ['sms', 'voice'], limit: 10 } },
    });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
    expect(data?.data.total_available).toBe(847);
    const number = data?.data.available_numbers[0];
    expect(number).toEqual({
      number: '+14155551234',
      area_code: '415',
      region: 'California',
      capabilities: ['sms', 'voice'],
      monthly_cost: '1.50',
      setup_fee: '0.00',
    });
  });
  it('searchNumbers sends capabilities as repeated query parameters', async () => {
    const urls: string[] = [];
    const spy = createEchoCommClient({ apiKey: 'test-key', baseUrl });
    spy.use({ onRequest: ({ request }) => void urls.push(request.url) });
    const { response } = await spy.GET('/numbers/search', { params: { query: { area_code: '415', capabilities: ['sms', 'voice'], limit: 10 } } });
    expect(response.status).toBe(200);
    const url = new URL(urls[0] ?? '');
    expect(url.pathname).toBe('/numbers/search');
    expect(url.search).toContain('capabilities=sms&capabilities=voice');
    expect(url.searchParams.getAll('capabilities')).toEqual(['sms', 'voice']);
    expect(url.searchParams.get('area_code')).toBe('415');
  });
  it('searchNumbers with no filter (all are optional)', async () => {
    const { data, response } = await client.GET('/numbers/search');
    expect(response.status).toBe(200);
    expect(data?.data.available_numbers).toHaveLength(1);
  });
  it('money fields are decimal strings, in the type and on the wire', async () => {
    const { data } = await client.GET('/numbers/search', { params: { query: { capabilities: ['sms'] } } });
    const number = data?.data.available_numbers[0];
    expect(number?.monthly_cost).toBe('1.50');
    expect(typeof number?.monthly_cost).toBe('string');
    expect(number?.setup_fee).toBe('0.00');
    expectTypeOf(number?.monthly_cost).toEqualTypeOf<string | undefined>();
    expectTypeOf<components['schemas']['AvailableNumber']['monthly_cost']>().toEqualTypeOf<string>();
    expectTypeOf<components['schemas']['AvailableNumber']['setup_fee']>().toEqualTypeOf<string>();
    expectTypeOf<components['schemas']['AvailableNumber']['monthly_cost']>().not.toEqualTypeOf<number>();
  });
  it('provisionNumbers (201)', async () => {
    const { data, response } = await client.POST('/numbers/provision', { body: provision });
    expect(response.status).toBe(201);
    expect(data?.status).toBe('success');
    expect(data?.data.provisioned).toBe(2);
    expect(data?.data.numbers.map((n) => n.sid)).toEqual(['num_abc123def456', 'num_xyz789ghi012']);
    expect(data?.data.numbers[1]).toEqual({
      number: '+14155555678',
      sid: 'num_xyz789ghi012',
      status: 'active',
      campaign_id: 'camp_2026_q1_google_ads',
      provisioned_at: '2026-03-06T10:30:01Z',
    });
  });
});

describe('webhooks', () => {
  it('configureSmsWebhook (200, not 201)', async () => {
    const { data, response } = await client.POST('/webhooks/sms/configure', { body: webhook });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('success');
    expect(data?.data).toEqual({
      webhook_id: 'whk_789xyz456abc',
      url: 'https://your-crm.com/api/inbound-sms',
      events: ['sms.received', 'sms.delivery_report'],
      status: 'active',
      created_at: '2026-03-06T11:00:00Z',
    });
  });
});

describe('authentication', () => {
  it('sends the API key as a Bearer token on every call', async () => {
    const seen: Headers[] = [];
    const spy = createEchoCommClient({ apiKey: 'test-key', baseUrl });
    spy.use({ onRequest: ({ request }) => void seen.push(new Headers(request.headers)) });
    await spy.GET('/numbers/search');
    await spy.POST('/numbers/provision', { body: provision });
    await spy.POST('/webhooks/sms/configure', { body: webhook });
    expect(seen).toHaveLength(3);
    for (const headers of seen) expect(headers.get('authorization')).toBe('Bearer test-key');
  });
  it('answers 401 with the error envelope when the request has no Authorization', async () => {
    const partial = createEchoCommClient({ apiKey: 'test-key', baseUrl });
    partial.use({
      onRequest: ({ request }) => {
        request.headers.delete('Authorization');
        return request;
      },
    });
    const { error, response } = await partial.GET('/numbers/search');
    expect(response.status).toBe(401);
    expect(error?.status).toBe('error');
    expect(error?.message).toBe('Invalid or missing API key.');
  });
  it('refuses to build a client without a credential, naming the option and not the value', () => {
    expect(() => createEchoCommClient({ apiKey: '' })).toThrow(EchoClientConfigError);
    let message = '';
    try {
      createEchoCommClient({ apiKey: ' \t ', baseUrl });
    } catch (error) {
      expect(error).toBeInstanceOf(EchoClientConfigError);
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toMatch(/"apiKey"/);
    expect(message).not.toContain('\t');
    // @ts-expect-error apiKey is required by the type as well
    expect(() => createEchoCommClient({ baseUrl })).toThrow(/"apiKey"/);
  });
  it('defaults to the spec server URL', () => {
    expect(echoCommVendor.serverUrl).toBe('https://api.echotext.net/v1');
  });
});

describe('requests that break the spec get 4xx from the mock', () => {
  it('a provision with a number that is not E.164', async () => {
    // A pattern is not a type: this compiles, and the mock (like the API) refuses it.
    const { response, error } = await client.POST('/numbers/provision', { body: { numbers: ['415-555-1234'] } });
    expect(response.status).toBe(422);
    expect(error?.status).toBe('error');
  });
  it('a provision with no numbers', async () => {
    // minItems is not a type either.
    const { response } = await client.POST('/numbers/provision', { body: { numbers: [] } });
    expect(response.status).toBe(422);
  });
  it('a provision without the numbers field', async () => {
    // @ts-expect-error numbers is required
    const { response } = await client.POST('/numbers/provision', { body: { campaign_id: 'camp_2026_q1_google_ads' } });
    expect(response.status).toBe(422);
  });
  it('a webhook configuration with an unknown event', async () => {
    const { response, error } = await client.POST('/webhooks/sms/configure', {
      // @ts-expect-error the events are an enum: sms.received | sms.delivery_report
      body: { url: 'https://your-crm.com/api/inbound-sms', events: ['sms.sent'] },
    });
    expect(response.status).toBe(422);
    expect(error?.status).toBe('error');
  });
  it('a search with limit 0', async () => {
    const { response } = await client.GET('/numbers/search', { params: { query: { limit: 0 } } });
    expect(response.status).toBe(422);
  });
});

describe('misuse is a compile error (checked by tsc over this file; the calls never run)', () => {
  it('rejects wrong paths and wrong body fields', () => {
    const misuse = () => {
      // @ts-expect-error no such path
      void client.GET('/numbers');
      // @ts-expect-error numbers is an array of strings
      void client.POST('/numbers/provision', { body: { numbers: '+14155551234' } });
      void client.POST('/webhooks/sms/configure', {
        // @ts-expect-error retry_policy.max_retries is a number
        body: { url: 'https://example.com', events: ['sms.received'], retry_policy: { max_retries: 'three', backoff_seconds: 30 } },
      });
    };
    expect(misuse).toBeTypeOf('function');
  });
});
