import { callOfResponse } from './call.js';
import { EchoApiError } from './errors.js';
import type { ErrorEnvelope } from './metadata.js';
import { getPath } from './path.js';
import { readRateLimitState } from './rate-limit-headers.js';

/**
 * The EchoApiError for a response and its parsed body, using what the client recorded about the call
 * (vendor envelope, operation, redactor); a response from elsewhere gets a generic envelope.
 */
export function apiErrorFor(response: Response, body: unknown, call = callOfResponse(response)): EchoApiError {
  return new EchoApiError(
    {
      ...(call?.target ?? { vendor: 'API', method: 'request', url: response.url }),
      status: response.status,
      statusText: response.statusText,
      body,
      envelope: call?.vendor.errorEnvelope ?? { message: 'message' },
      rateLimit: readRateLimitState(response.headers, call?.vendor.rateLimits, Date.now()),
    },
    call?.redact,
  );
}

/** True when the body reports failure in the envelope's failure field (UserEcho `"status": "fail"`). */
export function reportsFailure(envelope: ErrorEnvelope, body: unknown): boolean {
  return !!envelope.failureField && !!envelope.failureValues?.includes(getPath(body, envelope.failureField) as string);
}
