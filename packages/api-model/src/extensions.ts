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
      description: 'On the document root: every limit the page states (the client enforces all) and the headers that report them.',
      type: 'object',
      additionalProperties: false,
      required: ['policies'],
      properties: {
        scope: { type: 'string', minLength: 1, description: 'What a limit counts against, as the page says (api-key, account, ...).' },
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
              description: { type: 'string', minLength: 1 },
            },
          },
        },
        headers: {
          description: 'Only where the vendor documents rate-limit response headers; every response must then declare them (lint).',
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
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
      description: 'On a list operation: dotted paths into its 2xx response (lint checks they name an array and numbers).',
      type: 'object',
      additionalProperties: false,
      required: ['items'],
      properties: {
        items: { type: 'string', minLength: 1 },
        total: { type: 'string', minLength: 1 },
        totalPages: { type: 'string', minLength: 1 },
        in: { enum: ['query', 'body'] },
        pageParam: { type: 'string', minLength: 1 },
        limitParam: { type: 'string', minLength: 1 },
        defaultLimit: { type: 'integer', minimum: 1 },
        firstPage: { type: 'integer', minimum: 0 },
      },
    },
    'x-idempotent': { type: 'boolean', description: 'true on a POST that only reads (safe to retry); false forces no retry.' },
    'x-side-effects': { type: 'string', minLength: 1, description: 'What the call sends or costs; live contract runs skip it unless allowed.' },
    'x-source': { type: 'string', minLength: 1, description: 'Where a fact the page does not state comes from (vendor-notes.md).' },
    'x-inferred': {
      type: 'string',
      minLength: 1,
      pattern: '\\S',
      description: 'A sentence: what the page leaves open and what we assumed (not a bare flag).',
    },
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
    'x-webhooks': {
      description: 'On the document root: event name -> path item of the request the vendor sends (OpenAPI 3.0 has no webhooks).',
      type: 'object',
      minProperties: 1,
      additionalProperties: { type: 'object' },
    },
    'x-api-version': { type: 'string', minLength: 1, description: "On info: the vendor's own API version (info.version is the package's)." },
    // UserEcho: the access-token level an operation needs.
    'x-token-level': { enum: ['read', 'all'] },
  },
} as const;

/** The names of the extensions we define: any other `x-` key in a spec is a typo or a tool's own (x-codeSamples). */
export const KNOWN_EXTENSIONS = Object.keys(extensionsSchema.definitions);
