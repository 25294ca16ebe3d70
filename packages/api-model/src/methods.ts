import { isIdempotentMethod } from '@echo-openapi/runtime';

/** Every HTTP method an OpenAPI 3.0 path item can hold, in the spec's order: the one list the project uses. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods that change nothing on the server (RFC 9110 §9.2.1 safe methods): read-only runs send only these. */
export const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['get', 'head', 'options', 'trace']);

/** Methods that are idempotent by HTTP semantics (RFC 9110 §9.2.2): safe to retry; the runtime's rule, not a copy. */
export const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(HTTP_METHODS.filter((method) => isIdempotentMethod(method.toUpperCase())));

export function isHttpMethod(value: string): value is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(value);
}
