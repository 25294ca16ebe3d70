// The client is generated from the spec and specs/vendors.yaml (src/generated/client.ts).
export * from './generated/client.js';
export type { paths, components, operations } from './generated/schema.js';
// The runtime's helpers, so a user of this package needs no second import.
export {
  EchoApiError,
  EchoAuthError,
  EchoClientConfigError,
  EchoInvalidResponseError,
  EchoNetworkError,
  EchoTimeoutError,
  getRateLimit,
  paginate,
  paginatePages,
  rateLimit,
  RateLimiter,
  requestLog,
  unwrap,
  type EchoCallOptions,
  type Page,
  type PaginateOptions,
  type Plugin,
} from '@echo-openapi/runtime';
