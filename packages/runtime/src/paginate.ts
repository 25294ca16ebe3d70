import type { FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { MediaType } from 'openapi-typescript-helpers';
import type { EchoCallOptions } from './call.js';
import { clientRecord, pathInit } from './client.js';
import { EchoClientConfigError } from './errors.js';
import { getPath } from './path.js';
import type { clientTypes, EchoClient, OperationInit, OperationMethod, operationTypes, PaginatedOperation } from './types.js';

/** How to walk the pages. */
export interface PaginateOptions {
  /** Items per page to ask for (sent as `limit`); by default none is sent and the server's default applies. */
  pageSize?: number;
  /** Stop after this many items (the last page is cut short). */
  maxItems?: number;
  /** The page to start from (default: the operation's first page, 1). */
  startPage?: number;
  /** Stop after this many pages (a guard for servers that never say they are done). */
  maxPages?: number;
}

/** One page of a list operation. */
export interface Page<Item, Data = unknown> {
  /** The page number sent. */
  page: number;
  items: Item[];
  /** The whole parsed response body. */
  data: Data;
  /** The total item count, when the operation reports it. */
  total?: number;
  /** The total page count, when the operation reports it. */
  totalPages?: number;
}

/* ---- types: what a client's paginated operation takes and yields ---------------------------------------- */

type TypesOf<C> = C extends { readonly [clientTypes]?: infer T } ? NonNullable<T> : never;
type PaginatedOf<C> = TypesOf<C> extends { paginated: infer P } ? P : never;
type PathsOf<C> = TypesOf<C> extends { paths: infer Paths } ? Paths : never;
type Op<C, Id extends keyof PaginatedOf<C>> = PaginatedOf<C>[Id] extends PaginatedOperation ? PaginatedOf<C>[Id] : never;
type PathItem<C, Id extends keyof PaginatedOf<C>> = PathsOf<C>[Op<C, Id>['path'] & keyof PathsOf<C>];

/** The success body of a paginated operation. */
export type PageData<C, Id extends keyof PaginatedOf<C>> = NonNullable<
  FetchResponse<PathItem<C, Id>[Op<C, Id>['method'] & keyof PathItem<C, Id>] & Record<string | number, any>, {}, MediaType>['data']
>;

type Field<T, Key extends string> = T extends unknown ? (Key extends keyof T ? T[Key] : undefined) : never;
/** The value at a dotted path of a type (`data.contacts`). */
type At<T, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? At<NonNullable<Field<NonNullable<T>, Head>>, Rest>
  : Field<NonNullable<T>, Path>;

/** The item type of a paginated operation: the element of the array its `x-pagination.items` names. */
export type PageItem<C, Id extends keyof PaginatedOf<C>> =
  NonNullable<At<PageData<C, Id>, Op<C, Id>['items']>> extends readonly (infer Item)[] ? Item : unknown;

/** The request of a paginated operation (its params and body as the spec types them, plus per-call options). */
export type PageInit<C, Id extends keyof PaginatedOf<C>> = NonNullable<
  MaybeOptionalInit<PathItem<C, Id>, Op<C, Id>['method'] & keyof PathItem<C, Id>>
> &
  EchoCallOptions;

/* ---- types: the same, for an operation method (`paginate(echowin.listContacts)`) --------------------------- */

/** An operation method of a paginated operation (its `Items` set by codegen from `x-pagination`). */
export type PaginatedMethod = OperationMethod<any, string, any>;
type MethodTypes<M> = M extends { readonly [operationTypes]?: infer T } ? NonNullable<T> : never;
type MethodOperation<M> = MethodTypes<M> extends { operation: infer Operation extends Record<string | number, any> } ? Operation : never;
type MethodItems<M> = MethodTypes<M> extends { items: infer Items extends string } ? Items : never;

/** The success body of a paginated operation method. */
export type MethodPageData<M extends PaginatedMethod> = NonNullable<FetchResponse<MethodOperation<M>, {}, MediaType>['data']>;
/** The item type of a paginated operation method. */
export type MethodPageItem<M extends PaginatedMethod> =
  NonNullable<At<MethodPageData<M>, MethodItems<M>>> extends readonly (infer Item)[] ? Item : unknown;

/* ---- the walk ---------------------------------------------------------------------------------------------- */

function toCount(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number >= 0 ? number : undefined;
}

function checkCount(title: string, name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new EchoClientConfigError(`${title}: ${name} must be a positive integer`);
}

/**
 * Walks a paginated operation page by page (the ids codegen emits from `x-pagination`), putting page/limit
 * where the operation takes them (query, or the JSON body) and stopping on the last page by `totalPages`,
 * `total`, or (with neither) a short or empty page. A failed page throws EchoApiError.
 */
export function paginatePages<M extends PaginatedMethod>(
  method: M,
  init?: OperationInit<MethodOperation<M>>,
  options?: PaginateOptions,
): AsyncGenerator<Page<MethodPageItem<M>, MethodPageData<M>>, void, undefined>;
export function paginatePages<C extends EchoClient<any, any, any>, Id extends keyof PaginatedOf<C> & string>(
  client: C,
  operationId: Id,
  init?: PageInit<C, Id>,
  options?: PaginateOptions,
): AsyncGenerator<Page<PageItem<C, Id>, PageData<C, Id>>, void, undefined>;
export async function* paginatePages(target: object, ...args: unknown[]): AsyncGenerator<Page<unknown>, void, undefined> {
  const record = clientRecord(target);
  if (!record) throw new EchoClientConfigError('paginate() needs a client made by createVendorClient, or one of its operation methods');
  const { vendor, client } = record;
  // An operation method knows its operation and takes the operation style's init; a client is given the name.
  const [operationId, init, options = {}] = (
    record.operationId ? [record.operationId, pathInit(args[0] as Record<string, unknown> | undefined), args[1]] : args
  ) as [string, unknown, PaginateOptions | undefined];
  const operation = vendor.operations[operationId];
  if (!operation) throw new EchoClientConfigError(`${vendor.title}: no operation "${operationId}"`);
  const pagination = operation.pagination;
  if (!pagination) throw new EchoClientConfigError(`${vendor.title}: ${operationId} is not a paginated list operation`);
  checkCount(vendor.title, 'pageSize', options.pageSize);
  checkCount(vendor.title, 'maxItems', options.maxItems);

  const request = (init ?? {}) as { params?: Record<string, Record<string, unknown> | undefined>; body?: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  const location = pagination.in ?? (['post', 'put', 'patch'].includes(operation.method) ? 'body' : 'query');
  const pageParam = pagination.pageParam ?? 'page';
  const limitParam = pagination.limitParam ?? 'limit';
  const firstPage = pagination.firstPage ?? 1;
  const startPage = options.startPage ?? firstPage;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  // The page size that marks a full page: asked for, documented, or learned from the first page.
  let pageSize: number | undefined = options.pageSize ?? pagination.defaultLimit;
  let seen = 0;

  for (let page = startPage, fetched = 0; fetched < maxPages && seen < maxItems; page++, fetched++) {
    const paging: Record<string, unknown> = { [pageParam]: page, ...(options.pageSize !== undefined ? { [limitParam]: options.pageSize } : {}) };
    const call: Record<string, unknown> = { ...request, throwOnError: true };
    if (location === 'body') call.body = { ...(request.body ?? {}), ...paging };
    else call.params = { ...(request.params ?? {}), query: { ...(request.params?.query ?? {}), ...paging } };
    const { data } = await (client as unknown as { request(method: string, path: string, init: unknown): Promise<{ data: unknown }> }).request(
      operation.method,
      operation.path,
      call,
    );
    const rawItems = getPath(data, pagination.items);
    const all = Array.isArray(rawItems) ? rawItems : [];
    const items = all.length > maxItems - seen ? all.slice(0, maxItems - seen) : all;
    const total = pagination.total ? toCount(getPath(data, pagination.total)) : undefined;
    const totalPages = pagination.totalPages ? toCount(getPath(data, pagination.totalPages)) : undefined;
    const result: Page<unknown> = { page, items, data };
    if (total !== undefined) result.total = total;
    if (totalPages !== undefined) result.totalPages = totalPages;
    if (items.length > 0) yield result;
    seen += all.length;

    if (all.length === 0) return;
    if (totalPages !== undefined) {
      if (page - firstPage + 1 >= totalPages) return;
      continue;
    }
    if (total !== undefined) {
      // From the first page, count what arrived; from a later one, assume the pages before were full.
      const through = startPage === firstPage ? seen : (page - firstPage) * (pageSize ?? all.length) + all.length;
      if (through >= total) return;
      continue;
    }
    if (pageSize === undefined) {
      pageSize = all.length;
      continue;
    }
    if (all.length < pageSize) return;
  }
}

/**
 * The items of every page of a paginated operation, one by one, typed as the spec's item schema:
 * `for await (const contact of paginate(echowin, 'listContacts', {}, { pageSize: 100, maxItems: 500 }))`.
 * Only the client's paginated operation ids are accepted, and `init` is checked against that operation.
 */
export function paginate<M extends PaginatedMethod>(
  method: M,
  init?: OperationInit<MethodOperation<M>>,
  options?: PaginateOptions,
): AsyncGenerator<MethodPageItem<M>, void, undefined>;
export function paginate<C extends EchoClient<any, any, any>, Id extends keyof PaginatedOf<C> & string>(
  client: C,
  operationId: Id,
  init?: PageInit<C, Id>,
  options?: PaginateOptions,
): AsyncGenerator<PageItem<C, Id>, void, undefined>;
export async function* paginate(target: object, ...args: unknown[]): AsyncGenerator<unknown, void, undefined> {
  for await (const page of walk(target, ...args)) yield* page.items;
}

/** paginatePages() as its implementation takes it (the overloads are for callers). */
const walk = paginatePages as (target: object, ...args: unknown[]) => AsyncGenerator<Page<unknown>, void, undefined>;
