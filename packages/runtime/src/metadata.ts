/**
 * What a vendor package tells the runtime about its API. Codegen writes one of these per vendor
 * (`src/generated/vendor.ts`) from the spec, so the runtime takes every vendor fact as data.
 */

/** One of the spec's components.securitySchemes, as the auth middleware applies it. */
export type SecurityScheme =
  | { type: 'http'; scheme: 'bearer' | 'basic' }
  | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string };

/** One documented limit: `limit` requests per `windowSeconds` (from the spec's `x-rate-limits`). */
export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
  description?: string;
}

/** The spec's `x-rate-limits`: every documented policy and the response headers that report them. */
export interface RateLimits {
  scope?: string;
  policies: RateLimitPolicy[];
  /** Response headers that carry the server's view of the limit, when the vendor documents them. */
  headers?: { limit?: string; remaining?: string; reset?: string; resetFormat?: 'unix-seconds' | 'seconds' | 'http-date' };
}

/** The spec's `x-pagination` on a list operation: where items, totals and page parameters are. */
export interface Pagination {
  /** Dotted path to the array of items in a response body (`data.devices`). */
  items: string;
  /** Dotted path to the total number of items, when the API reports it. */
  total?: string;
  /** Dotted path to the total number of pages, when the API reports it. */
  totalPages?: string;
  /** Where page and limit go; defaults to the JSON body for POST/PUT/PATCH lists, the query otherwise. */
  in?: 'query' | 'body';
  /** Name of the page-number parameter (default `page`). */
  pageParam?: string;
  /** Name of the page-size parameter (default `limit`). */
  limitParam?: string;
  /** The page size the server uses when none is sent (UserEcho: 50). */
  defaultLimit?: number;
  /** The first page's number (default 1). */
  firstPage?: number;
}

/** What the runtime needs to know about one operation (keyed by operationId in VendorMetadata). */
export interface OperationMetadata {
  method: 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';
  path: string;
  /** Safe to send twice: GET/PUT/DELETE/HEAD/OPTIONS, or a read-only POST marked `x-idempotent`. */
  idempotent: boolean;
  /** What the call costs or sends (`x-side-effects`), when it does. */
  sideEffects?: string;
  pagination?: Pagination;
  /** Alternatives, each a set of schemes that must all be present. */
  security: string[][];
}

/** Everything the runtime knows about one vendor's API, written by codegen from its spec. */
export interface VendorMetadata {
  id: string;
  title: string;
  /** The spec's info.version. */
  specVersion: string;
  /** The first server URL, with `{variables}` left in place. */
  serverUrl: string;
  serverVariables: Record<string, { default?: string; enum?: string[] }>;
  securitySchemes: Record<string, SecurityScheme>;
  rateLimits?: RateLimits;
  /** Where the error envelope carries the vendor's message, code and details (dotted paths). */
  errorEnvelope: { message: string; code?: string; details?: string };
  /** Keyed by operationId. */
  operations: Record<string, OperationMetadata>;
}
