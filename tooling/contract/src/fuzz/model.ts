// TEMPORARY stand-in for @echo-openapi/api-model (merged into main ~14:50): the same interface, the parts
// the fuzzer reads. Replaced by `loadApiModel` from tooling-core once it lands.
import { createRequire } from 'node:module';
import { bundleSpec, credentialParams as placeCredentials, type Vendor } from '@echo-openapi/tooling-core';

export type SchemaObject = Record<string, any>;
export interface ParameterObject { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: SchemaObject; example?: unknown; [k: string]: unknown }
export interface MediaTypeObject { schema?: SchemaObject; example?: unknown; examples?: Record<string, { value?: unknown }> }
export interface ResponseObject { description?: string; headers?: Record<string, { required?: boolean; schema?: SchemaObject }>; content?: Record<string, MediaTypeObject>; links?: Record<string, LinkObject> }
export interface LinkObject { operationId?: string; parameters?: Record<string, unknown>; requestBody?: unknown; description?: string }
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ApiOperation {
  id: string;
  method: HttpMethod;
  path: string;
  parameters: ParameterObject[];
  requestBody?: { required: boolean; content: Record<string, MediaTypeObject> };
  responses: Record<string, ResponseObject>;
  security: string[][];
  idempotent: boolean;
  sideEffects?: string;
  extensions: Record<string, unknown>;
}
export interface RequestInput {
  pathParams?: Record<string, string>;
  query?: Record<string, string | string[] | undefined>;
  headers?: Record<string, string | string[] | undefined>;
  contentType?: string;
  body?: unknown;
}
export interface ValidationIssue { in: 'path' | 'query' | 'header' | 'body' | 'security'; name: string; message: string }
export interface ApiModel {
  document: any;
  serverUrl: string;
  basePath: string;
  securitySchemes: Record<string, any>;
  operations: ApiOperation[];
  operation(id: string): ApiOperation;
  router: { match(method: string, path: string): { operation: ApiOperation; pathParams: Record<string, string> } | undefined };
  validator: {
    request(op: ApiOperation, input: RequestInput): ValidationIssue[];
    schema(schema: SchemaObject): (value: unknown) => { valid: boolean; errors: string[] };
  };
}

export function credentialParams(model: ApiModel, security: string[][], credentials: Record<string, string | undefined>) {
  return placeCredentials(model.document, security, credentials as Record<string, string>);
}

