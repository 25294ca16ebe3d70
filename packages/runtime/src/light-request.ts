/**
 * What openapi-fetch builds in place of a Request (its per-call `Request` option) when only the runtime's
 * own pieces will see it: no middleware, no plugin layer. It keeps the URL and init, and the attempt hands
 * them to fetch, which builds the one Request undici needs (a Request made earlier would be copied there
 * again: the largest single cost of a call). A body that cannot be sent twice (a stream) gets a real Request.
 */
export function LightRequest(url: string, init: RequestInit): Request {
  const { body } = init;
  if (body instanceof ReadableStream) return new Request(url, init);
  return { url, method: init.method, body: body ?? null, signal: init.signal ?? NEVER, init, clone: self } as unknown as Request;
}

/** The signal of a call without one: never aborts. */
const NEVER = new AbortController().signal;

/** A light request's body (a string, FormData, a Blob...) can be sent again as it is. */
function self<T>(this: T): T {
  return this;
}

/** The init of a LightRequest (its own, one per call), or undefined for a real Request. */
export const lightInit = (request: Request): RequestInit | undefined => (request as { init?: RequestInit }).init;
