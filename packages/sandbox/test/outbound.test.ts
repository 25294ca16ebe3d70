// Outbound calls as an attacker would aim them: `to` at cloud metadata, private ranges and other schemes,
// a name that resolves to one, a stored webhook URL pointing off the machine; one tenant reading another's
// deliveries; one tenant's hanging receiver holding back another's delivery and the deliveries list; an
// event for a key the sandbox never saw. No test makes a non-loopback request: every refusal happens before
// connecting (names resolve through a stub).
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, retryDelaySeconds } from '../src/webhooks/delivery.js';
import { deliveryWorker } from '../src/webhooks/echocomm.js';
import { trigger } from '../src/webhooks/trigger-cli.js';
import { addressAllowed, type OutboundPolicy, setOutboundPolicy, urlProblem } from '../src/webhooks/url-policy.js';
import { control, raw, sandboxFor } from './helpers.js';

const running = await sandboxFor('echocomm');
const asTenant = (key: string) => ({ authorization: `Bearer ${key}` });

/** A loopback receiver; `handle` decides each answer (default 204). Resolves `seen` per request. */
async function receiver(handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => void res.writeHead(204).end()) {
  const waiting: ((req: IncomingMessage) => void)[] = [];
  const seen: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req);
    for (const resolve of waiting.splice(0)) resolve(req);
    handle(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    seen,
    /** Resolves once the receiver has seen `count` requests in all. */
    async sawAtLeast(count: number) {
      while (seen.length < count) await new Promise<IncomingMessage>((resolve) => waiting.push(resolve));
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const names: Record<string, string> = {
  'metadata.attacker.test': '169.254.169.254',
  'intranet.attacker.test': '10.1.2.3',
  'public.example.test': '93.184.216.34',
};
const stubLookup: NonNullable<OutboundPolicy['lookup']> = (hostname, callback) =>
  names[hostname]
    ? callback(null, [{ address: names[hostname]!, family: 4 }])
    : callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
setOutboundPolicy(running.sandbox, { allowedHosts: [], lookup: stubLookup });

describe('outbound destinations', () => {
  it('refuses `to` outside loopback, other schemes and names resolving to metadata or private addresses, with a 400 before any attempt', async () => {
    for (const to of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://[::ffff:169.254.169.254]/',
      'http://[fe80::1]/',
      'https://example.com/hook',
      'http://metadata.attacker.test/',
      'http://intranet.attacker.test/',
      'gopher://127.0.0.1:70/',
      'file:///etc/passwd',
    ]) {
      const answer = await control(running, 'events', { type: 'sms.received', to }, asTenant('key-out-a'));
      expect([answer.status, answer.body.error], to).toEqual([400, expect.stringMatching(/"to" (is refused|must be an http)/)]);
    }
    const listed = await control(running, 'deliveries', undefined, asTenant('key-out-a'));
    expect(listed.body.deliveries).toEqual([]);
  });

  it('fails a configured webhook URL that leaves the machine without dialling it, and does not retry it', async () => {
    // The second passes the URL check (any public host allowed) and is refused by the connection's own lookup.
    for (const [url, allowedHosts] of [
      ['http://10.9.8.7/hook', []],
      ['http://metadata.attacker.test/hook', ['*']],
    ] as const) {
      setOutboundPolicy(running.sandbox, { allowedHosts, lookup: stubLookup });
      const key = `key-out-config-${url.length}`;
      const configured = await raw(running.url, 'POST', '/webhooks/sms/configure', {
        headers: asTenant(key),
        body: JSON.stringify({ url, events: ['sms.received'], retry_policy: { max_retries: 3, backoff_seconds: 1 } }),
      });
      expect(configured.status).toBe(200);
      const answer = await control(running, 'events', { type: 'sms.received' }, asTenant(key));
      expect(answer.body.delivery, url).toMatchObject({
        status: 'failed',
        attempts: [{ attempt: 1, outcome: 'failed', error: expect.stringMatching(/^destination not allowed: .*(10\.9\.8\.7|169\.254\.169\.254)/) }],
      });
    }
    setOutboundPolicy(running.sandbox, { allowedHosts: [], lookup: stubLookup });
  });

  it('judges addresses: loopback always; * any public one; private and metadata only when listed', () => {
    const none = { allowedHosts: [] };
    const any = { allowedHosts: ['*'] };
    expect(addressAllowed('localhost', '127.0.0.1', none)).toBe(true);
    expect(addressAllowed('localhost', '::1', none)).toBe(true);
    expect(addressAllowed('public.example.test', '93.184.216.34', none)).toBe(false);
    expect(addressAllowed('public.example.test', '93.184.216.34', any)).toBe(true);
    expect(addressAllowed('metadata.attacker.test', '169.254.169.254', any)).toBe(false);
    expect(addressAllowed('x', '::ffff:10.0.0.1', any)).toBe(false);
    expect(addressAllowed('hooks.corp.test', '10.0.0.1', { allowedHosts: ['hooks.corp.test'] })).toBe(true);
    expect(urlProblem('http://hooks.corp.test/', { allowedHosts: ['hooks.corp.test'] })).toBeUndefined();
    expect(urlProblem('ftp://127.0.0.1/', any)).toMatch(/scheme ftp: is not allowed/);
  });
});

describe('deliveries between tenants', () => {
  it("shows a tenant only its own deliveries and the receiver's answer; naming another is 403, anonymous 401", async () => {
    const hook = await receiver((_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('receiver secret body'));
    try {
      const sent = await control(running, 'events', { type: 'sms.received', to: hook.url }, asTenant('key-owner'));
      expect(sent.body.delivery.attempts[0]).toMatchObject({ status: 200, responseExcerpt: 'receiver secret body' });
      const other = await control(running, 'deliveries', undefined, asTenant('key-stranger'));
      expect(other.status).toBe(200);
      expect(JSON.stringify(other.body)).not.toContain('receiver secret body');
      expect((await control(running, 'deliveries?tenant=key-owner', undefined, asTenant('key-stranger'))).status).toBe(403);
      expect((await control(running, 'events', { type: 'sms.received', tenant: 'key-owner', to: hook.url }, asTenant('key-stranger'))).status).toBe(
        403,
      );
      expect((await control(running, 'deliveries', undefined, {})).status).toBe(401);
      const admin = await control(running, 'deliveries?tenant=key-owner');
      expect(JSON.stringify(admin.body)).toContain('receiver secret body');
    } finally {
      await hook.close();
    }
  });

  it('attempts and lists an event for a key the sandbox has never seen', async () => {
    const hook = await receiver();
    try {
      const sent = await control(running, 'events', { type: 'sms.received', tenant: 'key-never-seen-before', to: hook.url });
      expect(sent.body.delivery).toMatchObject({ status: 'delivered', attempts: [{ status: 204 }] });
      const listed = await control(running, 'deliveries?tenant=key-never-seen-before');
      expect(listed.body.deliveries.map((d: { id: string }) => d.id)).toEqual([sent.body.delivery.id]);
      expect((await control(running, 'deliveries')).body.deliveries.map((d: { id: string }) => d.id)).toContain(sent.body.delivery.id);
    } finally {
      await hook.close();
    }
  });

  it("keeps one tenant's hanging receiver from delaying another tenant's delivery or the deliveries list", async () => {
    const worker = deliveryWorker(running.sandbox);
    const { timeoutMs } = worker.limits;
    worker.limits.timeoutMs = 120_000; // the hang outlasts the test: only a fair queue lets B through
    const hung: ServerResponse[] = [];
    let hang = true;
    const hanging = await receiver((_req, res) => void (hang ? hung.push(res) : res.writeHead(204).end()));
    const healthy = await receiver();
    try {
      const first = Array.from({ length: 12 }, (_, i) =>
        control(running, 'events', { type: 'sms.received', to: hanging.url, data: { body: `A${i}` } }, asTenant('key-hanging')),
      );
      await hanging.sawAtLeast(worker.limits.perTenantConcurrency);
      const answered = await control(running, 'events', { type: 'sms.received', to: healthy.url }, asTenant('key-healthy'));
      expect(answered.body.delivery).toMatchObject({ status: 'delivered', attempts: [{ status: 204, outcome: 'delivered' }] });
      expect(healthy.seen).toHaveLength(1);
      const list = await control(running, 'deliveries?limit=500');
      expect(list.status).toBe(200);
      const aDeliveries = list.body.deliveries.filter((d: { url: string }) => d.url === hanging.url);
      // While A's receiver still holds its requests: every accepted A event is listed, pending.
      expect(hung.length).toBe(worker.limits.perTenantConcurrency);
      expect(aDeliveries.length).toBeGreaterThan(worker.limits.perTenantConcurrency);
      hang = false;
      for (const res of hung.splice(0)) res.writeHead(204).end();
      const settled = await Promise.all(first);
      expect(settled.every((answer) => answer.status === 200)).toBe(true);
      await worker.idle();
      expect(hanging.seen).toHaveLength(12);
    } finally {
      worker.limits.timeoutMs = timeoutMs;
      for (const res of hung) res.destroy();
      await Promise.all([hanging.close(), healthy.close()]);
    }
  }, 30_000);
});

describe('echo-sandbox trigger', () => {
  it('calls as the tenant with its key, or as the admin with ECHO_SANDBOX_ADMIN_TOKEN', async () => {
    const hook = await receiver();
    const saved = process.env.ECHO_SANDBOX_ADMIN_TOKEN;
    delete process.env.ECHO_SANDBOX_ADMIN_TOKEN;
    try {
      const lines: string[] = [];
      const code = await trigger(['sms.received', '--tenant', 'key-trigger-cli', '--to', hook.url, '--sandbox', running.url], (line) =>
        lines.push(line),
      );
      expect(code).toBe(0);
      expect(lines.join('\n')).toMatch(/attempt 1: 204 .* delivered/);
      expect(hook.seen).toHaveLength(1);
      process.env.ECHO_SANDBOX_ADMIN_TOKEN = running.adminToken;
      const asAdmin = await trigger(['sms.received', '--tenant', 'key-trigger-other', '--to', hook.url, '--sandbox', running.url], () => {});
      expect(asAdmin).toBe(0);
      expect(hook.seen).toHaveLength(2);
    } finally {
      if (saved === undefined) delete process.env.ECHO_SANDBOX_ADMIN_TOKEN;
      else process.env.ECHO_SANDBOX_ADMIN_TOKEN = saved;
      await hook.close();
    }
  });
});

describe('retry backoff', () => {
  it('doubles per retry up to the cap and adds at most 20% jitter, never less than the configured backoff', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(30, n, DEFAULT_LIMITS, () => 0))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(30, 20, DEFAULT_LIMITS, () => 0)).toBe(DEFAULT_LIMITS.maxBackoffSeconds);
    expect(retryDelaySeconds(30, 1, DEFAULT_LIMITS, () => 0.999)).toBeCloseTo(35.994, 2);
  });
});

afterAll(() => deliveryWorker(running.sandbox).idle());
