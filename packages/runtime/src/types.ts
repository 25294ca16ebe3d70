import type { FetchOptions, FetchResponse, MaybeOptionalInit, Middleware, RequestBodyOption } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import type { EchoCallOptions } from './call.js';

/**
 * The init a call of `Method` on `Path` accepts: openapi-fetch's own, plus our per-call options, minus a
 * per-call `fetch` (it would bypass retries and timeouts: give the client its `fetch` instead).
 */
export type EchoInit<PathItem, Method extends HttpMethod> = WithoutFetch<MaybeOptionalInit<PathItem, Method & keyof PathItem>> & EchoCallOptions;
type WithoutFetch<Init> = Init extends undefined ? undefined : Omit<Init, 'fetch'>;

/**
 * The init argument, exact: openapi-fetch accepts any extra key (`[key: string]: unknown`); here a key that
 * is neither openapi-fetch's nor ours is `never`, so a typo is a compile error.
 */
type ExactInit<Init, Allowed> = Init & { [Key in Exclude<keyof Init, keyof Allowed>]: never };
type EchoInitParam<Init, Allowed> = RequiredKeysOf<Init> extends never ? [ExactInit<Init, Allowed>?] : [ExactInit<Init, Allowed>];

/**
 * The one argument of an operation method: the operation's parameters by location (`path`, `query`, `header`,
 * `cookie`: openapi-typescript's `parameters`, one level up from openapi-fetch's `params`) and its `body`,
 * openapi-fetch's request options (`headers`, `signal`, `parseAs`, `middleware`, ...) and our per-call options.
 */
export type OperationInit<Operation> = (Operation extends { parameters: infer Parameters } ? Parameters : {}) &
  RequestBodyOption<Operation> &
  Omit<FetchOptions<Operation>, 'params' | 'body' | 'fetch'> &
  EchoCallOptions;

/** Key of the type-only record of an operation method's operation and paginated items (no runtime value). */
export declare const operationTypes: unique symbol;

/**
 * An operation called by name (`echowin.getContact({ path: { contactId } })`): the same call as the path style
 * (`echowin.GET('/contacts/{contactId}', { params: { path: { contactId } } })`), typed from the operation, with
 * exact options. `Items` is the dotted path to a paginated operation's items (`null`: not paginated), which
 * lets `paginate()` take the method itself.
 */
export interface OperationMethod<
  Operation extends Record<string | number, any>,
  Items extends string | null = null,
  Media extends MediaType = MediaType,
> {
  <Init extends OperationInit<Operation>>(...init: EchoInitParam<Init, OperationInit<Operation>>): Promise<FetchResponse<Operation, Init, Media>>;
  /** Type-level only (never set): what paginate() reads to type its arguments and items. */
  readonly [operationTypes]?: { operation: Operation; items: Items };
}

/** One HTTP method of an EchoClient: openapi-fetch's ClientMethod, with typed, exact per-call options. */
export type EchoClientMethod<Paths extends Record<string, Record<HttpMethod, {}>>, Method extends HttpMethod, Media extends MediaType> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends EchoInit<Paths[Path], Method>,
>(
  url: Path,
  ...init: EchoInitParam<Init, NonNullable<EchoInit<Paths[Path], Method>>>
) => Promise<FetchResponse<Paths[Path][Method], Init, Media>>;

/** `client.request(method, url, init)`, typed like the methods. */
export type EchoRequestMethod<Paths extends Record<string, Record<HttpMethod, {}>>, Media extends MediaType> = <
  Method extends HttpMethod,
  Path extends PathsWithMethod<Paths, Method>,
  Init extends EchoInit<Paths[Path], Method>,
>(
  method: Method,
  url: Path,
  ...init: EchoInitParam<Init, NonNullable<EchoInit<Paths[Path], Method>>>
) => Promise<FetchResponse<Paths[Path][Method], Init, Media>>;

/** Key of the type-only record of a client's Paths and paginated operations (no runtime value). */
export declare const clientTypes: unique symbol;

/** What codegen says about one paginated operation: its method, path and the dotted path to its items. */
export interface PaginatedOperation {
  method: HttpMethod;
  path: string;
  items: string;
}

/**
 * A client made by createVendorClient: openapi-fetch's Client<Paths> with exact per-call options, and (as
 * a type only) the operations `paginate()` accepts, which codegen emits from `x-pagination`.
 */
export interface EchoClient<Paths extends {}, Paginated extends {} = {}, Media extends MediaType = MediaType> {
  /** Call any method: `client.request('get', '/contacts', init)`. */
  request: EchoRequestMethod<Paths, Media>;
  GET: EchoClientMethod<Paths, 'get', Media>;
  PUT: EchoClientMethod<Paths, 'put', Media>;
  POST: EchoClientMethod<Paths, 'post', Media>;
  DELETE: EchoClientMethod<Paths, 'delete', Media>;
  OPTIONS: EchoClientMethod<Paths, 'options', Media>;
  HEAD: EchoClientMethod<Paths, 'head', Media>;
  PATCH: EchoClientMethod<Paths, 'patch', Media>;
  TRACE: EchoClientMethod<Paths, 'trace', Media>;
  /** Adds openapi-fetch middleware (runs after the client's own authentication). */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with use(). */
  eject(...middleware: Middleware[]): void;
  /** Type-level only (never set): what paginate() reads to type its arguments and items. */
  readonly [clientTypes]?: { paths: Paths; paginated: Paginated };
}
