// The control API through its typed client (generated from control.openapi.yaml like a vendor's): the example
// the docs' sandbox page shows, run for real. Two sandboxes start in-process on free ports; a test resets its
// tenant, moves the virtual clock, delivers an EchoComm webhook and reads the delivery log, with no
// hand-written fetch to /__sandbox/*.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEchoCommClient } from '@echo-openapi/echocomm';
import { createEchoCueClient } from '@echo-openapi/echocue';
import { createEchowinClient, EchoAuthError, unwrap } from '@echo-openapi/echowin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxControlClient, type RunningSandbox, startSandbox } from '../src/index.js';

describe('the control API as a typed client', () => {
  let echowinSandbox: RunningSandbox;
  let echocommSandbox: RunningSandbox;
  beforeAll(async () => {
    [echowinSandbox, echocommSandbox] = await Promise.all([
      startSandbox({ vendor: 'echowin', port: 0 }),
      startSandbox({ vendor: 'echocomm', port: 0 }),
    ]);
  });
  afterAll(() => Promise.all([echowinSandbox?.close(), echocommSandbox?.close()]));

  it('resets a tenant and moves the clock (echowin)', async () => {
    const echowin = createEchowinClient({ apiKey: 'key-ada', baseUrl: echowinSandbox.url });
    const { control } = echowinSandbox;
    const created = await unwrap(echowin.createContact({ body: { firstName: 'Ada', number: '+15550001111' } }));
    const contactId = created.data.id;
    expect((await echowin.getContact({ path: { contactId } })).response.status).toBe(200);

    const reset = await control.resetSandbox({ body: { tenant: 'key-ada' } });
    expect(reset.data).toEqual({ reset: 'tenant' });
    expect((await echowin.getContact({ path: { contactId } })).response.status).toBe(404);

    const before = Date.parse((await unwrap(control.getClock())).now);
    const after = Date.parse((await unwrap(control.advanceClock({ body: { advanceSeconds: 3600 } }))).now);
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);

    const log = await unwrap(control.listRequests({ query: { limit: 3 } }));
    expect(log.requests.map((r) => r.operationId)).toEqual(['getContact', 'getContact', 'createContact']);
  });

  it('sends an EchoComm event and reads its delivery', async () => {
    const received: unknown[] = [];
    const receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        received.push(JSON.parse(text));
        res.writeHead(204).end();
      });
    }).listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const echocomm = createEchoCommClient({ apiKey: 'key-grace', baseUrl: echocommSandbox.url });
      await unwrap(echocomm.configureSmsWebhook({ body: { url, events: ['sms.received'] } }));

      const sent = await unwrap(echocommSandbox.control.sendEvent({ body: { type: 'sms.received', tenant: 'key-grace', data: { body: 'STOP' } } }));
      expect(sent.delivery).toMatchObject({
        event: 'sms.received',
        status: 'delivered',
        attempts: [{ attempt: 1, status: 204, outcome: 'delivered' }],
      });
      expect(received).toEqual([expect.objectContaining({ event: 'sms.received', data: expect.objectContaining({ body: 'STOP' }) })]);

      // The same tenant, with its own credentials: sees its own deliveries only, and may not move the clock.
      const grace = echocommSandbox.controlFor({ bearerKey: 'key-grace' });
      const mine = await unwrap(grace.listDeliveries());
      expect(mine.deliveries.map((d) => d.id)).toEqual([sent.delivery.id]);
      const refused = await grace.advanceClock({ body: { advanceSeconds: 60 } });
      expect(refused.response.status).toBe(403);
      expect(refused.error?.error).toMatch(/needs the admin token/);
      const other = await unwrap(echocommSandbox.controlFor({ bearerKey: 'key-someone-else' }).listDeliveries());
      expect(other.deliveries).toEqual([]);
    } finally {
      receiver.close();
    }
  });

  it('acts as an EchoCue tenant with its key and secret together', async () => {
    const echocue = await startSandbox({ vendor: 'echocue', port: 0, ticker: false });
    try {
      const ana = createEchoCueClient({ apiKey: 'key-ana', apiSecret: 'secret-ana', baseUrl: echocue.url });
      await unwrap(ana.listDevices());
      const own = await unwrap(echocue.controlFor({ bearerKey: 'key-ana', echocueSecret: 'secret-ana' }).listRequests());
      expect(own.requests.map((r) => r.operationId)).toEqual(['listDevices']);
      const someoneElse = await unwrap(echocue.controlFor({ bearerKey: 'key-ana', echocueSecret: 'another-secret' }).listRequests());
      expect(someoneElse.requests).toEqual([]);
    } finally {
      await echocue.close();
    }
  });

  it('refuses a call without credentials before sending it, and a wrong admin token with 401', async () => {
    const anonymous = createSandboxControlClient({ baseUrl: echowinSandbox.url });
    await expect(anonymous.getClock()).rejects.toBeInstanceOf(EchoAuthError);
    const wrong = createSandboxControlClient({ baseUrl: echowinSandbox.url, adminToken: 'not-the-admin-token' });
    expect((await wrong.getClock()).response.status).toBe(401);
  });

  it('makes misuse a compile error', () => {
    const { control } = { control: createSandboxControlClient({ baseUrl: 'http://127.0.0.1:1', adminToken: 'unused-admin-token' }) };
    // Never called: the lines below only have to (not) compile.
    const compileOnly = () => {
      // @ts-expect-error an operation the control API does not have
      void control.triggerSandboxEvent({ body: { type: 'sms.received' } });
      // @ts-expect-error advanceSeconds is required
      void control.advanceClock({ body: {} });
      // @ts-expect-error advanceSeconds is a number
      void control.advanceClock({ body: { advanceSeconds: '60' } });
      // @ts-expect-error the event's type is required
      void control.sendEvent({ body: { tenant: 'key-grace' } });
      // @ts-expect-error limit is a number
      void control.listDeliveries({ query: { limit: 'all' } });
      // @ts-expect-error getClock takes no body
      void control.getClock({ body: { now: 'later' } });
      // @ts-expect-error a typo in a per-call option
      void control.listRequests({ timeoutMS: 5_000 });
      // @ts-expect-error the admin token is not a tenant credential
      void echowinSandbox.controlFor({ adminToken: 'x' });
    };
    expect(typeof compileOnly).toBe('function');
  });
});
