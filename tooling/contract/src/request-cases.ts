// Requests that break the spec, derived from the spec itself: for every operation a valid baseline
// request built from the documented examples, and variants that each break exactly one rule (no
// credentials, a required body field left out, a number out of its range, a phone number that is not
// E.164). A server that honours the spec answers the baseline with 2xx and every variant with 4xx.
import { credentialParams, exampleOf, walkable, type ApiModel, type WalkableSchema } from '@echo-openapi/api-model';
import type { ParameterObject } from 'openapi-typescript';

export type ViolationKind = 'missing-auth' | 'missing-required-field' | 'out-of-range' | 'bad-e164';

export const VIOLATION_KINDS: readonly ViolationKind[] = ['missing-auth', 'missing-required-field', 'out-of-range', 'bad-e164'];

/** The shared E.164 pattern every spec uses for phone numbers (specs/README.md). */
export const E164_PATTERN = '^\\+[1-9]\\d{1,14}$';
/** What a developer might send instead: a national number with punctuation. */
export const BAD_E164 = '415-555-1234';

export interface HttpRequest {
  method: string;
  /** Path and query string, relative to the server's base URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A valid request for one operation, built from its documented examples. */
export interface Baseline {
  operationId: string;
  request: HttpRequest;
}

export interface RequestCase {
  kind: ViolationKind;
  operationId: string;
  /** What the violating request breaks, e.g. `query limit=101 (maximum 100)`. */
  violation: string;
  /** The parameter or body field broken (its dotted path), which the server's complaint should name. */
  field?: string;
  /** Valid: the server must answer 2xx. */
  baseline: HttpRequest;
  /** The baseline with the one violation: the server must answer 4xx (401 for missing-auth). */
  request: HttpRequest;
}

type Schema = WalkableSchema;

/** A parameter's documented value (the model's one example renderer). */
const documentedValue = (param: ParameterObject): unknown => exampleOf(param);

interface Parts {
  method: string;
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  hasBody: boolean;
}

function render(parts: Parts): HttpRequest {
  const path = parts.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(parts.pathParams[name] ?? `{${name}}`));
  const search = new URLSearchParams(parts.query).toString();
  const headers: Record<string, string> = { Accept: 'application/json', ...parts.headers };
  const request: HttpRequest = { method: parts.method.toUpperCase(), url: search ? `${path}?${search}` : path, headers };
  if (parts.hasBody) {
    headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(parts.body);
  }
  return request;
}

/** The fields every alternative of the schema requires: leaving one out breaks all of them. */
function requiredFields(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const own = new Set([...(schema.required ?? []), ...(schema.allOf ?? []).flatMap(requiredFields)]);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives && alternatives.length > 0) {
    const [first, ...rest] = alternatives.map((s) => new Set(requiredFields(s)));
    for (const field of first!) if (rest.every((r) => r.has(field))) own.add(field);
  }
  return [...own];
}

/** Every value in `example` (with its key path) whose schema matches `wanted`, walking through refs already inlined. */
function findValues(
  schema: Schema | undefined,
  example: unknown,
  wanted: (s: Schema, v: unknown) => boolean,
  path: (string | number)[] = [],
): { path: (string | number)[]; schema: Schema }[] {
  if (!schema) return [];
  const found: { path: (string | number)[]; schema: Schema }[] = [];
  if (wanted(schema, example)) found.push({ path, schema });
  for (const sub of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
    found.push(...findValues(sub, example, wanted, path));
  if (Array.isArray(example) && example.length > 0) found.push(...findValues(schema.items, example[0], wanted, [...path, 0]));
  else if (example && typeof example === 'object') {
    for (const [key, value] of Object.entries(example as Record<string, unknown>))
      found.push(...findValues(schema.properties?.[key], value, wanted, [...path, key]));
  }
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = JSON.stringify(f.path);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root);
  if (path.length === 0) return value;
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

/** `messages[0].recipient_contact` -> `recipient_contact`; `numbers[0]` -> `numbers`. */
const lastName = (field: string) =>
  field
    .split(/[.[\]]/)
    .filter((s) => s && !/^\d+$/.test(s))
    .pop() ?? field;
const isE164 = (s: Schema, v: unknown) => s.pattern === E164_PATTERN && typeof v === 'string';
const hasRange = (s: Schema) => (s.type === 'integer' || s.type === 'number') && (s.minimum !== undefined || s.maximum !== undefined);
const dotted = (path: (string | number)[]) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '') || '(body)';

