// @ts-check
// Validates a real HTTP response against the full OpenAPI 3.0 response definition: status, media type,
// body schema (required, enum, format, pattern, bounds, nullable, additionalProperties) and declared
// headers. Dredd alone compares only with the example's keys and primitive types.
// CommonJS because Dredd's hooks (hooks.cjs) require it.
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

/**
 * @typedef {{ type?: string, [key: string]: unknown }} Schema
 * @typedef {{ schema?: Schema, required?: boolean }} Header
 * @typedef {{ description?: string, headers?: Record<string, Header>, content?: Record<string, { schema?: Schema }> }} Response
 * @typedef {{ operationId: string, security?: Record<string, string[]>[], responses: Record<string, Response>, 'x-side-effects'?: string, [key: string]: unknown }} Operation
 * @typedef {{ paths: Record<string, Record<string, Operation>>, security?: Record<string, string[]>[], components?: { securitySchemes?: Record<string, unknown> } }} OpenApi
 * @typedef {{ statusCode?: number | string, headers?: Record<string, string>, body?: string }} RealResponse
 */

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// Header values arrive as strings: coerce them to the declared type before validating.
const headerAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
addFormats(headerAjv);

/** @type {WeakMap<object, import('ajv').ValidateFunction>} */
const compiled = new WeakMap();
/** @type {WeakMap<object, import('ajv').ValidateFunction>} */
const compiledHeaders = new WeakMap();

/**
 * @param {Ajv} instance
 * @param {WeakMap<object, import('ajv').ValidateFunction>} cache
 * @param {Schema} schema
 */
function compile(instance, cache, schema) {
  let validate = cache.get(schema);
  if (!validate) {
    validate = instance.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

/**
 * @param {OpenApi} spec
 * @param {string} method lower-case
 * @param {string} path the path template as in the spec
 * @returns {Operation | undefined}
 */
function findOperation(spec, method, path) {
  return spec.paths[path]?.[method];
}

/**
 * @param {import('ajv').ErrorObject[] | null | undefined} errors
 * @param {string} where
 */
function describeErrors(errors, where) {
  return (errors ?? []).map((e) => {
    const at = e.instancePath || '/';
    const extra = e.keyword === 'additionalProperties' ? ` (${/** @type {any} */ (e.params).additionalProperty})` : '';
    return `${where} ${at} ${e.message}${extra}`;
  });
}

/**
 * Everything wrong with `real` as the documented `code` response of `operation`; empty when it conforms.
 * @param {OpenApi} spec
 * @param {Operation} operation
 * @param {string} code the documented status this transaction expects
 * @param {string | undefined} mediaType the documented media type this transaction expects
 * @param {RealResponse} real
 * @returns {string[]}
 */
function validateResponse(spec, operation, code, mediaType, real) {
  const errors = [];
  const status = String(real.statusCode ?? '');
  if (status !== code) errors.push(`status ${status || '(none)'}, expected ${code}`);
  const response = operation.responses[status] ?? operation.responses[code];
  if (!response) return errors;

  const headers = Object.fromEntries(Object.entries(real.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const value = headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) errors.push(`header ${name} is missing`);
      continue;
    }
    if (header.schema && !compile(headerAjv, compiledHeaders, header.schema)(value)) {
      errors.push(...describeErrors(compile(headerAjv, compiledHeaders, header.schema).errors, `header ${name}`));
    }
  }

  const content = response.content ?? {};
  const declared = Object.keys(content);
  if (declared.length === 0) return errors;
  const actualType = String(headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const matched = declared.find((type) => type.toLowerCase() === actualType);
  if (!matched) {
    errors.push(`content-type "${actualType || '(none)'}", expected ${mediaType ?? declared.join(' or ')}`);
    return errors;
  }
  const schema = content[matched]?.schema;
  if (!schema || !/json/.test(matched)) return errors;
  let body;
  try {
    body = JSON.parse(real.body ?? '');
  } catch {
    errors.push(`body is not valid JSON`);
    return errors;
  }
  const validate = compile(ajv, compiled, schema);
  if (!validate(body)) errors.push(...describeErrors(validate.errors, 'body'));
  return errors;
}

module.exports = { validateResponse, findOperation };
