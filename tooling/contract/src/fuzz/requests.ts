// Requests for one operation: valid ones generated from its parameter and body schemas, and invalid ones
// that are a valid request with exactly one thing broken (a required parameter or field left out, a wrong
// type, a bound crossed, a pattern or format broken, a value outside the enum). The model's validator has
// the last word on both: a "valid" request it rejects, or an "invalid" one it accepts, is never sent.
import fc from 'fast-check';
import { exampleOf, type ApiModel, type ApiOperation, type RequestInput } from '@echo-openapi/api-model';
import type { ParameterObject } from 'openapi-typescript';
import { breakages, mergeAllOf, valid, type Place, type SchemaObject } from './arbitraries.js';

export interface FuzzRequest {
  pathParams: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  contentType?: string;
  body?: unknown;
  /** Invalid requests only: the one rule it breaks, e.g. `query limit above maximum 100`. */
  breaks?: string;
}

export interface HttpRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const JSON_MEDIA = /^application\/(.+\+)?json$/;

/** The JSON media type of the request body, if the operation takes one we can generate. */
function jsonMedia(op: ApiOperation): string | undefined {
  return Object.keys(op.requestBody?.content ?? {}).find((type) => JSON_MEDIA.test(type));
}

const asText = (value: unknown): string | string[] => (Array.isArray(value) ? value.map((v) => String(v)) : String(value));

/** Parameters the fuzzer fills in: not cookies, and not the headers credentials travel in. */
function fuzzedParameters(model: ApiModel, op: ApiOperation): ParameterObject[] {
  const credentialHeaders = new Set(
    Object.values(model.securitySchemes).flatMap((s: { type?: string; in?: string; name?: string }) =>
      s.type === 'http' ? ['authorization'] : s.type === 'apiKey' && s.in === 'header' && s.name ? [s.name.toLowerCase()] : [],
    ),
  );
  return op.parameters.filter((p) => p.in !== 'cookie' && !(p.in === 'header' && credentialHeaders.has(p.name.toLowerCase())));
}

export function toInput(req: FuzzRequest): RequestInput {
  return {
    pathParams: req.pathParams,
    query: req.query,
    headers: req.headers,
    ...(req.contentType ? { contentType: req.contentType, body: req.body } : {}),
  };
}

/** The concrete path of a request (without the base path), parameters percent-encoded. */
export function concretePath(op: ApiOperation, req: FuzzRequest): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(req.pathParams[name] ?? ''));
}

/** What breaks the request, credentials aside (they are added when it is sent). */
function requestIssues(model: ApiModel, op: ApiOperation, req: FuzzRequest) {
  return model.validator.request(op, toInput(req)).filter((issue) => issue.in !== 'security');
}

/** Does the request still reach this operation (a path value could turn it into another route)? */
function routesTo(model: ApiModel, op: ApiOperation, req: FuzzRequest): boolean {
  return model.router.match(op.method, concretePath(op, req))?.operation.id === op.id;
}

/** Valid requests for `op`: every required parameter and field, optional ones sometimes. */
export function validRequests(model: ApiModel, op: ApiOperation): fc.Arbitrary<FuzzRequest> {
  const params = fuzzedParameters(model, op);
  const group = (where: ParameterObject['in']) => {
    const of = params.filter((p) => p.in === where);
    const shape = Object.fromEntries(of.map((p) => [p.name, valid(p.schema as SchemaObject, where as Place).map(asText)]));
    return fc.record(shape, { requiredKeys: of.filter((p) => p.required || p.in === 'path').map((p) => p.name) }) as fc.Arbitrary<
      Record<string, string | string[]>
    >;
  };
  const media = jsonMedia(op);
  const schema = media ? (op.requestBody!.content[media]!.schema as SchemaObject) : undefined;
  const body: fc.Arbitrary<{ body?: unknown } | undefined> = !media
    ? fc.constant(undefined)
    : op.requestBody!.required
      ? valid(schema).map((b) => ({ body: b }))
      : fc.option(
          valid(schema).map((b) => ({ body: b })),
          { nil: undefined, freq: 4 },
        );
  return fc
    .record({ path: group('path'), query: group('query'), header: group('header'), body })
    .map(
      ({ path, query, header, body: b }): FuzzRequest => ({
        pathParams: path as Record<string, string>,
        query,
        headers: header as Record<string, string>,
        ...(b ? { contentType: media!, body: b.body } : {}),
      }),
    )
    .filter((req) => routesTo(model, op, req) && requestIssues(model, op, req).length === 0);
}

/** The documented example as a request (parameter examples, the body's example), when it is a valid one. */
export function exampleRequest(model: ApiModel, op: ApiOperation): FuzzRequest | undefined {
  const request: FuzzRequest = { pathParams: {}, query: {}, headers: {} };
  for (const p of fuzzedParameters(model, op)) {
    const value = exampleOf(p);
    if (value === undefined || (!p.required && p.in !== 'path')) continue;
    const into = p.in === 'path' ? request.pathParams : p.in === 'query' ? request.query : request.headers;
    into[p.name] = asText(value) as string;
  }
  const media = jsonMedia(op);
  if (media) {
    const body = exampleOf(op.requestBody!.content[media]);
    if (body !== undefined) Object.assign(request, { contentType: media, body });
  }
  return routesTo(model, op, request) && requestIssues(model, op, request).length === 0 ? request : undefined;
}

