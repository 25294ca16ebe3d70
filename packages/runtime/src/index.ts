export {
  createVendorClient,
  resolveBaseUrl,
  requireCredential,
  vendorClientInternals,
  DEFAULT_TIMEOUT_MS,
  type ClientOptions,
  type VendorClientOptions,
  type EchoCallOptions,
  type VendorClientInternals,
} from './client.js';
export { authMiddleware, applyScheme, chooseRequirement, type Credentials } from './auth.js';
export { credentialPlacement, type CredentialPlacement, type SchemeLike } from './placement.js';
export { findOperation, type OperationEntry } from './operations.js';
export {
  EchoClientConfigError,
  EchoAuthError,
  EchoRequestError,
  EchoApiError,
  EchoNetworkError,
  EchoTimeoutError,
  EchoInvalidResponseError,
  parseErrorEnvelope,
  type RequestTarget,
  type ParsedErrorEnvelope,
  type EchoApiErrorInit,
} from './errors.js';
export type { VendorMetadata, OperationMetadata, SecurityScheme, RateLimits, RateLimitPolicy, Pagination } from './metadata.js';
export { systemClock, type Clock } from './clock.js';
export { RateLimiter, readRateLimitState, parseRetryAfter, parseReset, serverDelayMs, type RateLimitState } from './rate-limit.js';
export { DEFAULT_RETRY, IDEMPOTENT_METHODS, backoffDelay, type RetryOptions, type CallRetryOptions } from './retry.js';
export { createRedactor, redactorFor, redactDeep, redactError, REDACTED, type Redactor } from './redact.js';
export { formatLogEntry, consoleLogger, type Logger, type RequestLogEntry } from './logger.js';
export { createTransport, getRateLimit, getResponseInfo, apiErrorFor, type CallContext, type FetchFn, type ResponseInfo, type TransportOptions } from './transport.js';
export { unwrap, type FetchResultLike } from './unwrap.js';
export { paginate, paginatePages, type Page, type PageRequest, type PaginateOptions, type VendorClientRef } from './paginate.js';
export { getPath } from './path.js';
