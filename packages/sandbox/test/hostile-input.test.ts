import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';
import { getPath } from '../src/records.js';
import { raw } from './helpers.js';

/**
 * Bad input as an attacker or a careless client sends it, below what fetch and the typed clients allow: each
 * answer must be a 4xx in the vendor's own error envelope (never the HTTP framework's, never a 500 or a hang),
 * and nothing of it stored.
 */
const vendors = ['echocue', 'echocomm', 'echowin', 'userecho'] as const;
const servers = Object.fromEntries(
  await Promise.all(vendors.map(async (vendor) => [vendor, await startSandbox({ vendor, port: 0, ticker: false })] as const)),
) as Record<(typeof vendors)[number], RunningSandbox>;
afterAll(() => Promise.all(Object.values(servers).map((server) => server.close())));

/** A path each vendor serves (GET), and the headers that authenticate a tenant there. */
const probes = {
  echocue: { path: '/api/contact/list', headers: 'Authorization: Bearer key-hostile\r\nX-API-SECRET: secret-hostile\r\n' },
  echocomm: { path: '/numbers/search', headers: 'Authorization: Bearer key-hostile\r\n' },
  echowin: { path: '/contacts', headers: 'X-API-Key: key-hostile\r\n' },
  userecho: { path: '/forums.json', headers: 'Authorization: Bearer key-hostile\r\n' },
};

/** Writes `request` on a raw socket and collects everything until the server closes it. */
function exchange(server: RunningSandbox, request: string | Buffer): Promise<{ status: number; head: string; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split(/\r\n\r\n(.*)/s, 2);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {}
      resolve({ status, head, body: parsed });
    });
    socket.write(request);
  });
}

/** The answer is exactly the vendor's error envelope for `status`, with some message. */
function expectEnvelope(server: RunningSandbox, answer: { status: number; head: string; body: unknown }, status: number) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.head.toLowerCase()).toContain('content-type: application/json');
  const message = getPath(answer.body, server.vendor.errorEnvelope.message);
  expect(typeof message).toBe('string');
  expect(answer.body).toEqual(server.sandbox.errorReply(undefined, status, message as string).body);
}

describe.each(vendors)('%s: errors raised before routing, in the vendor envelope', (vendor) => {
  const server = servers[vendor];
  const { path, headers } = probes[vendor];
  const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}${extra}Connection: close\r\n\r\n`;

  it('answers a well-formed request (the probe itself is right)', async () => {
    expect((await exchange(server, get(path))).status).toBe(200);
  });

  it('431 for a URL and headers over the limit', async () => {
    expectEnvelope(server, await exchange(server, get(`${path}?q=${'a'.repeat(20_000)}`)), 431);
    expectEnvelope(server, await exchange(server, get(path, `X-Padding: ${'b'.repeat(20_000)}\r\n`)), 431);
  });

  it('400 for a bad % escape in the path or the query', async () => {
    expectEnvelope(server, await exchange(server, get(`${path}/%E0%A4%A`)), 400);
    expectEnvelope(server, await exchange(server, get(`/%zz${path}`)), 400);
    expectEnvelope(server, await exchange(server, get(`${path}?q=%FF%FE`)), 400);
  });

  it('400 for CR or LF inside a header, and for Content-Length with Transfer-Encoding', async () => {
    expectEnvelope(server, await exchange(server, get(path, 'X-Evil: a\rb\r\n')), 400);
    expectEnvelope(server, await exchange(server, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Evil: a\nInjected: b\r\n\r\n`), 400);
    expectEnvelope(
      server,
      await exchange(
        server,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ),
      400,
    );
  });

  it('413 for a body over the limit', async () => {
    const body = `{"a":"${'x'.repeat(1_100_000)}"}`;
    expectEnvelope(
      server,
      await exchange(
        server,
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      ),
      413,
    );
  });
});

