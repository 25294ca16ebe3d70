// @ts-check
// A Redocly plugin (loaded through redocly.yaml's `plugins:`): our `x-` extensions checked against the JSON
// Schema that @echo-openapi/api-model exports, and against the spec they describe. As Redocly rules, every
// problem is reported in the file and line that hold it, like every other lint problem. JavaScript because
// Redocly imports plugins with plain Node.
import { extensionsSchema, KNOWN_EXTENSIONS } from '@echo-openapi/api-model';
import { Ajv } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false });
/** @type {Record<string, import('ajv').ValidateFunction>} */
const validators = Object.fromEntries(
  Object.entries(extensionsSchema.definitions).map(([name, schema]) => [name, ajv.compile({ ...schema, definitions: extensionsSchema.definitions })]),
);

/**
 * @typedef {Record<string, any>} Node
 * @typedef {{ child(path: string | (string | number)[]): Location }} Location
 * @typedef {{ location: Location, report(problem: { message: string, location?: Location }): void, resolve(node: unknown, from?: string): { node: any, location?: { source: { absoluteRef: string } } } }} Context
 */

/** `x-` keys: known ones must match their schema; any other is a typo or a foreign tool's key. */
function ExtensionsSchema() {
  return {
    any: {
      /** @param {unknown} node @param {Context} ctx */
      enter(node, ctx) {
        if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
        for (const [key, value] of Object.entries(node)) {
          if (!key.startsWith('x-')) continue;
          const validate = validators[key];
          if (!validate) {
            ctx.report({
              message: `Unknown extension ${key}; ours are ${KNOWN_EXTENSIONS.join(', ')} (packages/api-model/src/extensions.ts).`,
              location: ctx.location.child([key]).key(),
            });
            continue;
          }
          if (validate(value)) continue;
          for (const error of validate.errors ?? []) {
            const path = error.instancePath
              .split('/')
              .slice(1)
              .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
            const field = [key, ...path].join('.');
            const detail =
              error.keyword === 'additionalProperties'
                ? `has unknown property "${error.params.additionalProperty}"`
                : (error.message ?? 'is invalid');
            ctx.report({ message: `${field} ${detail}.`, location: ctx.location.child([key, ...path]) });
          }
        }
      },
    },
  };
}

/**
 * Follows `$ref`s, each relative to the file that holds it (Redocly resolves from `from`, the current file
 * when omitted).
 * @param {Context} ctx @param {unknown} node @param {string} [from]
 * @returns {{ node: any, from: string | undefined }}
 */
function follow(ctx, node, from) {
  // A node that is no $ref stays in the file it was reached from (Redocly would answer with the current file).
  const isRef = typeof node === 'object' && node !== null && '$ref' in node;
  if (!isRef) return { node, from };
  const resolved = ctx.resolve(node, from);
  return { node: resolved.node, from: resolved.location?.source.absoluteRef ?? from };
}

/**
 * The schema a dotted path names inside `schema` (through $refs and allOf members); undefined when a
 * segment names no declared property.
 * @param {Context} ctx @param {{ node: any, from: string | undefined }} schema @param {string} path
 * @returns {Node | undefined}
 */
function schemaAt(ctx, schema, path) {
  let current = schema;
  for (const segment of path.split('.')) {
    const candidates = [current, ...(current.node?.allOf ?? []).map((/** @type {unknown} */ s) => follow(ctx, s, current.from))];
    const found = candidates.find((s) => s.node?.properties && segment in s.node.properties);
    if (!found) return undefined;
    current = follow(ctx, found.node.properties[segment], found.from);
  }
  return current.node;
}

/** The JSON schema of the first 2xx response, or undefined. @param {Context} ctx @param {Node} operation */
function successSchema(ctx, operation) {
  const responses = follow(ctx, operation.responses);
  for (const [code, raw] of Object.entries(responses.node ?? {})) {
    if (!/^2/.test(code)) continue;
    const response = follow(ctx, raw, responses.from);
    const media = Object.entries(response.node?.content ?? {}).find(([type]) => /json/.test(type));
    if (media) return { code, schema: follow(ctx, media[1].schema, response.from) };
  }
  return undefined;
}

/** `x-pagination`: `items` names an array of the 2xx response, `total` / `totalPages` a number. */
function Pagination() {
  return {
    Operation: {
      /** @param {Node} operation @param {Context} ctx */
      enter(operation, ctx) {
        const pagination = operation['x-pagination'];
        if (typeof pagination !== 'object' || pagination === null) return; // the schema rule reports the shape
        const success = successSchema(ctx, operation);
        if (!success) {
          ctx.report({
            message: 'x-pagination on an operation without a JSON 2xx response to page through.',
            location: ctx.location.child(['x-pagination']).key(),
          });
          return;
        }
        /** @type {[string, (s: Node) => boolean, string][]} */
        const checks = [
          ['items', (s) => s.type === 'array', 'an array'],
          ['total', (s) => s.type === 'integer' || s.type === 'number', 'a number'],
          ['totalPages', (s) => s.type === 'integer' || s.type === 'number', 'a number'],
        ];
        for (const [key, fits, what] of checks) {
          const path = pagination[key];
          if (typeof path !== 'string') continue;
          const target = schemaAt(ctx, success.schema, path);
          if (!target)
            ctx.report({
              message: `x-pagination.${key} "${path}" names no field of the ${success.code} response.`,
              location: ctx.location.child(['x-pagination', key]),
            });
          else if (!fits(target))
            ctx.report({
              message: `x-pagination.${key} "${path}" must name ${what} in the ${success.code} response; it is ${JSON.stringify(target.type ?? 'untyped')}.`,
              location: ctx.location.child(['x-pagination', key]),
            });
        }
      },
    },
  };
}

/** `x-rate-limits.headers`: every response of every operation declares the headers it names. */
function RateLimitHeaders() {
  /** @type {string[]} */
  let names = [];
  return {
    Root: {
      /** @param {Node} root */
      enter(root) {
        const headers = root['x-rate-limits']?.headers;
        names =
          headers && typeof headers === 'object'
            ? ['limit', 'remaining', 'reset'].flatMap((k) => (typeof headers[k] === 'string' ? [headers[k]] : []))
            : [];
      },
    },
    Operation: {
      Response: {
        /** @param {Node} response @param {Context} ctx */
        enter(response, ctx) {
          if (names.length === 0) return;
          const declared = Object.keys(response.headers ?? {}).map((h) => h.toLowerCase());
          const missing = names.filter((n) => !declared.includes(n.toLowerCase()));
          if (missing.length === 0) return;
          ctx.report({
            message: `Response does not declare ${missing.join(', ')}, which x-rate-limits.headers says every response carries.`,
            location: response.headers ? ctx.location.child(['headers']).key() : ctx.location.key(),
          });
        },
      },
    },
  };
}

export default function echoOpenApiPlugin() {
  return {
    id: 'echo',
    rules: {
      oas3: {
        'extensions-schema': ExtensionsSchema,
        'pagination-paths': Pagination,
        'rate-limit-headers': RateLimitHeaders,
      },
    },
  };
}
