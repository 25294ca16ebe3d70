// verifyWebhook: the configured headers are the whole authentication (no invented signature); every bad
// delivery is a typed error with the status to answer, never a crash and never a secret in a message.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { loadApiModel, loadVendors } from '@echo-openapi/tooling-core';
import {
  exampleWebhookEvent,
  requestFromNode,
  testWebhookRequest,
  verifyWebhook,
  WEBHOOK_EVENT_TYPES,
  WebhookVerificationError,
  type EchoCommWebhookEvent,
  type SmsDeliveryReportEvent,
  type SmsReceivedEvent,
} from '../src/index.js';

const SECRET = 'whsk_test_secret_9f8e7d6c';
const options = { headers: { 'X-Webhook-Secret': SECRET } };
const url = 'http://localhost/webhooks/echocomm';

/** The error verifyWebhook throws for a request (fails the test if it accepts it). */
async function rejection(request: Request, opts: Parameters<typeof verifyWebhook>[1] = options): Promise<WebhookVerificationError> {
  const error = await verifyWebhook(request, opts).then(
    (event) => new Error(`accepted ${JSON.stringify(event)}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

const post = (body: string, headers: Record<string, string> = options.headers) =>
  new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('verifyWebhook accepts a delivery with the configured headers', () => {
  it.each(WEBHOOK_EVENT_TYPES)('%s', async (type) => {
    const event = await verifyWebhook(testWebhookRequest(type, { headers: options.headers }), options);
    expect(event).toEqual(exampleWebhookEvent(type));
    expect(event.event).toBe(type);
  });

  it('returns a union discriminated on event', async () => {
    const event = await verifyWebhook(testWebhookRequest('sms.received', { headers: options.headers, data: { body: 'STOP' } }), options);
    expectTypeOf(event).toEqualTypeOf<EchoCommWebhookEvent>();
    if (event.event === 'sms.received') {
      expectTypeOf(event).toEqualTypeOf<SmsReceivedEvent>();
      expectTypeOf(event.data?.body).toEqualTypeOf<string | undefined>();
      expect(event.data?.body).toBe('STOP');
    } else {
      expectTypeOf(event).toEqualTypeOf<SmsDeliveryReportEvent>();
      expect.unreachable('the sms.received delivery came back as another event');
    }
  });

  it('checks every configured header, names matched case-insensitively', async () => {
    const both = { headers: { 'X-Webhook-Secret': SECRET, 'X-Tenant': 'acme' } };
    await expect(
      verifyWebhook(post(JSON.stringify(exampleWebhookEvent('sms.received')), { 'x-webhook-secret': SECRET, 'x-tenant': 'acme' }), both),
    ).resolves.toMatchObject({ event: 'sms.received' });
    const error = await rejection(
      post(JSON.stringify(exampleWebhookEvent('sms.received')), { 'X-Webhook-Secret': SECRET, 'X-Tenant': 'other' }),
      both,
    );
    expect([error.status, error.code, error.message]).toEqual([401, 'invalid_header', 'Webhook header X-Tenant does not match the configured value']);
  });

  it('takes the configured method', async () => {
    await expect(
      verifyWebhook(testWebhookRequest('sms.delivery_report', { headers: options.headers, method: 'PUT' }), { ...options, method: 'put' }),
    ).resolves.toMatchObject({ event: 'sms.delivery_report' });
  });

  it('keeps unknown fields (the payloads are inferred and open)', async () => {
    const body = { ...exampleWebhookEvent('sms.received'), extra: 1, data: { ...exampleWebhookEvent('sms.received').data, media_urls: [] } };
    await expect(verifyWebhook(post(JSON.stringify(body)), options)).resolves.toEqual(body);
  });
});

describe('verifyWebhook rejects, with the status to answer', () => {
  const good = JSON.stringify(exampleWebhookEvent('sms.received'));
  const cases: [string, () => Request, number, string, string][] = [
    ['no secret header', () => post(good, {}), 401, 'missing_header', 'Webhook header X-Webhook-Secret is missing'],
    [
      'a wrong secret',
      () => post(good, { 'X-Webhook-Secret': 'whsk_guess' }),
      401,
      'invalid_header',
      'Webhook header X-Webhook-Secret does not match the configured value',
    ],
    [
      'the secret as a prefix',
      () => post(good, { 'X-Webhook-Secret': SECRET.slice(0, -1) }),
      401,
      'invalid_header',
      'Webhook header X-Webhook-Secret does not match the configured value',
    ],
    [
      'the secret plus a suffix',
      () => post(good, { 'X-Webhook-Secret': `${SECRET}x` }),
      401,
      'invalid_header',
      'Webhook header X-Webhook-Secret does not match the configured value',
    ],
    [
      'an empty secret',
      () => post(good, { 'X-Webhook-Secret': '' }),
      401,
      'invalid_header',
      'Webhook header X-Webhook-Secret does not match the configured value',
    ],
    ['a GET', () => new Request(url, { headers: options.headers }), 405, 'method_not_allowed', 'Webhook deliveries use POST, not GET'],
    ['a body that is not JSON', () => post('{"event": "sms.received",'), 400, 'invalid_json', 'Webhook body is not valid JSON'],
    ['an empty body', () => post(''), 400, 'invalid_json', 'Webhook body is not valid JSON'],
    [
      'invalid UTF-8',
      () => new Request(url, { method: 'POST', headers: options.headers, body: new Uint8Array([0x7b, 0xff, 0x7d]) }),
      400,
      'invalid_json',
      'Webhook body is not valid JSON',
    ],
    ['a JSON array', () => post('[]'), 400, 'invalid_payload', 'Webhook body is not a JSON object'],
    [
      'an unknown event',
      () => post(JSON.stringify({ ...exampleWebhookEvent('sms.received'), event: 'sms.sent' })),
      400,
      'unknown_event',
      'Webhook event "sms.sent" is not one of sms.received, sms.delivery_report',
    ],
    [
      'no event',
      () => post(JSON.stringify({ data: {} })),
      400,
      'unknown_event',
      'Webhook event undefined is not one of sms.received, sms.delivery_report',
    ],
    [
      'data that is not an object',
      () => post(JSON.stringify({ event: 'sms.received', data: 'hi' })),
      400,
      'invalid_payload',
      'Webhook field data must be an object',
    ],
    [
      'a number not in E.164',
      () => post(JSON.stringify(exampleWebhookEvent('sms.received', { data: { to: '4155551234' } }))),
      400,
      'invalid_payload',
      'Webhook field data.to must be an E.164 number',
    ],
    [
      'a numeric status',
      () => post(JSON.stringify({ event: 'sms.delivery_report', data: { message_id: 'm1', status: 3 } })),
      400,
      'invalid_payload',
      'Webhook field data.status must be a string',
    ],
    [
      'a numeric message_id',
      () => post(JSON.stringify({ event: 'sms.delivery_report', data: { message_id: 1, status: 'delivered' } })),
      400,
      'invalid_payload',
      'Webhook field data.message_id must be a string',
    ],
    [
      'created_at not a date-time',
      () => post(JSON.stringify(exampleWebhookEvent('sms.received', { created_at: 'yesterday' }))),
      400,
      'invalid_payload',
      'Webhook field created_at must be an RFC 3339 date-time',
    ],
  ];
  it.each(cases)('%s', async (_name, request, status, code, message) => {
    const error = await rejection(request());
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({ status, code, message });
  });

  it('checks the headers before reading the body', async () => {
    const error = await rejection(post('not json', { 'X-Webhook-Secret': 'wrong' }));
    expect(error.code).toBe('invalid_header');
  });

  it('a body over the limit, declared or streamed, is a 413 without reading it all', async () => {
    const big = JSON.stringify(exampleWebhookEvent('sms.received', { data: { body: 'x'.repeat(2048) } }));
    expect((await rejection(post(big), { ...options, maxBodyBytes: 1024 })).status).toBe(413);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(512).fill(0x20));
      },
    });
    const streamed = new Request(url, { method: 'POST', headers: options.headers, body: endless, duplex: 'half' } as RequestInit);
    const error = await rejection(streamed, { ...options, maxBodyBytes: 4096 });
    expect([error.status, error.code]).toEqual([413, 'body_too_large']);
    expect(pulled).toBeLessThan(20);
  });

  it('never puts a header value in the error', async () => {
    const guess = 'whsk_attacker_guess_123';
    for (const request of [post('{}', { 'X-Webhook-Secret': guess }), post('{}', {})]) {
      const error = await rejection(request);
      const seen = `${error.message} ${error.stack} ${JSON.stringify(error)} ${String(error)}`;
      expect(seen).not.toContain(SECRET);
      expect(seen).not.toContain(guess);
    }
  });

  it('refuses a configuration that would accept anything', async () => {
    const request = () => testWebhookRequest('sms.received', { headers: options.headers });
    await expect(verifyWebhook(request(), { headers: {} })).rejects.toThrow(TypeError);
    // e.g. an unset environment variable
    await expect(verifyWebhook(request(), { headers: { 'X-Webhook-Secret': undefined } })).rejects.toThrow(
      'the expected value of header X-Webhook-Secret is empty or missing',
    );
    await expect(verifyWebhook(request(), { headers: { 'X-Webhook-Secret': '' } })).rejects.toThrow(TypeError);
  });
});

describe('the events follow the spec (through the API model and its Ajv validator)', () => {
  const model = loadApiModel(loadVendors().find((v) => v.id === 'echocomm')!);
  const schemaOf = async (name: string) => (await model).document.components!.schemas![name] as Record<string, any>;
  const schemaName = { 'sms.received': 'SmsReceivedEvent', 'sms.delivery_report': 'SmsDeliveryReportEvent' } as const;

  it('the event types are the enum of SmsWebhookEvent', async () => {
    expect([...WEBHOOK_EVENT_TYPES]).toEqual((await schemaOf('SmsWebhookEvent')).enum);
  });

  it.each(WEBHOOK_EVENT_TYPES)('%s: exampleWebhookEvent is the schema example', async (type) => {
    expect(exampleWebhookEvent(type)).toEqual((await schemaOf(schemaName[type])).example);
  });

  /** The example with one field removed or replaced, for every field of the event and of its data. */
  function variants(type: (typeof WEBHOOK_EVENT_TYPES)[number]): [string, unknown][] {
    const example = exampleWebhookEvent(type) as Record<string, any>;
    const replacements: unknown[] = [undefined, null, 1, true, '', 'x', '+1', '+14155550100', '2026-03-06', '2026-03-06T11:05:00+02:00', {}, []];
    const out: [string, unknown][] = [
      ['the example', example],
      ['a bare event', { event: type }],
      ['another event', { ...example, event: 'sms.sent' }],
    ];
    for (const field of Object.keys(example))
      for (const value of replacements) out.push([`${field} = ${JSON.stringify(value)}`, { ...example, [field]: value }]);
    for (const field of Object.keys(example.data)) {
      for (const value of replacements)
        out.push([`data.${field} = ${JSON.stringify(value)}`, { ...example, data: { ...example.data, [field]: value } }]);
    }
    return out.map(([name, payload]) => [name, JSON.parse(JSON.stringify(payload))]);
  }

  it.each(WEBHOOK_EVENT_TYPES)(
    '%s: verifyWebhook accepts exactly what the schema accepts',
    async (type) => {
      const validate = (await model).validator.schema(await schemaOf(schemaName[type]));
      const disagreements: string[] = [];
      let rejected = 0;
      for (const [name, payload] of variants(type)) {
        const byHandler = await verifyWebhook(post(JSON.stringify(payload)), options).then(
          () => true,
          (e: unknown) => (e instanceof WebhookVerificationError ? false : Promise.reject(e)),
        );
        const { valid, errors } = validate(payload);
        if (!valid) rejected++;
        // A payload of another event type is judged by the handler against that type, not this schema.
        if (byHandler !== valid && name !== 'another event')
          disagreements.push(`${name}: handler ${byHandler ? 'accepts' : 'rejects'}, schema ${valid ? 'accepts' : `rejects (${errors.join('; ')})`}`);
      }
      expect(disagreements).toEqual([]);
      expect(rejected).toBeGreaterThan(20); // the variants do probe the schema
    },
    60_000,
  );

  it('exampleWebhookEvent merges overrides and leaves the example alone', () => {
    const event = exampleWebhookEvent('sms.delivery_report', { webhook_id: 'whk_mine', data: { status: 'failed' } });
    expect(event).toMatchObject({ webhook_id: 'whk_mine', data: { message_id: 'msg_example0002', status: 'failed' } });
    expect(exampleWebhookEvent('sms.delivery_report').data?.status).toBe('delivered');
  });
});

describe('requestFromNode: a real Node server', () => {
  let server: Server;
  let base: string;
  const answered: string[] = [];
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      try {
        const event = await verifyWebhook(await requestFromNode(req, { maxBodyBytes: 4096 }), options);
        answered.push(event.event);
        res.writeHead(204).end();
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        res.writeHead(error.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (headers: Record<string, string>, body: string, method = 'POST') =>
    fetch(`${base}/webhooks/echocomm`, { method, headers: { 'content-type': 'application/json', ...headers }, body });

  it('accepts the right secret and answers the typed error otherwise', async () => {
    const good = JSON.stringify(exampleWebhookEvent('sms.delivery_report'));
    expect((await send(options.headers, good)).status).toBe(204);
    expect(answered).toEqual(['sms.delivery_report']);
    const wrong = await send({ 'X-Webhook-Secret': 'nope' }, good);
    expect([wrong.status, await wrong.json()]).toEqual([401, { error: 'Webhook header X-Webhook-Secret does not match the configured value' }]);
    const notJson = await send(options.headers, 'hello');
    expect(notJson.status).toBe(400);
    const put = await send(options.headers, good, 'PUT');
    expect(put.status).toBe(405);
    const big = await send(options.headers, JSON.stringify(exampleWebhookEvent('sms.received', { data: { body: 'x'.repeat(8192) } })));
    expect(big.status).toBe(413);
    expect(answered).toEqual(['sms.delivery_report']);
  });

  it('passes repeated headers through (a repeated secret is not the secret)', async () => {
    const request = await requestFromNode(
      Object.assign((async function* () {})(), {
        method: 'POST',
        url: '/hook',
        headers: { 'x-webhook-secret': [SECRET, SECRET], host: 'example.test:8080', ':authority': 'x' },
      }),
      { body: JSON.stringify(exampleWebhookEvent('sms.received')) },
    );
    expect(request.url).toBe('http://example.test:8080/hook');
    expect((await rejection(request)).code).toBe('invalid_header');
  });
});