describe('bodies', () => {
  const server = servers.echowin;
  const headers = { 'X-API-Key': 'key-bodies' };
  const contacts = async () => (await raw(server.url, 'GET', '/contacts?limit=100', { headers })).body.data as Record<string, unknown>[];

  it('400 in the envelope for JSON nested 10,000 levels deep (was a 500)', async () => {
    for (const body of ['['.repeat(10_000) + ']'.repeat(10_000), `{"firstName":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`]) {
      const answer = await raw(server.url, 'POST', '/contacts', { headers, body });
      const message = 'JSON body nested deeper than 64 levels';
      expect(answer).toMatchObject({ status: 400, body: { error: message } });
      const createContact = server.sandbox.model.operation('createContact');
      expect(answer.body).toEqual(server.sandbox.errorReply(createContact, 400, message, [{ field: 'body', message }]).body);
    }
    // Deep inside a string is not nesting.
    const inString = await raw(server.url, 'POST', '/contacts', {
      headers,
      body: JSON.stringify({ firstName: '['.repeat(1000), number: '+15550001111' }),
    });
    expect(inString.status).toBe(201);
  });

  it('400 for a body that is not UTF-8, and nothing stored as U+FFFD', async () => {
    const before = (await contacts()).length;
    const body = Buffer.concat([Buffer.from('{"firstName":"Bad'), Buffer.from([0xff, 0xfe]), Buffer.from('","number":"+15550002222"}')]);
    const response = await fetch(`${server.url}/contacts`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(server.sandbox.errorReply(undefined, 400, 'Request body is not valid UTF-8').body);
    const after = await contacts();
    expect(after.length).toBe(before);
    expect(JSON.stringify(after)).not.toContain('\uFFFD');
  });

  it('refuses __proto__, constructor and prototype keys at any depth with 400', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const answer = await raw(server.url, 'POST', '/contacts', {
        headers,
        body: `{"firstName":"Proto","number":"+15550003333","customFields":{"${key}":{"polluted":true}}}`,
      });
      expect(answer.status, key).toBe(400);
      expect(answer.body.error).toBe(`The body field name "${key}" is not allowed`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await contacts()).some((contact) => contact.firstName === 'Proto')).toBe(false);
  });

  it("drops fields the schema does not declare (the sandbox's own _fields included) from what it stores", async () => {
    const created = await raw(server.url, 'POST', '/contacts', {
      headers,
      body: JSON.stringify({ firstName: 'Known', number: '+15550004444', favouriteColour: 'red', _internal: true }),
    });
    expect(created.status).toBe(201);
    const tenant = server.sandbox.tenantOfCredential('key-bodies');
    const stored = server.sandbox.records(tenant).get('contacts', created.body.data.id)!;
    expect(stored.firstName).toBe('Known');
    expect(stored).not.toHaveProperty('favouriteColour');
    expect(stored).not.toHaveProperty('_internal');
  });
});

describe('a present but wrong credential is the documented 401', () => {
  const cases: [(typeof vendors)[number], string, Record<string, string>][] = [
    ['echocue', '/api/contact/list', { Authorization: 'Basic eDp5', 'X-API-SECRET': 'secret' }],
    ['echocue', '/api/contact/list', { Authorization: 'Bearer', 'X-API-SECRET': 'secret' }],
    ['echocue', '/api/contact/list', { Authorization: 'Bearer    ', 'X-API-SECRET': 'secret' }],
    ['echocomm', '/numbers/search', { Authorization: 'Basic eDp5' }],
    ['echocomm', '/numbers/search', { Authorization: 'Bearer' }],
    ['userecho', '/forums.json', { Authorization: 'Basic eDp5' }],
    ['userecho', '/forums.json', { Authorization: 'Bearer' }],
  ];
  it.each(cases)('%s %s with %j', async (vendor, path, headers) => {
    const server = servers[vendor];
    const answer = await raw(server.url, 'GET', path, { headers });
    const missing = await raw(server.url, 'GET', path);
    expect(missing.status).toBe(401);
    // The same documented 401 as no credential at all.
    expect(answer).toMatchObject({ status: 401, body: missing.body });
  });
});