export async function loadApiModel(vendor: Vendor): Promise<ApiModel> {
  const { document } = await bundleSpec(vendor, { dereferenced: true });
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(document.paths) as [string, any][]) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = new Map<string, ParameterObject>();
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) params.set(`${p.in}:${p.name}`, p);
      operations.push({
        id: op.operationId,
        method,
        path,
        parameters: [...params.values()],
        ...(op.requestBody ? { requestBody: { required: !!op.requestBody.required, content: op.requestBody.content } } : {}),
        responses: op.responses,
        security: (op.security ?? document.security ?? []).map((r: object) => Object.keys(r)),
        idempotent: ['get', 'put', 'delete', 'head', 'options'].includes(method),
        ...(op['x-side-effects'] ? { sideEffects: op['x-side-effects'] } : {}),
        extensions: Object.fromEntries(Object.entries(op).filter(([k]) => k.startsWith('x-'))),
      });
    }
  }
  const require = createRequire(import.meta.url);
  const ajv = new (require('ajv').default)({ strict: false, allErrors: true });
  require('ajv-formats').default(ajv);
  const cache = new WeakMap<object, (v: unknown) => { valid: boolean; errors: string[] }>();
  const schema = (s: SchemaObject) => {
    let fn = cache.get(s);
    if (!fn) {
      const validate = ajv.compile(toJsonSchema(s));
      fn = (v: unknown) => ({ valid: validate(v) as boolean, errors: (validate.errors ?? []).map((e: { instancePath: string; message: string }) => `${e.instancePath || '/'} ${e.message}`) });
      cache.set(s, fn);
    }
    return fn;
  };
  const coerce = (s: SchemaObject | undefined, raw: string | string[]): unknown => {
    if (s?.type === 'array') return (Array.isArray(raw) ? raw : raw.split(',')).map((r) => coerce(s.items, r));
    const v = Array.isArray(raw) ? raw[0]! : raw;
    if (s?.type === 'integer' || s?.type === 'number') return v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v;
    if (s?.type === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
    return v;
  };
  const serverUrl = document.servers?.[0]?.url ?? '';
  const model: ApiModel = {
    document,
    serverUrl,
    basePath: serverUrl ? new URL(serverUrl).pathname.replace(/\/$/, '') : '',
    securitySchemes: (document.components?.securitySchemes ?? {}) as Record<string, any>,
    operations,
    operation: (id) => {
      const op = operations.find((o) => o.id === id);
      if (!op) throw new Error(`no operation ${id}`);
      return op;
    },
    router: {
      match(method, path) {
        const candidates = operations.filter((o) => o.method === method.toLowerCase());
        const segments = path.split('/');
        const scored = candidates.flatMap((o) => {
          const names: string[] = [];
          const re = new RegExp(`^${o.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_, n) => (names.push(n), '([^/]+)'))}$`);
          const m = re.exec(path);
          return m ? [{ o, names, m, literal: o.path.split('/').filter((s) => !s.includes('{')).length }] : [];
        });
        void segments;
        scored.sort((a, b) => b.literal - a.literal);
        const best = scored[0];
        if (!best) return undefined;
        return { operation: best.o, pathParams: Object.fromEntries(best.names.map((n, i) => [n, decodeURIComponent(best.m[i + 1]!)])) };
      },
    },
    validator: {
      schema,
      request(op, input) {
        const issues: ValidationIssue[] = [];
        const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        for (const p of op.parameters) {
          if (p.in === 'cookie') continue;
          const raw = p.in === 'path' ? input.pathParams?.[p.name] : p.in === 'query' ? input.query?.[p.name] : headers[p.name.toLowerCase()];
          if (raw === undefined) {
            if (p.required) issues.push({ in: p.in, name: p.name, message: 'is required' });
            continue;
          }
          if (!p.schema) continue;
          const r = schema(p.schema)(coerce(p.schema, raw));
          for (const e of r.errors) issues.push({ in: p.in, name: p.name, message: e });
        }
        if (op.requestBody) {
          if (input.body === undefined) {
            if (op.requestBody.required) issues.push({ in: 'body', name: '', message: 'is required' });
          } else {
            const media = op.requestBody.content[input.contentType ?? 'application/json'];
            if (!media) issues.push({ in: 'body', name: '', message: `unsupported media type ${input.contentType}` });
            else if (media.schema) for (const e of schema(media.schema)(input.body).errors) issues.push({ in: 'body', name: e.split(' ')[0]!.replace(/^\//, ''), message: e });
          }
        }
        return issues;
      },
    },
  };
  return model;
}

/** OpenAPI 3.0 schema -> JSON Schema (nullable; example is not a keyword). */
function toJsonSchema(s: SchemaObject): SchemaObject {
  if (Array.isArray(s)) return s.map(toJsonSchema) as unknown as SchemaObject;
  if (!s || typeof s !== 'object') return s;
  const out: SchemaObject = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'example' || k === 'xml' || k === 'externalDocs' || k === 'discriminator' || k.startsWith('x-')) continue;
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as object).map(([n, p]) => [n, toJsonSchema(p)]));
    else if (k === 'items' || k === 'additionalProperties' || k === 'not') out[k] = typeof v === 'object' ? toJsonSchema(v) : v;
    else if (k === 'allOf' || k === 'oneOf' || k === 'anyOf') out[k] = (v as SchemaObject[]).map(toJsonSchema);
    else out[k] = v;
  }
  if (s.nullable && out.type) out.type = [out.type, 'null'];
  if (s.nullable && out.enum) out.enum = [...out.enum, null];
  delete out.nullable;
  return out;
}
