export { HTTP_METHODS, IDEMPOTENT_METHODS, SAFE_METHODS, isHttpMethod, type HttpMethod } from './methods.js';
export { buildApiModel, parameterKey, resolveServerUrl, type ApiModel, type ApiOperation } from './model.js';
// The OpenAPI document type every package uses: openapi-typescript's, not a home-made partial one.
export type { OpenAPI3 as OpenApiDocument } from 'openapi-typescript';
export { linksFrom, linkValues, removesResource, withLinkBody, type Link, type LinkValues } from './links.js';
export { createRouter, type Router, type RouteMatch } from './router.js';
export { createValidator, describeIssues, type Validator, type RequestInput, type RealResponse, type ValidationIssue } from './validator.js';
export { credentialParams, type CredentialParams } from './security.js';
export { dereference } from './dereference.js';
export { exampleOf } from './examples.js';
export { walkable, type WalkableSchema } from './schema.js';
export { extensionsSchema, KNOWN_EXTENSIONS, type PaginationExtension, type RateLimitsExtension } from './extensions.js';
// The client runtime's implementations, so every tool uses the same one.
export { credentialPlacement, createRedactor, REDACTED, type CredentialPlacement, type Redactor } from '@echo-openapi/runtime';
