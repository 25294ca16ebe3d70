// Operation methods (`client.getDevice({ path: { device_id } })`) are the path-style call under another name:
// each test makes the same call both ways against the fault-injecting server and compares what the server
// saw and what came back, or checks one behaviour of the shared runtime (retries, errors, middleware,
// plugins, rate-limit state, paginate) through the method.
import { describe, expect, it } from 'vitest';
import { clientRecord } from '../src/client.js';
import { EchoApiError, EchoClientConfigError, getRateLimit, paginate, type Page, paginatePages } from '../src/index.js';
import { cueClient, userEchoClient, winClient } from './clients.js';
import { SECRETS } from './fixtures.js';
import { collectingLogger, guardAgainstLeaks, json, rejection, type Seen, useTestServer } from './helpers.js';

const server = useTestServer();
guardAgainstLeaks();

type Result = { data?: unknown; error?: unknown; response: Response };
/** The fixtures' clients are typed loosely (any path): their operation methods are called through this view. */
const byName = (client: object) => client as unknown as Record<string, (init?: object) => Promise<Result>>;
const seen = ({ method, url, headers, body }: Seen) => ({
  method,
  url,
  body,
  headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !['connection', 'host'].includes(name))),
});
const ok = { status_id: 200, message: 'ok', data: { device_id: 7 } };

describe('an operation method sends what its path call sends and answers the same', () => {
  const cases: { name: string; client: () => object; id: string; init: object; method: string; path: string; pathInit: object }[] = [
    {
      name: 'a GET with a path parameter (EchoCue: bearer key and secret header)',
      client: () => cueClient(server.url),
      id: 'getDevice',
      init: { path: { device_id: 7 } },
      method: 'GET',
      path: '/api/device/{device_id}',
      pathInit: { params: { path: { device_id: 7 } } },
    },
    {
      name: 'a POST with a body and a header of its own',
      client: () => cueClient(server.url),
      id: 'sendSms',
      init: { body: { recipient_contact: '+14155551234', message: 'Hi' }, headers: { 'X-Trace': 'abc' } },
      method: 'POST',
      path: '/api/sms/send',
      pathInit: { body: { recipient_contact: '+14155551234', message: 'Hi' }, headers: { 'X-Trace': 'abc' } },
    },
    {
      name: 'a GET whose credential travels in the query, next to the call’s own query (UserEcho)',
      client: () => userEchoClient(server.url),
      id: 'listUsers',
      init: { query: { page: 2, limit: 5 } },
      method: 'GET',
      path: '/users.json',
      pathInit: { params: { query: { page: 2, limit: 5 } } },
    },
    {
      name: 'a header parameter and a path parameter together (echowin)',
      client: () => winClient(server.url),
      id: 'getContact',
      init: { path: { id: 'c-1' }, header: { 'X-Request-Id': 'r-1' } },
      method: 'GET',
      path: '/contacts/{id}',
      pathInit: { params: { path: { id: 'c-1' }, header: { 'X-Request-Id': 'r-1' } } },
    },
  ];
  for (const { name, client: make, id, init, method, path, pathInit } of cases) {
    it(name, async () => {
      server.handle((_, res) => json(res, 200, ok, { 'X-RateLimit-Remaining': '41' }));
      const client = make() as { request(method: string, path: string, init: object): Promise<Result> };
      const named = await byName(client)[id]!(init);
      const pathStyle = await client.request(method, path, pathInit);
      expect(server.requests).toHaveLength(2);
      expect(seen(server.requests[0]!)).toEqual(seen(server.requests[1]!));
      expect(server.requests[0]!.method).toBe(method);
      expect(named.data).toEqual(pathStyle.data);
      expect(named.data).toEqual(ok);
      expect(named.response.status).toBe(200);
    });
  }
});

