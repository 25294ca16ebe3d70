import type { Client } from 'openapi-fetch';
import type { EchoCallOptions } from './client.js';
import { vendorClientInternals } from './client.js';
import { EchoClientConfigError } from './errors.js';
import { getPath } from './path.js';

/** Any client made by createVendorClient (whatever its Paths). */
export type VendorClientRef = Pick<Client<{}>, 'use' | 'eject'>;

/** The request of a list call, minus the page and limit the iterator fills in. */
export interface PageRequest extends EchoCallOptions {
  params?: {
    query?: Record<string, unknown>;
    path?: Record<string, unknown>;
    header?: Record<string, unknown>;
    cookie?: Record<string, unknown>;
  };
  /** For POST lists: the JSON body; page and limit are added to it. */
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** How to walk the pages. */
export interface PaginateOptions {
  /** Items per page to ask for (sent as `limit`); by default none is sent and the server's default applies. */
  pageSize?: number;
  /** The page to start from (default: the operation's first page, 1). */
  startPage?: number;
  /** Stop after this many pages (a guard for servers that never say they are done). */
  maxPages?: number;
}

/** One page of a list operation. */
export interface Page<Item> {
  /** The page number sent. */
  page: number;
  items: Item[];
  /** The whole parsed response body. */
  data: unknown;
  /** The total item count, when the operation reports it. */
  total?: number;
  /** The total page count, when the operation reports it. */
  totalPages?: number;
}

function toCount(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}

/**
 * Walks a list operation (one with `pagination` metadata) page by page, putting page/limit where the
 * operation takes them (query, or the JSON body of POST lists) and stopping on the last page by `totalPages`,
 * `total`, or (with neither) a short or empty page. Errors throw EchoApiError.
 */
export async function* paginatePages<Item = unknown>(
  client: VendorClientRef,
  operationId: string,
  request: PageRequest = {},
  options: PaginateOptions = {},
): AsyncGenerator<Page<Item>, void, undefined> {
  const internals = vendorClientInternals(client);
  if (!internals) throw new EchoClientConfigError('paginate() needs a client made by createVendorClient');
  const { vendor } = internals;
  const operation = vendor.operations[operationId];
  if (!operation) throw new EchoClientConfigError(`${vendor.title}: no operation "${operationId}"`);
  const pagination = operation.pagination;
  if (!pagination) throw new EchoClientConfigError(`${vendor.title}: ${operationId} is not a paginated list operation`);
  if (options.pageSize !== undefined && !(Number.isInteger(options.pageSize) && options.pageSize > 0)) {
    throw new EchoClientConfigError(`${vendor.title}: pageSize must be a positive integer`);
  }

  const location = pagination.in ?? (['post', 'put', 'patch'].includes(operation.method) ? 'body' : 'query');
  const pageParam = pagination.pageParam ?? 'page';
  const limitParam = pagination.limitParam ?? 'limit';
  const firstPage = pagination.firstPage ?? 1;
  const startPage = options.startPage ?? firstPage;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  // The page size that marks a full page: asked for, documented, or learned from the first page.
  let pageSize: number | undefined = options.pageSize ?? pagination.defaultLimit;
  let seen = 0;

  for (let page = startPage, fetched = 0; fetched < maxPages; page++, fetched++) {
    const paging: Record<string, unknown> = { [pageParam]: page, ...(options.pageSize !== undefined ? { [limitParam]: options.pageSize } : {}) };
    const init: Record<string, unknown> = { ...request, throwOnError: true };
    if (location === 'body') {
      init.body = { ...(request.body ?? {}), ...paging };
    } else {
      init.params = { ...(request.params ?? {}), query: { ...(request.params?.query ?? {}), ...paging } };
    }
    const { data } = await internals.request(operation.method, operation.path, init);
    const rawItems = getPath(data, pagination.items);
    const items = (Array.isArray(rawItems) ? rawItems : []) as Item[];
    const total = pagination.total ? toCount(getPath(data, pagination.total)) : undefined;
    const totalPages = pagination.totalPages ? toCount(getPath(data, pagination.totalPages)) : undefined;
    const result: Page<Item> = { page, items, data };
    if (total !== undefined) result.total = total;
    if (totalPages !== undefined) result.totalPages = totalPages;
    if (items.length > 0) yield result;
    seen += items.length;

    if (items.length === 0) return;
    if (totalPages !== undefined) {
      if (page - firstPage + 1 >= totalPages) return;
      continue;
    }
    if (total !== undefined) {
      // From the first page, count what arrived; from a later one, assume the pages before were full.
      const through = startPage === firstPage ? seen : (page - firstPage) * (pageSize ?? items.length) + items.length;
      if (through >= total) return;
      continue;
    }
    if (pageSize === undefined) {
      pageSize = items.length;
      continue;
    }
    if (items.length < pageSize) return;
  }
}

/** The items of every page of a list operation, one by one (see paginatePages for how pages are walked). */
export async function* paginate<Item = unknown>(
  client: VendorClientRef,
  operationId: string,
  request: PageRequest = {},
  options: PaginateOptions = {},
): AsyncGenerator<Item, void, undefined> {
  for await (const page of paginatePages<Item>(client, operationId, request, options)) yield* page.items;
}
