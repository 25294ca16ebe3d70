import { apiErrorFor } from './api-errors.js';

/** What every openapi-fetch call resolves to. */
export interface FetchResultLike {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * The data of a call, or an EchoApiError (vendor message, code, operation, rate limit) for a non-2xx answer:
 * `const devices = await unwrap(client.GET('/api/device/list'))`. Keeps openapi-fetch's data type.
 */
export async function unwrap<R extends FetchResultLike>(result: R | Promise<R>): Promise<Exclude<R['data'], undefined>> {
  const settled = await result;
  if (!settled.response.ok) throw apiErrorFor(settled.response, settled.error);
  return settled.data as Exclude<R['data'], undefined>;
}
