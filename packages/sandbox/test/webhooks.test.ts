// Webhooks end to end: the EchoComm sandbox delivers to a real local HTTP server whose handler is the typed
// `verifyWebhook` of @echo-openapi/echocomm; the receiver fails twice, the virtual clock moves, the third
// attempt lands, and the delivery log shows all three.
import { unwrap } from '@echo-openapi/runtime';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEchoCommClient, type EchoCommWebhookEvent, requestFromNode, verifyWebhook, WebhookVerificationError } from '@echo-openapi/echocomm';
import { buildApiModel } from '@echo-openapi/api-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RunningSandbox } from '../src/index.js';
import { deliveryWorker } from '../src/webhooks/echocomm.js';
import { control, raw, sandboxFor } from './helpers.js';

const SECRET = 'whsk_e2e_secret_4b1d';
const controlApi = buildApiModel(parse(readFileSync(new URL('../control.openapi.yaml', import.meta.url), 'utf8')));

/** A control call whose answer must match control.openapi.yaml. */
async function described(operationId: string, running: RunningSandbox, path: string, body?: unknown) {
  const answer = await control(running, path, body);
  const problems = controlApi.validator.response(controlApi.operation(operationId), String(answer.status), {
    statusCode: answer.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answer.body),
  });
  expect(problems, `${operationId} ${answer.status} matches control.openapi.yaml`).toEqual([]);
  return answer;
}
const events = (running: RunningSandbox, body: unknown) => described('sendEvent', running, 'events', body);
const deliveries = (running: RunningSandbox, query = '') => described('listDeliveries', running, `deliveries${query}`);

