import type { Middleware } from 'openapi-fetch';
import { callOf, callOfResponse, type ClientContext } from './call.js';
import { EchoApiError } from './errors.js';
import type { ErrorEnvelope } from './metadata.js';
import { getPath } from './path.js';
import { getRateLimit } from './rate-limit-headers.js';
import { BufferedResponse } from './timeout.js';

/**
 * The EchoApiError for a response and its parsed body, using what the client recorded about the call
 * (vendor envelope, operation, redactor); a response from elsewhere gets a generic envelope.
 */
export function apiErrorFor(response: Response, body: unknown): EchoApiError {
  const call = callOfResponse(response);
  return new EchoApiError(
    {
      ...(call?.target ?? { vendor: 'API', method: 'request', url: response.url }),
      status: response.status,
      statusText: response.statusText,
      body,
      envelope: call?.vendor.errorEnvelope ?? { message: 'message' },
      rateLimit: getRateLimit(response),
    },
    call?.redact,
  );
}

/** True when the body reports failure in the envelope's failure field (UserEcho `"status": "fail"`). */
export function reportsFailure(envelope: ErrorEnvelope, body: unknown): boolean {
  if (!envelope.failureField || !envelope.failureValues) return false;
  const value = getPath(body, envelope.failureField);
  return envelope.failureValues.includes(value as string);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * openapi-fetch middleware deciding which answers are errors: a non-2xx when `throwOnError` is set (on the
 * call, else on the client) throws EchoApiError; and, for vendors whose envelope reports failure in the body
 * (`failureField`/`failureValues` in vendors.yaml), so does a 2xx carrying a failure value, since a success
 * type would describe it wrongly.
 */
export function apiErrorMiddleware(context: ClientContext, clientThrowOnError: boolean): Middleware {
  const { failureField } = context.vendor.errorEnvelope;
  return {
    async onResponse({ request, response, options }) {
      if (response.ok) {
        // Read through the buffered answer's json(), which openapi-fetch then reuses: one parse per answer.
        if (
          !failureField ||
          !(response instanceof BufferedResponse) ||
          options.parseAs !== 'json' ||
          !/json/i.test(response.headers.get('Content-Type') ?? '')
        )
          return undefined;
        const body = await response.json().catch(() => undefined);
        if (reportsFailure(context.vendor.errorEnvelope, body)) throw apiErrorFor(response, body);
        return undefined;
      }
      if (!(callOf(request)?.throwOnError ?? clientThrowOnError)) return undefined;
      throw apiErrorFor(response, parse(await response.clone().text()));
    },
  };
}
