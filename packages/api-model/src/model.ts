import type {
  MediaTypeObject,
  OpenAPI3,
  OperationObject,
  ParameterObject,
  PathItemObject,
  RequestBodyObject,
  ResponseObject,
  SecuritySchemeObject,
} from 'openapi-typescript';
import type { PaginationExtension, RateLimitsExtension } from './extensions.js';
import { HTTP_METHODS, IDEMPOTENT_METHODS, type HttpMethod } from './methods.js';
import { type Link, linksOf } from './links.js';
import { createRouter, type Router } from './router.js';
import { createValidator, type Validator } from './validator.js';

export interface ApiOperation {
  id: string;
  method: HttpMethod;
  /** The path template as in the spec (`/contacts/{contactId}`), without the server's base path. */
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** Path-item parameters merged with the operation's (the operation's win on name + location). */
  parameters: ParameterObject[];
  requestBody?: { required: boolean; description?: string; content: Record<string, MediaTypeObject> };
  /** By status code as written in the spec (`200`, `4XX`, `default`). */
  responses: Record<string, ResponseObject>;
  /** Security alternatives (each inner list must hold together); `[]` means no authentication. */
  security: string[][];
  /** Safe to retry: an idempotent HTTP method or `x-idempotent: true`; `x-idempotent: false` forbids it. */
  idempotent: boolean;
  sideEffects?: string;
  pagination?: PaginationExtension;
  /** Every `x-` key of the operation, for tools that read their own (x-sandbox, x-source, x-inferred...). */
  extensions: Record<string, unknown>;
  /** The dereferenced operation object as written. */
  object: OperationObject;
}

export interface ApiModel {
  /** The bundled, dereferenced document the model was built from. */
  document: OpenAPI3;
  title: string;
  version: string;
  /** `servers[0].url` with every variable at its default. */
  serverUrl: string;
  /** The path part of `serverUrl` (`/api/v2`), or `''`: mocks and the sandbox serve paths without it. */
  basePath: string;
  securitySchemes: Record<string, SecuritySchemeObject>;
  /** The document's security alternatives. */
  security: string[][];
  rateLimits?: RateLimitsExtension;
  /** Every operation, in document order. */
  operations: ApiOperation[];
  /** The operation with this id; throws naming the known ids. */
  operation(id: string): ApiOperation;
  /** The OpenAPI links of the operations' 2xx responses (stateful sequences: create -> read -> delete). */
  links: Link[];
  router: Router;
  validator: Validator;
}

/** A parameter's identity in OpenAPI: location + name, a header's name case-insensitively (HTTP's rule). */
export function parameterKey(parameter: Pick<ParameterObject, 'in' | 'name'>): string {
  return `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
}

function isReference(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

function assertDereferenced<T>(value: T, where: string): T {
  if (isReference(value)) throw new Error(`${where} is a $ref: build the model from a dereferenced bundle`);
  return value;
}

function extensionsOf(object: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => key.startsWith('x-')));
}

function requirements(security: OperationObject['security']): string[][] | undefined {
  return security?.map((requirement) => Object.keys(requirement));
}

/** `servers[0].url` with each `{variable}` at its default. */
export function resolveServerUrl(document: OpenAPI3): string {
  const server = document.servers?.[0];
  if (!server) return '';
  return server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = server.variables?.[name]?.default;
    if (value === undefined) throw new Error(`${document.info.title}: server variable {${name}} has no default`);
    return String(value);
  });
}

function basePathOf(serverUrl: string): string {
  if (!serverUrl) return '';
  const path = /^[a-z][a-z0-9+.-]*:\/\//i.test(serverUrl) ? new URL(serverUrl).pathname : serverUrl;
  return path.replace(/\/+$/, '');
}

/** The normalized model of a bundled, dereferenced OpenAPI 3.0 document: pure and synchronous. */
export function buildApiModel(document: OpenAPI3): ApiModel {
  const title = document.info.title;
  const rootSecurity = requirements(document.security) ?? [];
  const operations: ApiOperation[] = [];
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const item = assertDereferenced(rawItem, `${title}: paths["${path}"]`) as PathItemObject;
    const shared = (item.parameters ?? []).map((p) => assertDereferenced(p, `${title}: ${path} parameters`) as ParameterObject);
    for (const method of HTTP_METHODS) {
      const object = item[method] as OperationObject | undefined;
      if (!object) continue;
      const where = `${title}: ${method.toUpperCase()} ${path}`;
      if (!object.operationId) throw new Error(`${where} has no operationId`);
      const own = (object.parameters ?? []).map((p) => assertDereferenced(p, `${where} parameters`) as ParameterObject);
      const parameters = [...shared.filter((s) => !own.some((o) => parameterKey(o) === parameterKey(s))), ...own];
      const body = object.requestBody ? (assertDereferenced(object.requestBody, `${where} requestBody`) as RequestBodyObject) : undefined;
      const responses = Object.fromEntries(
        Object.entries(object.responses ?? {}).map(([code, response]) => [code, assertDereferenced(response, `${where} ${code}`) as ResponseObject]),
      );
      const extensions = extensionsOf(object);
      const explicit = extensions['x-idempotent'];
      operations.push({
        id: object.operationId,
        method,
        path,
        ...(object.summary !== undefined ? { summary: object.summary } : {}),
        ...(object.description !== undefined ? { description: object.description } : {}),
        tags: object.tags ?? [],
        deprecated: object.deprecated === true,
        parameters,
        ...(body
          ? {
              requestBody: {
                required: body.required === true,
                ...(body.description !== undefined ? { description: body.description } : {}),
                content: body.content as Record<string, MediaTypeObject>,
              },
            }
          : {}),
        responses,
        security: requirements(object.security) ?? rootSecurity,
        idempotent: typeof explicit === 'boolean' ? explicit : IDEMPOTENT_METHODS.has(method),
        ...(typeof extensions['x-side-effects'] === 'string' ? { sideEffects: extensions['x-side-effects'] } : {}),
        ...(extensions['x-pagination'] ? { pagination: extensions['x-pagination'] as PaginationExtension } : {}),
        extensions,
        object,
      });
    }
  }
  const byId = new Map(operations.map((op) => [op.id, op]));
  if (byId.size !== operations.length) {
    const seen = new Set<string>();
    const duplicate = operations.find((op) => (seen.has(op.id) ? true : (seen.add(op.id), false)));
    throw new Error(`${title}: operationId "${duplicate?.id}" is used twice`);
  }
  const securitySchemes = Object.fromEntries(
    Object.entries(document.components?.securitySchemes ?? {}).map(([name, scheme]) => [
      name,
      assertDereferenced(scheme, `${title}: securitySchemes.${name}`) as SecuritySchemeObject,
    ]),
  );
  const serverUrl = resolveServerUrl(document);
  const rateLimits = (document as unknown as Record<string, unknown>)['x-rate-limits'] as RateLimitsExtension | undefined;
  return {
    document,
    title,
    version: document.info.version,
    serverUrl,
    basePath: basePathOf(serverUrl),
    securitySchemes,
    security: rootSecurity,
    ...(rateLimits ? { rateLimits } : {}),
    operations,
    operation(id) {
      const op = byId.get(id);
      if (!op) throw new Error(`${title}: no operation "${id}". Known: ${[...byId.keys()].join(', ')}`);
      return op;
    },
    links: linksOf(operations),
    router: createRouter(operations),
    validator: createValidator(securitySchemes),
  };
}
