// The documented surface of @echo-openapi/runtime (see README.md); everything else is internal.
export { createVendorClient, DEFAULT_TIMEOUT_MS, type ClientOptions, type VendorClientOptions } from './client.js';
export type { EchoCallOptions } from './call.js';
export type { EchoClient, EchoClientMethod, EchoInit, OperationInit, OperationMethod, PaginatedOperation } from './types.js';
export type { Plugin, PluginParts, Layer, Send, AttemptReport } from './send.js';
export { isIdempotentMethod, type Call, type ClientContext, type OperationEntry } from './call.js';
export {
  EchoClientConfigError,
  EchoAuthError,
  EchoRequestError,
  EchoApiError,
  EchoNetworkError,
  EchoTimeoutError,
  EchoInvalidResponseError,
  type RequestTarget,
} from './errors.js';
export type {
  VendorMetadata,
  OperationMetadata,
  SecurityScheme,
  RateLimits,
  RateLimitPolicy,
  Pagination,
  ErrorEnvelope,
  CredentialOption,
} from './metadata.js';
export type { Clock } from './clock.js';
export { DEFAULT_RETRY, type RetryOptions, type CallRetryOptions } from './retry.js';
export { getRateLimit, type RateLimitState } from './rate-limit-headers.js';
export { RateLimiter, rateLimit } from './rate-limit.js';
export { requestLog, type Logger, type RequestLogEntry } from './log.js';
export { createRedactor, REDACTED, type Redactor } from './redact.js';
export { credentialPlacement, type CredentialPlacement, type SchemeLike } from './placement.js';
export { unwrap, type FetchResultLike } from './unwrap.js';
export {
  paginate,
  paginatePages,
  type MethodPageData,
  type MethodPageItem,
  type Page,
  type PageData,
  type PageInit,
  type PageItem,
  type PaginatedMethod,
  type PaginateOptions,
} from './paginate.js';
