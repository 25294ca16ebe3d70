// The checks, named as Schemathesis names them, each a pure function of the operation, what was sent and
// what came back. A check returns the problems it found (empty when the response honours it).
import type { ApiModel, ApiOperation } from '@echo-openapi/api-model';
import type { ResponseObject } from 'openapi-typescript';
import type { SchemaObject } from './arbitraries.js';

export const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'positive_data_acceptance',
  'ignored_auth',
  'ensure_resource_availability',
  'use_after_free',
] as const;
export type CheckName = (typeof CHECKS)[number];

/** The checks every valid generated request runs. */
export const VALID_REQUEST_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'positive_data_acceptance',
] as const satisfies readonly CheckName[];

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface CheckFailure {
  check: CheckName;
  message: string;
}

/** The documented response for a real status: exact code, then `4XX`-style ranges, then `default`. */
export function documentedResponse(op: ApiOperation, status: number): ResponseObject | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
}

/** Prism's own answer to a request it refuses (its problem+json, not a response the spec documents). */
export function isPrismOwnAnswer(res: HttpResponse): boolean {
  return res.headers['content-type']?.startsWith('application/problem+json') === true && res.body.includes('stoplight.io/prism/errors');
}

const mediaType = (res: HttpResponse) => (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

function matchesMedia(declared: string, actual: string): boolean {
  const [type, sub] = declared.toLowerCase().split('/');
  const [aType, aSub] = actual.split('/');
  return (type === '*' || type === aType) && (sub === '*' || sub === aSub);
}

/** Header values are strings on the wire: coerced to the declared type before validating. */
function coerceHeader(schema: SchemaObject | undefined, value: string): unknown {
  if (schema?.type === 'integer' || schema?.type === 'number') return value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
  if (schema?.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** Every check on a response's conformance to the spec: status, media type, declared headers, body schema. */
export function conformance(model: ApiModel, op: ApiOperation, res: HttpResponse): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const documented = documentedResponse(op, res.status);
  if (!documented) {
    failures.push({
      check: 'status_code_conformance',
      message: `status ${res.status} is not documented (documented: ${Object.keys(op.responses).join(', ')})`,
    });
    return failures;
  }
  for (const [name, declared] of Object.entries(documented.headers ?? {})) {
    const header = declared as { required?: boolean; schema?: SchemaObject };
    const value = res.headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) failures.push({ check: 'response_headers_conformance', message: `header ${name} is missing from the ${res.status}` });
    } else if (header.schema) {
      const result = model.validator.schema(header.schema)(coerceHeader(header.schema, value));
      if (!result.valid)
        failures.push({ check: 'response_headers_conformance', message: `header ${name}: ${JSON.stringify(value)} ${result.errors.join('; ')}` });
    }
  }
  const declared = Object.keys(documented.content ?? {});
  if (declared.length === 0) return failures;
  const actual = mediaType(res);
  const matched = declared.find((d) => matchesMedia(d, actual));
  if (!matched) {
    failures.push({
      check: 'content_type_conformance',
      message: `content-type ${JSON.stringify(actual || '(none)')} for ${res.status}, documented: ${declared.join(', ')}`,
    });
    return failures;
  }
  const schema = documented.content![matched]!.schema;
  if (!schema || !/json/.test(matched)) return failures;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    failures.push({ check: 'response_schema_conformance', message: `the ${res.status} body is not JSON: ${res.body.slice(0, 80)}` });
    return failures;
  }
  const result = model.validator.schema(schema)(body);
  if (!result.valid)
    failures.push({ check: 'response_schema_conformance', message: `the ${res.status} body: ${result.errors.slice(0, 5).join('; ')}` });
  return failures;
}

export const notAServerError = (res: HttpResponse): CheckFailure[] =>
  res.status >= 500 ? [{ check: 'not_a_server_error', message: `status ${res.status}${res.body ? `: ${res.body.slice(0, 120)}` : ''}` }] : [];

/** A valid request must not be refused as invalid. */
export const positiveDataAcceptance = (res: HttpResponse): CheckFailure[] =>
  res.status === 400 || res.status === 422
    ? [{ check: 'positive_data_acceptance', message: `a valid request was rejected with ${res.status}: ${res.body.slice(0, 160)}` }]
    : [];

/** A request that breaks the schema must get a 4xx, never a success. */
export const negativeDataRejection = (res: HttpResponse, breaks: string): CheckFailure[] =>
  res.status >= 400 && res.status < 500
    ? []
    : [{ check: 'negative_data_rejection', message: `a request with ${breaks} got ${res.status}, expected 4xx` }];

/** Without (or with wrong) credentials, an operation that needs them must answer 401 or 403. */
export const ignoredAuth = (res: HttpResponse, how: string): CheckFailure[] =>
  res.status === 401 || res.status === 403 ? [] : [{ check: 'ignored_auth', message: `${how} got ${res.status}, expected 401 or 403` }];