/** Both ends of a range as (in-range boundary, just outside) pairs. */
function rangeProbes(schema: Schema): { inside: number; outside: number; bound: string }[] {
  const step = schema.type === 'integer' ? 1 : 0.5;
  const probes = [];
  if (schema.maximum !== undefined) probes.push({ inside: schema.maximum, outside: schema.maximum + step, bound: `maximum ${schema.maximum}` });
  if (schema.minimum !== undefined) probes.push({ inside: schema.minimum, outside: schema.minimum - step, bound: `minimum ${schema.minimum}` });
  return probes;
}

/**
 * Every violating request the spec gives rise to, each with its valid baseline, plus the operations for
 * which no valid baseline could be built from the documented examples (reported, never skipped silently).
 */
export function requestCases(
  model: ApiModel,
  credentials: Record<string, string>,
): { baselines: Baseline[]; cases: RequestCase[]; unbuildable: string[] } {
  const baselines: Baseline[] = [];
  const cases: RequestCase[] = [];
  const unbuildable: string[] = [];
  for (const operation of model.operations) {
    const { method, path, requestBody, security, parameters: params } = operation;
    const auth = credentialParams(model, security, credentials);
    if (!auth) {
      unbuildable.push(`${operation.id}: no credentials for ${security.map((s) => s.join(' + ')).join(' or ')}`);
      continue;
    }
    const base: Parts = { method, path, pathParams: {}, query: {}, headers: {}, body: undefined, hasBody: false };
    const missing: string[] = [];
    for (const param of params.filter((p) => p.required)) {
      const value = documentedValue(param);
      if (value === undefined) missing.push(`${param.in} parameter ${param.name}`);
      else if (param.in === 'path') base.pathParams[param.name] = String(value);
      else if (param.in === 'query') base.query[param.name] = String(value);
      else if (param.in === 'header') base.headers[param.name] = String(value);
    }
    const json = requestBody?.content?.['application/json'];
    const bodySchema = walkable(json?.schema);
    if (requestBody?.content && !json) missing.push(`a JSON request body (declared: ${Object.keys(requestBody.content).join(', ')})`);
    if (json) {
      const example = exampleOf(json);
      if (example === undefined) {
        if (requestBody?.required) missing.push('a request body example');
      } else {
        base.body = example;
        base.hasBody = true;
      }
    }
    if (missing.length > 0) {
      unbuildable.push(`${operation.id}: no documented value for ${missing.join(', ')}`);
      continue;
    }
    const authed = (parts: Parts): HttpRequest =>
      render({ ...parts, query: { ...parts.query, ...auth.query }, headers: { ...parts.headers, ...auth.headers } });
    const baseline = authed(base);
    baselines.push({ operationId: operation.id, request: baseline });
    const add = (kind: ViolationKind, violation: string, field: string | undefined, request: HttpRequest, own = baseline) =>
      cases.push({ kind, operationId: operation.id, violation, ...(field === undefined ? {} : { field }), baseline: own, request });

    // An empty alternative (`security: [{}, ...]`) makes credentials optional: nothing to refuse then.
    if (security.length > 0 && security.every((s) => s.length > 0))
      add('missing-auth', `no credentials (${security.map((s) => s.join(' + ')).join(' or ')})`, undefined, render(base));

    if (base.hasBody && base.body && typeof base.body === 'object' && !Array.isArray(base.body)) {
      for (const field of requiredFields(bodySchema)) {
        if (!(field in (base.body as Record<string, unknown>))) continue;
        const { [field]: _left, ...rest } = base.body as Record<string, unknown>;
        add('missing-required-field', `body without required ${field}`, field, authed({ ...base, body: rest }));
      }
    }

    for (const param of params) {
      const schema = walkable(param.schema);
      if (param.in === 'cookie' || !schema) continue;
      const where = param.in === 'path' ? 'pathParams' : param.in === 'query' ? 'query' : 'headers';
      const withValue = (value: unknown): Parts => ({ ...base, [where]: { ...base[where], [param.name]: String(value) } });
      if (hasRange(schema)) {
        for (const probe of rangeProbes(schema)) {
          add(
            'out-of-range',
            `${param.in} ${param.name}=${probe.outside} (${probe.bound})`,
            param.name,
            authed(withValue(probe.outside)),
            authed(withValue(probe.inside)),
          );
        }
      }
      if (schema.pattern === E164_PATTERN) {
        const value = documentedValue(param);
        if (value === undefined) {
          unbuildable.push(`${operation.id}: no documented value for the E.164 ${param.in} parameter ${param.name}`);
          continue;
        }
        add('bad-e164', `${param.in} ${param.name}=${BAD_E164}`, param.name, authed(withValue(BAD_E164)), authed(withValue(value)));
      }
    }

    if (base.hasBody && bodySchema) {
      // Top-level numbers with a range are probed even when the example leaves them out (paging in a body).
      const top =
        base.body && typeof base.body === 'object' && !Array.isArray(base.body)
          ? Object.entries(bodySchema.properties ?? {}).filter(([k, s]) => hasRange(s) && !(k in (base.body as object)))
          : [];
      const ranged = [
        ...findValues(bodySchema, base.body, (s, v) => hasRange(s) && typeof v === 'number'),
        ...top.map(([k, s]) => ({ path: [k], schema: s })),
      ];
      for (const { path: at, schema } of ranged) {
        for (const probe of rangeProbes(schema)) {
          add(
            'out-of-range',
            `body ${dotted(at)}=${probe.outside} (${probe.bound})`,
            dotted(at),
            authed({ ...base, body: setAt(base.body, at, probe.outside) }),
            authed({ ...base, body: setAt(base.body, at, probe.inside) }),
          );
        }
      }
      for (const { path: at } of findValues(bodySchema, base.body, isE164)) {
        add('bad-e164', `body ${dotted(at)}=${BAD_E164}`, dotted(at), authed({ ...base, body: setAt(base.body, at, BAD_E164) }));
      }
    }
  }
  return { baselines, cases, unbuildable };
}

