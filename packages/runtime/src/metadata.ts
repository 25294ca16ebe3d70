/**
 * What a vendor package tells the runtime about its API. Codegen writes one of these per vendor
 * (`src/generated/vendor.ts`) from the API model and specs/vendors.yaml, so every vendor fact is data.
 */
import type { SchemeLike } from './placement.js';

/** One of the spec's components.securitySchemes (placed by credentialPlacement). */
export type SecurityScheme = SchemeLike;

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
  method: 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options' | 'trace';
  path: string;
  /**
   * Safe to send twice: `x-idempotent` when the spec sets it, else the method's nature (GET/HEAD/OPTIONS/PUT/
   * DELETE/TRACE yes, POST/PATCH no). Codegen writes it only where it differs from the method's.
   */
  idempotent?: boolean;
  pagination?: Pagination;
  /**
   * Alternatives, each a set of schemes that must all be present; [] = no auth. Absent: the vendor's
   * `security` (codegen writes it only where an operation differs).
   */
  security?: string[][];
}

/** Where a vendor's error envelope carries its message, code and details (dotted paths into the body). */
export interface ErrorEnvelope {
  message: string;
  code?: string;
  details?: string;
  /**
   * A body field that reports failure whatever the HTTP status (UserEcho `status`), and the values that
   * mean failure (`error`, `fail`): such a response is an EchoApiError even with HTTP 200.
   */
  failureField?: string;
  failureValues?: readonly (string | number | boolean)[];
}

/** A client option that carries a credential (vendors.yaml `credentials:`). */
export interface CredentialOption {
  /** The security scheme the value fills. */
  scheme: string;
  /** Needed by the root security requirement: the factory refuses to build a client without it. */
  required: boolean;
  /**
   * A credential more than one scheme can carry, chosen by another option (UserEcho `tokenIn`):
   * that option's name and, per value, the scheme; the `scheme` above is the default.
   */
  schemeChoice?: { option: string; schemes: Record<string, string> };
}

/** Everything the runtime knows about one vendor's API, written by codegen. */
export interface VendorMetadata {
  id: string;
  title: string;
  /** The first server URL, with `{variables}` left in place. */
  serverUrl: string;
  /** Each `{variable}` of the server URL is a required client option (no default host is ever guessed). */
  serverVariables: Record<string, { enum?: string[] }>;
  securitySchemes: Record<string, SecurityScheme>;
  /** Client option name -> the credential it carries. */
  credentials: Record<string, CredentialOption>;
  rateLimits?: RateLimits;
  errorEnvelope: ErrorEnvelope;
  /**
   * The security of every operation that states none of its own, and of a request outside the spec: the
   * requirement most operations have (codegen picks it), so each operation lists only how it differs.
   */
  security: string[][];
  /** Keyed by operationId. */
  operations: Record<string, OperationMetadata>;
}