/** A receiver using the typed handler: answers 503 to its first `failFirst` valid deliveries, then 204. */
async function receiver(failFirst: number) {
  const received: EchoCommWebhookEvent[] = [];
  const rejected: { status: number; code: string }[] = [];
  let valid = 0;
  const server: Server = createServer(async (req, res) => {
    try {
      const event = await verifyWebhook(await requestFromNode(req), { headers: { 'X-Webhook-Secret': SECRET } });
      if (++valid <= failFirst) return void res.writeHead(503, { 'content-type': 'text/plain' }).end(`busy (${valid})`);
      received.push(event);
      res.writeHead(204).end();
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      rejected.push({ status: error.status, code: error.code });
      res.writeHead(error.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/echocomm`;
  return { url, received, rejected, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('EchoComm webhooks in the sandbox', async () => {
  const running = await sandboxFor('echocomm');
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    hook = await receiver(2);
  });
  afterAll(() => hook.close());

  it('delivers to the configured receiver: right secret accepted, wrong rejected, two failures retried on the clock, the third lands', async () => {
    const configure = (apiKey: string, secret: string) =>
      createEchoCommClient({ apiKey, baseUrl: running.url, retry: false }).POST('/webhooks/sms/configure', {
        body: {
          url: hook.url,
          method: 'POST',
          events: ['sms.received', 'sms.delivery_report'],
          headers: { 'X-Webhook-Secret': secret },
          retry_policy: { max_retries: 3, backoff_seconds: 30 },
        },
      });
    const configured = await configure('key-alice', SECRET);
    expect(configured.response.status).toBe(200);
    expect(configured.data?.data).toMatchObject({ url: hook.url, events: ['sms.received', 'sms.delivery_report'], status: 'active' });
    expect((await configure('key-mallory', 'whsk_wrong')).response.status).toBe(200);

    // A wrong secret: the typed handler answers 401 and the sandbox records the failed attempt.
    const wrong = await events(running, { type: 'sms.received', tenant: 'key-mallory' });
    expect(wrong.status).toBe(200);
    expect(wrong.body.delivery.attempts).toEqual([expect.objectContaining({ attempt: 1, status: 401, outcome: 'failed' })]);
    expect(hook.rejected).toEqual([{ status: 401, code: 'invalid_header' }]);

    // The right secret: the receiver is down twice, then up.
    const triggered = await events(running, { type: 'sms.received', tenant: 'key-alice', data: { body: 'Is the offer still on?' } });
    expect(triggered.status).toBe(200);
    const { id } = triggered.body.delivery;
    expect(triggered.body.delivery).toMatchObject({
      status: 'pending',
      attempts: [{ attempt: 1, status: 503, outcome: 'failed', responseExcerpt: 'busy (1)' }],
    });

    const attemptsOf = async () => (await deliveries(running, '?tenant=key-alice')).body.deliveries.find((d: { id: string }) => d.id === id);
    // Retry n waits backoff_seconds * 2^(n-1), lengthened by up to 20% jitter: 30-36 s, then 60-72 s.
    await unwrap(running.control.advanceClock({ body: { advanceSeconds: 29 } }));
    expect((await attemptsOf()).attempts).toHaveLength(1); // not due before backoff_seconds
    await unwrap(running.control.advanceClock({ body: { advanceSeconds: 7 } }));
    expect((await attemptsOf()).attempts.map((a: { status: number }) => a.status)).toEqual([503, 503]);
    await unwrap(running.control.advanceClock({ body: { advanceSeconds: 59 } }));
    expect((await attemptsOf()).attempts).toHaveLength(2); // the second retry waits twice as long
    await unwrap(running.control.advanceClock({ body: { advanceSeconds: 13 } }));
    const delivered = await attemptsOf();

    expect(delivered.status).toBe('delivered');
    expect(delivered.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status: 503, outcome: 'failed', responseExcerpt: 'busy (1)' }),
      expect.objectContaining({ attempt: 2, status: 503, outcome: 'failed', responseExcerpt: 'busy (2)' }),
      expect.objectContaining({ attempt: 3, status: 204, outcome: 'delivered' }),
    ]);
    for (const attempt of delivered.attempts) expect(attempt.durationMs).toBeGreaterThan(0);
    // 30 then 60 virtual seconds apart (at least), although the test never slept.
    const times = delivered.attempts.map((a: { at: string }) => Date.parse(a.at));
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(30_000);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(60_000);

    // The typed handler got the event once, with the caller's data over the spec's example.
    expect(hook.received).toHaveLength(1);
    const [event] = hook.received;
    expect(event?.event).toBe('sms.received');
    if (event?.event === 'sms.received') expect(event.data).toMatchObject({ body: 'Is the offer still on?', from: '+14155550100' });
    expect(event?.webhook_id).toBe(configured.data?.data.webhook_id);

    // The log names the headers sent, never their values; each tenant sees only its own deliveries.
    const all = await deliveries(running);
    expect(all.body.deliveries.map((d: { id: string }) => d.id)).toHaveLength(2);
    expect(JSON.stringify(all.body)).not.toContain(SECRET);
    expect(JSON.stringify(all.body)).not.toContain('whsk_wrong');
    expect(delivered.headerNames).toEqual(['X-Webhook-Secret']);
    const mallory = await deliveries(running, '?tenant=key-mallory');
    expect(mallory.body.deliveries.map((d: { id: string }) => d.id)).not.toContain(id);
  });

  it('answers bad trigger requests with a 4xx naming the problem', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ type: 'sms.sent', tenant: 'key-alice' }, 400, /"type" must be one of sms.received, sms.delivery_report/],
      [{ type: 'sms.received', tenant: 'key-alice', data: { from: '555' } }, 400, /does not match its schema: \/data\/from must match/],
      [{ type: 'sms.received', tenant: 'key-alice', data: 'hi' }, 400, /"data" must be an object/],
      [{ type: 'sms.received', tenant: 'key-alice', to: 'file:///etc/passwd' }, 400, /"to" must be an http\(s\) URL/],
      [{ type: 'sms.received', tenant: 'key-nobody' }, 409, /no webhook/],
      [{ type: 'sms.received' }, 400, /2 tenants have a webhook/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await events(running, body);
      expect([answer.status, answer.body.error]).toEqual([status, expect.stringMatching(message)]);
    }
    const malformed = await raw(running.url, 'POST', '/__sandbox/events', {
      headers: { 'X-Sandbox-Admin-Token': running.adminToken },
      body: '{"type":',
    });
    expect(malformed.status).toBe(400);
  });

  it('bounds every delivery: refused, timeout and redirect fail without following; retries stop at max_retries', async () => {
    const worker = deliveryWorker(running.sandbox);
    const slow = createServer(() => {}); // never answers
    const redirect = createServer((_req, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end());
    for (const server of [slow, redirect]) {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    }
    const base = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const refusedUrl = base(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const timeoutMs = worker.limits.timeoutMs;
    Object.assign(worker.limits, { timeoutMs: 300 });
    try {
      const target = (url: string, maxRetries: number) => ({ url, method: 'POST', headers: {}, maxRetries, backoffSeconds: 10 });
      const tenant = running.sandbox.tenants()[0]!;
      const refused = await worker.enqueue(tenant, 'sms.received', target(refusedUrl, 1), {});
      expect(refused.attempts[0]).toMatchObject({ error: 'refused', outcome: 'failed' });
      const timedOut = await worker.enqueue(tenant, 'sms.received', target(base(slow), 0), {});
      expect(timedOut).toMatchObject({ status: 'failed', attempts: [{ error: 'timeout', outcome: 'failed' }] });
      const redirected = await worker.enqueue(tenant, 'sms.received', target(base(redirect), 0), {});
      expect(redirected.attempts[0]).toMatchObject({ status: 302, error: 'redirect not followed', outcome: 'failed' });
      const capped = await worker.enqueue(tenant, 'sms.received', target(refusedUrl.replace('//', '//hook:pa55word@'), 1_000_000), {});
      expect(capped.maxRetries).toBe(worker.limits.maxRetries);
      expect(JSON.stringify(worker.list())).not.toContain('pa55word');

      // Retries stop at max_retries: the refused delivery (1 retry) fails for good after its second attempt.
      running.sandbox.advanceClock(12); // backoff 10 s plus at most 20% jitter
      await worker.idle();
      expect(worker.get(tenant, refused.id)).toMatchObject({ status: 'failed', attempts: [{ error: 'refused' }, { error: 'refused' }] });
      running.sandbox.advanceClock(3600);
      await worker.idle();
      expect(worker.get(tenant, refused.id)?.attempts).toHaveLength(2);
    } finally {
      Object.assign(worker.limits, { timeoutMs });
      slow.closeAllConnections();
      await Promise.all([slow, redirect].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    }
  });
});
