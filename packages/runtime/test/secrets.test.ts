import { describe, expect, it, vi } from 'vitest';
import {
  createRedactor,
  EchoApiError,
  EchoAuthError,
  EchoInvalidResponseError,
  EchoNetworkError,
  REDACTED,
  requestLog,
  unwrap,
} from '../src/index.js';
import { commClient, cueClient, userEchoClient, winClient } from './clients.js';
import { SECRETS } from './fixtures.js';
import {
  collect,
  collectedCount,
  collectingLogger,
  findLeaks,
  guardAgainstLeaks,
  json,
  rejection,
  resetMidBody,
  text,
  useTestServer,
} from './helpers.js';

const server = useTestServer();
guardAgainstLeaks();

describe('createRedactor', () => {
  const redact = createRedactor(['s3cr3t-value', 'a b/c+d'], ['access_token', 'sig']);

  it('hides secret values in every form: raw, URL-encoded, base64', () => {
    expect(redact('key s3cr3t-value end')).toBe(`key ${REDACTED} end`);
    expect(redact(`q=${encodeURIComponent('a b/c+d')}`)).toBe(`q=${REDACTED}`);
    expect(redact('q=a+b%2Fc%2Bd')).toBe(`q=${REDACTED}`);
    expect(redact(`Basic ${Buffer.from('s3cr3t-value').toString('base64')}`)).toBe(`Basic ${REDACTED}`);
  });

  it('hides the value of secret query parameters whatever it is', () => {
    expect(redact('GET https://x.userecho.com/api/v2/users.json?page=2&access_token=anything-at-all&limit=5')).toBe(
      `GET https://x.userecho.com/api/v2/users.json?page=2&access_token=${REDACTED}&limit=5`,
    );
    expect(redact('https://h/p?SIG=abc')).toBe(`https://h/p?SIG=${REDACTED}`);
    expect(redact('https://h/p?api_key=abc#frag')).toBe(`https://h/p?api_key=${REDACTED}#frag`);
  });

  it('replaces a secret only where it stands as a value, so a short key never garbles a message', () => {
    const short = createRedactor(['k', 'ab']);
    expect(short('EchoCue listDevices: network error (fetch failed)')).toBe('EchoCue listDevices: network error (fetch failed)');
    expect(short('about a tab and a kayak')).toBe('about a tab and a kayak');
    expect(short('Authorization: Bearer k')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(short('https://h/p?key=k&x=ab')).toBe(`https://h/p?key=${REDACTED}&x=${REDACTED}`);
    expect(short('{"apiKey":"k","note":"ab"}')).toBe(`{"apiKey":"${REDACTED}","note":"${REDACTED}"}`);
    expect(short('X-API-Key: k')).toBe(`X-API-Key: ${REDACTED}`);
  });

  it('leaves other text alone', () => {
    expect(redact('GET https://h/users.json?page=2')).toBe('GET https://h/users.json?page=2');
  });
});

describe('the leak check itself', () => {
  it('finds a secret in raw, URL-encoded and base64 form', () => {
    expect(findLeaks([`x ${SECRETS.echoCueKey} y`])).toEqual(['echoCueKey']);
    expect(findLeaks([encodeURIComponent(SECRETS.userEchoToken)])).toEqual(['userEchoToken']);
    expect(findLeaks([Buffer.from(SECRETS.echowinKey).toString('base64')])).toEqual(['echowinKey']);
    expect(findLeaks(['nothing here'])).toEqual([]);
  });
});

describe('secrets never leak', () => {
  it("UserEcho's access_token travels in the URL but not into logs or errors", async () => {
    server.handle((req, res) => {
      // The token really is sent.
      expect(new URL(req.url, 'http://x').searchParams.get('access_token')).toBe(SECRETS.userEchoToken);
      resetMidBody(res);
    });
    const logger = collectingLogger();
    const client = userEchoClient(server.url, { logger });
    const error = (await rejection(client.GET('/users/{user_id}.json', { params: { path: { user_id: 1 } } }))) as EchoNetworkError;
    expect(error).toBeInstanceOf(EchoNetworkError);
    expect(error.message).toContain(`access_token=${REDACTED}`);
    expect(error.url).toContain(`access_token=${REDACTED}`);
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const line of logger.lines) expect(line).toContain(`access_token=${REDACTED}`);
  });

  it('an error body that echoes the key is redacted in message, body, toString, toJSON and stack', async () => {
    server.handle((_, res) =>
      json(res, 401, {
        status_id: 401,
        message: `Invalid API key ${SECRETS.echoCueKey} for secret ${SECRETS.echoCueSecret}`,
        data: { key: SECRETS.echoCueKey },
      }),
    );
    const client = cueClient(server.url, { throwOnError: true });
    const error = (await rejection(client.GET('/api/device/list'))) as EchoApiError;
    expect(error).toBeInstanceOf(EchoApiError);
    expect(error.apiMessage).toBe(`Invalid API key ${REDACTED} for secret ${REDACTED}`);
    expect(error.body).toEqual({ status_id: 401, message: `Invalid API key ${REDACTED} for secret ${REDACTED}`, data: { key: REDACTED } });
    expect(error.stack).toContain(REDACTED);
    for (const printed of [error.message, String(error), JSON.stringify(error), error.stack ?? '']) expect(findLeaks([printed])).toEqual([]);
  });

  it('unwrap() errors are redacted the same way', async () => {
    server.handle((_, res) => json(res, 403, { status: 'error', message: `token ${SECRETS.echoCommKey} lacks scope` }));
    const client = commClient(server.url);
    const error = (await rejection(unwrap(client.GET('/numbers/search')))) as EchoApiError;
    expect(error.apiMessage).toBe(`token ${REDACTED} lacks scope`);
  });

  it('a 2xx with broken JSON that echoes a secret: the parse error is redacted too', async () => {
    server.handle((_, res) => text(res, 200, `{"token": "${SECRETS.echowinKey}", `, 'application/json'));
    const client = winClient(server.url);
    const error = await rejection(client.GET('/contacts/{id}', { params: { path: { id: 1 } } }));
    expect(error).toBeInstanceOf(EchoInvalidResponseError);
  });

  it('an HTML error page that echoes the token is redacted', async () => {
    server.handle((req, res) => text(res, 502, `<html><title>Bad gateway for ${req.url}</title></html>`, 'text/html'));
    const client = userEchoClient(server.url, { throwOnError: true, retry: false });
    const error = (await rejection(client.GET('/users.json'))) as EchoApiError;
    expect(error.apiMessage).toContain(`access_token=${REDACTED}`);
  });

  it("a user middleware's error that names the URL is redacted in place (class kept)", async () => {
    const client = userEchoClient(server.url);
    client.use({
      onResponse({ request }) {
        throw new TypeError(`refusing ${request.url}`);
      },
    });
    server.handle((_, res) => json(res, 200, { data: [] }));
    const error = await rejection(client.GET('/users.json'));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`access_token=${REDACTED}`);
  });

  it('requestLog() writes redacted lines to console.debug', async () => {
    const spy = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    try {
      server.handle((_, res) => json(res, 200, { data: [] }));
      const client = userEchoClient(server.url, { plugins: [requestLog()] });
      await client.GET('/users.json', { params: { query: { page: 2 } } });
      expect(spy).toHaveBeenCalledTimes(1);
      const line = String(spy.mock.calls[0]?.[0]);
      collect(line);
      expect(line).toMatch(
        /^\[UserEcho\] listUsers GET http:\/\/127\.0\.0\.1:\d+\/users\.json\?page=2&access_token=\[REDACTED\] -> 200 in \d+\.\d ms$/,
      );
    } finally {
      spy.mockRestore();
    }
  });

  it('secrets passed through `headers` or `redact` are redacted as well', async () => {
    server.handle((req, res) =>
      json(res, 400, { message: `bad ${String(req.headers['x-extra'])} / ${String(req.headers['x-custom-token']).replace('Bearer ', '')}` }),
    );
    const extra = 'extra-secret-value-123';
    const client = commClient(server.url, {
      headers: { 'X-Custom-Token': 'Bearer header-secret-456', 'X-Extra': extra },
      redact: [extra],
      throwOnError: true,
    });
    const error = (await rejection(client.GET('/numbers/search'))) as EchoApiError;
    expect(error.apiMessage).toBe(`bad ${REDACTED} / ${REDACTED}`);
  });

  it('a missing credential names the scheme, never a value', async () => {
    const client = winClient(server.url);
    const { createVendorClient } = await import('../src/index.js');
    const { echowin } = await import('./fixtures.js');
    const keyOnly = createVendorClient<Record<string, never>>(echowin, { baseUrl: server.url, apiKey: SECRETS.echowinKey });
    const error = await rejection((keyOnly as unknown as typeof client).POST('/agency/subteams', { body: {} }));
    expect(error).toBeInstanceOf(EchoAuthError);
    expect((error as Error).message).toContain('agencyKey (header X-AGENCY-KEY)');
  });

  it("a one-letter key: errors stay readable and still carry no key (the issue's garbled message)", async () => {
    const logger = collectingLogger();
    const { createVendorClient } = await import('../src/index.js');
    const { echoCue } = await import('./fixtures.js');
    const client = createVendorClient<Record<string, never>>(echoCue, {
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'k',
      apiSecret: 's',
      retry: false,
      plugins: [requestLog(logger)],
    });
    const error = (await rejection((client as unknown as ReturnType<typeof cueClient>).GET('/api/device/list'))) as EchoNetworkError;
    expect(error.message).toMatch(/^EchoCue listDevices: network error \(GET http:\/\/127\.0\.0\.1:9\/api\/device\/list, attempt 1\): fetch failed/);
    expect(error.message).not.toContain(REDACTED);
    expect(logger.lines[0]).toMatch(/^\[EchoCue\] listDevices GET http:\/\/127\.0\.0\.1:9\/api\/device\/list -> failed \(fetch failed/);
  });

  it('every error and log line of the suite so far is free of secrets', () => {
    expect(collectedCount()).toBeGreaterThan(20);
    expect(findLeaks()).toEqual([]);
  });
});
