import type { Pagination, RateLimits } from '@echo-openapi/runtime';

/** `x-rate-limits` on the document root. */
export type RateLimitsExtension = RateLimits;
/** `x-pagination` on a list operation. */
export type PaginationExtension = Pagination;

/**
 * Our `x-` extensions as a JSON Schema (draft-07), keyed by where they may stand. `pnpm lint:specs` checks every
 * occurrence against it; the model trusts what passed.
 */
export const extensionsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  definitions: {
    'x-rate-limits': {
      type: 'object',
      additionalProperties: false,
      required: ['policies'],
      properties: {
        scope: { type: 'string' },
        policies: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['limit', 'windowSeconds'],
            properties: {
              limit: { type: 'integer', minimum: 1 },
              windowSeconds: { type: 'integer', minimum: 1 },
              description: { type: 'string' },
            },
          },
        },
        headers: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'string' },
            remaining: { type: 'string' },
            reset: { type: 'string' },
            resetFormat: { enum: ['unix-seconds', 'seconds', 'http-date'] },
          },
        },
      },
    },
    'x-pagination': {
      type: 'object',
      additionalProperties: false,
      required: ['items'],
      properties: {
        items: { type: 'string', minLength: 1 },
        total: { type: 'string', minLength: 1 },
        totalPages: { type: 'string', minLength: 1 },
        in: { enum: ['query', 'body'] },
        pageParam: { type: 'string' },
        limitParam: { type: 'string' },
        defaultLimit: { type: 'integer', minimum: 1 },
        firstPage: { type: 'integer', minimum: 0 },
      },
    },
    'x-idempotent': { type: 'boolean' },
    'x-side-effects': { type: 'string', minLength: 1 },
    'x-source': { type: 'string', minLength: 1 },
    'x-inferred': { type: 'string', minLength: 1 },
    // The stateful sandbox: which resource an operation acts on and how (specs/README.md, "x-sandbox").
    'x-sandbox': {
      type: 'object',
      required: ['resource', 'action'],
      additionalProperties: false,
      properties: {
        resource: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]*$' },
        action: { enum: ['list', 'read', 'create', 'update', 'delete', 'custom'] },
        id: { type: 'string', pattern: '^(path|query|body)\\.[A-Za-z0-9_.]+$' },
        idField: { type: 'string', minLength: 1 },
        record: { type: 'string' },
        parent: {
          type: 'object',
          required: ['resource', 'id'],
          additionalProperties: false,
          properties: { resource: { type: 'string', minLength: 1 }, id: { type: 'string', pattern: '^(path|query|body)\\.[A-Za-z0-9_.]+$' } },
        },
      },
    },
    'x-webhooks': { type: 'object' },
    'x-api-version': { type: 'string' },
    // UserEcho: the access-token level an operation needs.
    'x-token-level': { enum: ['read', 'all'] },
  },
} as const;

/** The names of the extensions we define: any other `x-` key in a spec is a typo or a tool's own (x-codeSamples). */
export const KNOWN_EXTENSIONS = Object.keys(extensionsSchema.definitions);