interface Mutation {
  breaks: string;
  apply(req: FuzzRequest): FuzzRequest;
}

const without = <T extends Record<string, unknown>>(record: T, key: string): T => {
  const { [key]: _dropped, ...rest } = record;
  return rest as T;
};

/** Every single-rule break the operation's schemas allow. */
function mutations(model: ApiModel, op: ApiOperation): Mutation[] {
  const out: Mutation[] = [];
  for (const p of fuzzedParameters(model, op)) {
    const key = p.in === 'path' ? 'pathParams' : p.in === 'query' ? 'query' : 'headers';
    if (p.required && p.in !== 'path')
      out.push({ breaks: `${p.in} ${p.name} missing (required)`, apply: (r) => ({ ...r, [key]: without(r[key], p.name) }) });
    // An empty path segment would reach another route (or none): not a request to this operation.
    for (const b of breakages(p.schema as SchemaObject, p.in as Place).filter((b) => p.in !== 'path' || b.value !== '')) {
      out.push({ breaks: `${p.in} ${p.name} ${b.how}`, apply: (r) => ({ ...r, [key]: { ...r[key], [p.name]: b.value as string } }) });
    }
  }
  const media = jsonMedia(op);
  if (!media) return out;
  if (op.requestBody!.required) out.push({ breaks: 'body missing (required)', apply: ({ contentType: _c, body: _b, ...r }) => r });
  const schema = op.requestBody!.content[media]!.schema as SchemaObject;
  const walk = (s: SchemaObject | undefined, at: string[]) => {
    if (!s || at.length > 2) return;
    const merged = s.allOf ? mergeAllOf(s) : s;
    const field = at.join('.') || '(body)';
    for (const b of breakages(merged, 'body'))
      out.push({ breaks: `body ${field} ${b.how}`, apply: (r) => ({ ...r, contentType: media, body: setAt(r.body, at, b.value) }) });
    if (merged.type === 'object' || merged.properties) {
      for (const name of (merged.required ?? []) as string[])
        out.push({
          breaks: `body ${[...at, name].join('.')} missing (required)`,
          apply: (r) => ({ ...r, contentType: media, body: deleteAt(r.body, [...at, name]) }),
        });
      for (const [name, sub] of Object.entries((merged.properties ?? {}) as Record<string, SchemaObject>))
        if (!sub.readOnly) walk(sub, [...at, name]);
    }
  };
  walk(schema, []);
  return out;
}

function setAt(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  if (!root || typeof root !== 'object' || Array.isArray(root)) return root;
  const [head, ...rest] = path as [string, ...string[]];
  const record = root as Record<string, unknown>;
  if (rest.length > 0 && !(head in record)) return root;
  return { ...record, [head]: setAt(record[head], rest, value) };
}

function deleteAt(root: unknown, path: string[]): unknown {
  if (!root || typeof root !== 'object' || Array.isArray(root)) return root;
  const [head, ...rest] = path as [string, ...string[]];
  const record = root as Record<string, unknown>;
  if (rest.length === 0) return without(record, head);
  return head in record ? { ...record, [head]: deleteAt(record[head], rest) } : root;
}

/** Invalid requests for `op`, or undefined when the operation takes nothing that can be broken. */
export function invalidRequests(model: ApiModel, op: ApiOperation): fc.Arbitrary<FuzzRequest> | undefined {
  const all = mutations(model, op);
  if (all.length === 0) return undefined;
  return fc
    .tuple(validRequests(model, op), fc.constantFrom(...all))
    .map(([req, m]) => ({ ...m.apply(req), breaks: m.breaks }))
    .filter((req) => routesTo(model, op, req) && requestIssues(model, op, req).length > 0);
}

/** The request on the wire: the base URL's path kept, credentials added. */
export function toHttp(
  op: ApiOperation,
  req: FuzzRequest,
  baseUrl: string,
  auth: { headers: Record<string, string>; query: Record<string, string> },
): HttpRequest {
  const url = new URL(`${baseUrl.replace(/\/$/, '')}${concretePath(op, req)}`);
  for (const [name, value] of Object.entries(req.query)) for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
  for (const [name, value] of Object.entries(auth.query)) url.searchParams.set(name, value);
  const headers: Record<string, string> = { Accept: 'application/json', ...req.headers, ...auth.headers };
  const http: HttpRequest = { method: op.method.toUpperCase(), url: url.toString(), headers };
  if (req.contentType) {
    headers['Content-Type'] = req.contentType;
    http.body = JSON.stringify(req.body);
  }
  return http;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A ready-to-run curl line. `secrets` maps each credential value to what to print instead (an environment
 * variable reference such as `$ECHOCUE_API_KEY`), so the line runs as is and shows no secret.
 */
export function curl(request: HttpRequest, secrets: Record<string, string>): string {
  const redact = (s: string) => {
    let out = shellQuote(s);
    for (const [secret, replacement] of Object.entries(secrets)) {
      if (!secret) continue;
      for (const form of [secret, encodeURIComponent(secret)]) out = out.split(form).join(`'"${replacement}"'`);
    }
    return out.replace(/''(?=")|(?<=")''/g, '');
  };
  const parts = ['curl', '-sS', '-i', '-X', request.method, redact(request.url)];
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', redact(`${name}: ${value}`));
  if (request.body !== undefined) parts.push('--data-raw', redact(request.body));
  return parts.join(' ');
}
