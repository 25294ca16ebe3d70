import { describe, expect, it } from 'vitest';
import { EchoApiError, EchoClientConfigError, paginate, paginatePages, type Page } from '../src/index.js';
import { cueClient, userEchoClient, winClient } from './clients.js';
import { guardAgainstLeaks, json, rejection, useTestServer } from './helpers.js';

const server = useTestServer();
guardAgainstLeaks();

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: from + i }));
const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

async function collectAll<T = { id: number }>(iterator: AsyncIterable<unknown>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item as T);
  return out;
}

describe('total style (EchoCue data.pagination.total; page/limit in the query)', () => {
  const serve = (total: number) =>
    server.handle((req, res) => {
      const { page = '1', limit = '20' } = query(req.url);
      const size = Number(limit);
      const start = (Number(page) - 1) * size;
      json(res, 200, {
        status_id: 200,
        data: { devices: range(start + 1, Math.max(0, Math.min(size, total - start))), pagination: { page: Number(page), limit: size, total } },
      });
    });

  it('walks every page and stops on the last one', async () => {
    serve(7);
    const client = cueClient(server.url);
    const items = await collectAll(paginate(client, 'listDevices', { params: { query: { status: 'online' } } }, { pageSize: 3 }));
    expect(items.map((d) => d.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(server.requests.map((r) => query(r.url))).toEqual([
      { status: 'online', page: '1', limit: '3' },
      { status: 'online', page: '2', limit: '3' },
      { status: 'online', page: '3', limit: '3' },
    ]);
  });

  it('a last page that is exactly full ends the walk (no extra request)', async () => {
    serve(6);
    const client = cueClient(server.url);
    expect(await collectAll(paginate(client, 'listDevices', {}, { pageSize: 3 }))).toHaveLength(6);
    expect(server.requests).toHaveLength(2);
  });

  it('an empty list is one request and no items', async () => {
    serve(0);
    const client = cueClient(server.url);
    expect(await collectAll(paginate(client, 'listDevices'))).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('an empty page stops the walk even when total promises more', async () => {
    server.handle((req, res) => {
      const page = Number(query(req.url).page);
      json(res, 200, { data: { devices: page === 1 ? range(1, 2) : [], pagination: { total: 50 } } });
    });
    const client = cueClient(server.url);
    expect(await collectAll(paginate(client, 'listDevices', {}, { pageSize: 2 }))).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('pages expose the total and the whole body', async () => {
    serve(4);
    const client = cueClient(server.url);
    const pages = await collectAll<Page<unknown>>(paginatePages(client, 'listDevices', {}, { pageSize: 2 }));
    expect(pages.map((p) => [p.page, p.items.length, p.total])).toEqual([
      [1, 2, 4],
      [2, 2, 4],
    ]);
  });

  it('startPage and maxPages', async () => {
    serve(10);
    const client = cueClient(server.url);
    const items = await collectAll(paginate(client, 'listDevices', {}, { pageSize: 2, startPage: 2, maxPages: 2 }));
    expect(items.map((d) => d.id)).toEqual([3, 4, 5, 6]);
    expect(server.requests.map((r) => query(r.url).page)).toEqual(['2', '3']);
  });
});

describe('totalPages style (echowin pagination.totalPages)', () => {
  it('stops after totalPages pages', async () => {
    server.handle((req, res) => {
      const page = Number(query(req.url).page);
      json(res, 200, { data: range((page - 1) * 2 + 1, page < 3 ? 2 : 1), pagination: { page, limit: 2, totalCount: 5, totalPages: 3 } });
    });
    const client = winClient(server.url);
    const items = await collectAll(paginate(client, 'listContacts', {}, { pageSize: 2 }));
    expect(items.map((c) => c.id)).toEqual([1, 2, 3, 4, 5]);
    expect(server.requests).toHaveLength(3);
  });

  it('totalPages 0 with an empty page: one request', async () => {
    server.handle((_, res) => json(res, 200, { data: [], pagination: { page: 1, limit: 20, totalCount: 0, totalPages: 0 } }));
    const client = winClient(server.url);
    expect(await collectAll(paginate(client, 'listContacts'))).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('an error page throws EchoApiError out of the iterator', async () => {
    server.handle((req, res) =>
      query(req.url).page === '1'
        ? json(res, 200, { data: range(1, 2), pagination: { totalPages: 3 } })
        : json(res, 401, { error: 'Invalid API key' }),
    );
    const client = winClient(server.url);
    const seen: unknown[] = [];
    const error = (await rejection(
      (async () => {
        for await (const item of paginate(client, 'listContacts')) seen.push(item);
      })(),
    )) as EchoApiError;
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(EchoApiError);
    expect(error.apiMessage).toBe('Invalid API key');
  });
});

describe('neither total nor totalPages: stop on a short or empty page', () => {
  it('EchoCue POST /notification/template/api/get: page and limit travel in the JSON body', async () => {
    server.handle((req, res) => {
      const { page, limit } = JSON.parse(req.body) as { page: number; limit: number };
      json(res, 200, { status_id: 200, data: range((page - 1) * limit + 1, page < 3 ? limit : 1) });
    });
    const client = cueClient(server.url);
    const items = await collectAll(paginate(client, 'getNotificationTemplates', { body: { channel: 'sms' } }, { pageSize: 4 }));
    expect(items).toHaveLength(9);
    expect(server.requests.map((r) => [r.method, query(r.url), JSON.parse(r.body)])).toEqual([
      ['POST', {}, { channel: 'sms', page: 1, limit: 4 }],
      ['POST', {}, { channel: 'sms', page: 2, limit: 4 }],
      ['POST', {}, { channel: 'sms', page: 3, limit: 4 }],
    ]);
  });

  it('a list that is an exact multiple of the page size ends on the empty page after it', async () => {
    server.handle((req, res) => {
      const { page } = JSON.parse(req.body) as { page: number };
      json(res, 200, { data: page <= 2 ? range(page * 10, 2) : [] });
    });
    const client = cueClient(server.url);
    expect(await collectAll(paginate(client, 'getNotificationTemplates', {}, { pageSize: 2 }))).toHaveLength(4);
    expect(server.requests).toHaveLength(3);
  });

  it('UserEcho: no limit sent, the documented default of 50 marks a full page', async () => {
    server.handle((req, res) => {
      const { page } = query(req.url);
      json(res, 200, {
        status: 'success',
        data: range((Number(page) - 1) * 50 + 1, page === '3' ? 20 : 50),
        details: { limit: 50, page: Number(page) },
      });
    });
    const client = userEchoClient(server.url);
    const items = await collectAll(paginate(client, 'listUsers'));
    expect(items).toHaveLength(120);
    expect(server.requests.map((r) => query(r.url))).toEqual(
      [1, 2, 3].map((page) => ({ page: String(page), access_token: expect.any(String) as string })),
    );
  });

  it('UserEcho: a page shorter than 50 on the first request is the only page', async () => {
    server.handle((_, res) => json(res, 200, { status: 'success', data: range(1, 3), details: { limit: 50, page: 1 } }));
    const client = userEchoClient(server.url);
    expect(await collectAll(paginate(client, 'listUsers'))).toHaveLength(3);
    expect(server.requests).toHaveLength(1);
  });

  it('UserEcho details.count as total', async () => {
    server.handle((req, res) => {
      const page = Number(query(req.url).page);
      json(res, 200, { status: 'success', data: range(page * 100, page === 1 ? 50 : 10), details: { count: 60, limit: 50, page } });
    });
    const client = userEchoClient(server.url);
    expect(await collectAll(paginate(client, 'listGroups'))).toHaveLength(60);
    expect(server.requests).toHaveLength(2);
  });

  it('with no page size known, the first page’s size is taken as full', async () => {
    server.handle((req, res) => {
      const { page } = JSON.parse(req.body) as { page: number };
      json(res, 200, { data: range(page * 10, page === 1 ? 5 : page === 2 ? 5 : 2) });
    });
    const client = cueClient(server.url);
    expect(await collectAll(paginate(client, 'getNotificationTemplates'))).toHaveLength(12);
    expect(server.requests).toHaveLength(3);
  });
});

describe('paginate() misuse', () => {
  it('names the problem for an operation that is not a list', async () => {
    const client = cueClient(server.url);
    expect(await rejection(collectAll(paginate(client, 'sendSms')))).toBeInstanceOf(EchoClientConfigError);
    expect(((await rejection(collectAll(paginate(client, 'nope')))) as Error).message).toMatch(/no operation "nope"/);
    expect(((await rejection(collectAll(paginate({ use() {}, eject() {} } as unknown as typeof client, 'listDevices')))) as Error).message).toMatch(
      /createVendorClient/,
    );
  });
});
