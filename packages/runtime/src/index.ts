export { createVendorClient, resolveBaseUrl, requireCredential, type ClientOptions, type VendorClientOptions } from './client.js';
export { authMiddleware, applyScheme, chooseRequirement, type Credentials } from './auth.js';
export { findOperation, type OperationEntry } from './operations.js';
export { EchoClientConfigError, EchoAuthError } from './errors.js';
export type { VendorMetadata, OperationMetadata, SecurityScheme, RateLimits, RateLimitPolicy, Pagination } from './metadata.js';