export interface ProbeResult {
  baselineStatus: number;
  status: number;
  /** What the server said about the violation: Prism's `sl-violations` header and the body. */
  complaint: string;
  /** Why the case failed; undefined when the server honoured the spec. */
  problem?: string;
}

/** Sends one request; `text` is Prism's `sl-violations` header (if any), a newline, and the body. */
export async function send(baseUrl: string, request: HttpRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL(request.url.replace(/^\//, ''), `${baseUrl.replace(/\/$/, '')}/`), {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const body = await response.text();
  return { status: response.status, text: `${response.headers.get('sl-violations') ?? ''}\n${body}` };
}

/**
 * Sends a case's baseline (must be 2xx) and its violating request (must be 401 without credentials,
 * otherwise 4xx naming the broken field) to `baseUrl`.
 */
export async function probe(baseUrl: string, c: RequestCase): Promise<ProbeResult> {
  const baseline = await send(baseUrl, c.baseline);
  const violating = await send(baseUrl, c.request);
  const result: ProbeResult = { baselineStatus: baseline.status, status: violating.status, complaint: violating.text };
  const where = `${c.operationId} ${c.request.method} ${c.request.url}: ${c.violation}`;
  if (baseline.status < 200 || baseline.status > 299)
    result.problem = `${where}: the valid baseline got ${baseline.status}, not 2xx (${baseline.text.trim().slice(0, 300)})`;
  else if (c.kind === 'missing-auth' ? violating.status !== 401 : violating.status < 400 || violating.status > 499) {
    result.problem = `${where}: got ${violating.status}, expected ${c.kind === 'missing-auth' ? '401' : '4xx'}`;
  } else if (c.field && !violating.text.includes(lastName(c.field))) {
    result.problem = `${where}: the ${violating.status} does not name ${c.field} (${violating.text.trim().slice(0, 300)})`;
  }
  return result;
}