describe('the shared runtime, through an operation method', () => {
  it('retries an idempotent operation and counts the attempts; a POST only when the call opts in', async () => {
    // Busy for the first try of each call; the opted-in POST's retry gets through.
    server.handle((_, res, i) => ([0, 2, 3].includes(i) ? json(res, 503, { status_id: 503, message: 'busy' }) : json(res, 200, ok)));
    const client = byName(cueClient(server.url));
    expect((await client.getDevice!({ path: { device_id: 7 } })).response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    const once = await client.sendSms!({ body: { recipient_contact: '+14155551234', message: 'Hi' } });
    expect(once.response.status).toBe(503);
    expect(server.requests).toHaveLength(3);
    const optedIn = await client.sendSms!({ body: { recipient_contact: '+14155551234', message: 'Hi' }, retry: { nonIdempotent: true } });
    expect(optedIn.response.status).toBe(200);
    expect(server.requests).toHaveLength(5);
  });

  it('throwOnError per call: EchoApiError naming the operation, the vendor’s message and no credential', async () => {
    server.handle((_, res) => json(res, 404, { status_id: 404, message: 'No such device' }));
    const client = byName(cueClient(server.url));
    const error = await rejection(client.getDevice!({ path: { device_id: 7 }, throwOnError: true }));
    expect(error).toBeInstanceOf(EchoApiError);
    expect(error).toMatchObject({ status: 404, apiMessage: 'No such device', operationId: 'getDevice' });
    expect(JSON.stringify(error)).not.toContain(SECRETS.echoCueKey);
    // Without the option the client's default (no throw) holds, as for a path call.
    expect((await client.getDevice!({ path: { device_id: 7 } })).error).toEqual({ status_id: 404, message: 'No such device' });
  });

  it('a body that reports failure with HTTP 200 is an EchoApiError (UserEcho), as for a path call', async () => {
    server.handle((_, res) => json(res, 200, { status: 'error', message: 'Topic is closed' }));
    const error = await rejection(byName(userEchoClient(server.url)).getUser!({ path: { user_id: 1 } }));
    expect(error).toBeInstanceOf(EchoApiError);
    expect(error).toMatchObject({ apiMessage: 'Topic is closed', operationId: 'getUser' });
    expect(String((error as EchoApiError).url)).not.toContain(SECRETS.userEchoToken);
  });

  it('per-call options are checked before anything is sent, and a per-call fetch is refused', async () => {
    const client = byName(cueClient(server.url));
    expect(await rejection(client.getDevice!({ path: { device_id: 7 }, timeoutMs: -1 }))).toBeInstanceOf(EchoClientConfigError);
    expect(await rejection(client.getDevice!({ path: { device_id: 7 }, fetch: () => undefined }))).toBeInstanceOf(EchoClientConfigError);
    expect(server.requests).toHaveLength(0);
  });

  it('middleware added with use() sees the authenticated request and the parameters by location', async () => {
    server.handle((_, res) => json(res, 200, ok));
    const client = cueClient(server.url);
    const seenByMiddleware: { url: string; auth: string | null; params: unknown }[] = [];
    client.use({
      onRequest: ({ request, params }) => {
        seenByMiddleware.push({ url: request.url, auth: request.headers.get('X-API-SECRET'), params });
      },
    });
    await byName(client).getDevice!({ path: { device_id: 7 }, query: { verbose: true } });
    expect(seenByMiddleware).toHaveLength(1);
    expect(seenByMiddleware[0]!.url).toBe(`${server.url}/api/device/7?verbose=true`);
    expect(seenByMiddleware[0]!.auth).toBe(SECRETS.echoCueSecret);
    expect(seenByMiddleware[0]!.params).toMatchObject({ path: { device_id: 7 }, query: { verbose: true } });
  });

  it('plugins see the call as its operation, and the rate-limit state is read from the response', async () => {
    server.handle((_, res) => json(res, 200, ok, { 'X-RateLimit-Limit': '100', 'X-RateLimit-Remaining': '41' }));
    const logger = collectingLogger();
    const client = byName(winClient(server.url, { logger }));
    const { response } = await client.getContact!({ path: { id: 'c-1' } });
    expect(getRateLimit(response)).toMatchObject({ limit: 100, remaining: 41 });
    expect(logger.lines.join('\n')).toContain('getContact');
    expect(logger.lines.join('\n')).not.toContain(SECRETS.echowinKey);
  });
});

describe('paginate() takes an operation method', () => {
  it('walks the pages with the operation style’s init, as paginate(client, name) does with the path style’s', async () => {
    server.handle((req, res) => {
      const page = Number(new URL(req.url, 'http://x').searchParams.get('page'));
      json(res, 200, { data: page < 3 ? [{ id: page }] : [], pagination: { totalCount: 2, totalPages: 2 } });
    });
    const client = winClient(server.url);
    const items: unknown[] = [];
    for await (const item of paginate(byName(client).listContacts as never, { query: { search: 'a' } } as never)) items.push(item);
    const byMethod = server.requests.map((r) => r.url);
    server.requests.length = 0;
    const pages: Page<unknown>[] = [];
    for await (const page of paginatePages(client, 'listContacts', { params: { query: { search: 'a' } } })) pages.push(page);
    expect(items).toEqual([{ id: 1 }, { id: 2 }]);
    expect(pages.flatMap((page) => page.items)).toEqual(items);
    expect(server.requests.map((r) => r.url)).toEqual(byMethod);
    expect(byMethod).toEqual(['/contacts?search=a&page=1', '/contacts?search=a&page=2']);
  });

  it('refuses a method that is not a paginated list, and a function that is not an operation method', async () => {
    const client = winClient(server.url);
    expect(clientRecord(byName(client).getContact!)).toMatchObject({ operationId: 'getContact', client });
    expect(await rejection(paginate(byName(client).getContact as never).next())).toBeInstanceOf(EchoClientConfigError);
    expect(await rejection(paginate((() => undefined) as never).next())).toBeInstanceOf(EchoClientConfigError);
    expect(server.requests).toHaveLength(0);
  });
});
