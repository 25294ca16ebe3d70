import type { Middleware } from 'openapi-fetch';
import type { Clock } from './clock.js';
import { EchoClientConfigError, type RequestTarget } from './errors.js';
import type { OperationMetadata, VendorMetadata } from './metadata.js';
import type { Redactor } from './redact.js';
import type { CallRetryOptions } from './retry.js';

/**
 * Per-call options, next to `params`/`body` in any call; checked by the compiler (an unknown key or a wrong
 * type is a compile error) and by the runtime (EchoClientConfigError before anything is sent).
 */
export interface EchoCallOptions {
  /** false: no retries for this call; an object overrides the client's settings, `nonIdempotent` opts in. */
  retry?: false | CallRetryOptions;
  /** Per-attempt timeout for this call (ms), or false for none. */
  timeoutMs?: number | false;
  /** Throw EchoApiError for a non-2xx answer of this call (true) or not (false), whatever the client says. */
  throwOnError?: boolean;
}

/** An operation's metadata together with its operationId. */
export type OperationEntry = OperationMetadata & { operationId: string };

/** What every piece of one client shares. */
export interface ClientContext {
  vendor: VendorMetadata;
  redact: Redactor;
  clock: Clock;
}

/** One call as the transport pieces see it: its operation, its options and where it goes (for errors). */
export interface Call extends ClientContext {
  operation: OperationEntry | undefined;
  /** Safe to send again: the operation says so, or (outside the spec) its method does. */
  idempotent: boolean;
  retry: false | CallRetryOptions | undefined;
  timeoutMs: number | false | undefined;
  throwOnError: boolean | undefined;
  /** `parseAs: 'stream'`: hand the body over unread. */
  stream: boolean;
  /** 1 for the first try; set by the retry piece. */
  attempt: number;
  /** The URL sent (not redacted: internal; errors and logs use `target`). */
  url: string;
  /** Where the request goes, every field redacted (the URL lazily: only an error or a log line reads it). */
  target: RequestTarget;
}

/** Methods safe to repeat when the operation is not in the vendor's metadata. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

const calls = new WeakMap<Request, Call>();

/** The call a Request belongs to (set by callMiddleware; kept when a later piece replaces the Request). */
export function callOf(request: Request): Call | undefined {
  return calls.get(request);
}

const responses = new WeakMap<Response, Call>();

/** Records which call a response answered (for getRateLimit, unwrap and errors raised after it). */
export function markResponse(response: Response, call: Call): Response {
  responses.set(response, call);
  return response;
}

/** The call a response from one of our clients answered (undefined for any other response). */
export function callOfResponse(response: Response): Call | undefined {
  return responses.get(response);
}

/** Records that `next` (a copy made by a middleware) carries the same call as `request`. */
export function carryCall(request: Request, next: Request): Request {
  const call = calls.get(request);
  if (call) {
    calls.set(next, call);
    call.url = next.url;
  }
  return next;
}

function operationIndex(vendor: VendorMetadata): Map<string, OperationEntry> {
  return new Map(Object.entries(vendor.operations).map(([operationId, op]) => [`${op.method.toUpperCase()} ${op.path}`, { ...op, operationId }]));
}

function configError(context: ClientContext, message: string): EchoClientConfigError {
  return new EchoClientConfigError(`${context.vendor.title}: ${message}`);
}

/** A timeout option: a positive number of ms or false. */
export function checkTimeout(context: ClientContext, name: string, value: unknown): number | false | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value !== 'number' || !(value > 0)) throw configError(context, `${name} must be a positive number of milliseconds or false`);
  return value;
}

/** Rejects retry settings that would retry forever or never wait (client-wide or per call). */
export function checkRetry(context: ClientContext, retry: unknown): void {
  if (retry === undefined || retry === false) return;
  if (retry === null || typeof retry !== 'object') throw configError(context, 'retry must be false or an object');
  const r = retry as Record<string, unknown>;
  if (r.attempts !== undefined && !(Number.isInteger(r.attempts) && (r.attempts as number) >= 1))
    throw configError(context, 'retry.attempts must be an integer of at least 1');
  for (const key of ['baseDelayMs', 'maxDelayMs', 'totalTimeoutMs']) {
    if (r[key] !== undefined && (typeof r[key] !== 'number' || !((r[key] as number) >= 0)))
      throw configError(context, `retry.${key} must be a number of milliseconds`);
  }
  if (r.statuses !== undefined && !(Array.isArray(r.statuses) && r.statuses.every((status) => Number.isInteger(status)))) {
    throw configError(context, 'retry.statuses must be an array of HTTP statuses');
  }
  if (r.random !== undefined && typeof r.random !== 'function') throw configError(context, 'retry.random must be a function');
  if (r.nonIdempotent !== undefined && typeof r.nonIdempotent !== 'boolean') throw configError(context, 'retry.nonIdempotent must be a boolean');
}

/** A call record for a request (per-call options already checked). */
export function newCall(
  context: ClientContext,
  request: Request,
  operation: OperationEntry | undefined,
  options: EchoCallOptions = {},
  stream = false,
): Call {
  const method = request.method;
  const call: Call = {
    ...context,
    operation,
    idempotent: operation ? operation.idempotent : IDEMPOTENT_METHODS.has(method),
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    throwOnError: options.throwOnError,
    stream,
    attempt: 1,
    url: request.url,
    target: {
      vendor: context.vendor.title,
      operationId: operation?.operationId,
      method,
      get url() {
        return context.redact(call.url);
      },
    },
  };
  return call;
}

/**
 * The first middleware of every client: finds the request's operation (method + the spec's path template),
 * takes the per-call options off the Request (openapi-fetch copies unknown init keys onto it) and checks them,
 * so nothing of ours reaches the server or a user's middleware.
 */
export function callMiddleware(context: ClientContext, transport: unknown): Middleware {
  const operations = operationIndex(context.vendor);
  return {
    onRequest({ request, schemaPath, options }) {
      if (options.fetch !== transport)
        throw configError(context, 'a per-call `fetch` would bypass retries and timeouts; give the client its `fetch` option instead');
      const method = request.method;
      const operation = operations.get(`${method} ${schemaPath}`);
      const extra = request as Request & Partial<Record<keyof EchoCallOptions, unknown>>;
      const { retry, timeoutMs, throwOnError } = extra;
      if (retry !== undefined || timeoutMs !== undefined || throwOnError !== undefined) {
        checkRetry(context, retry);
        checkTimeout(context, 'timeoutMs', timeoutMs);
        if (throwOnError !== undefined && typeof throwOnError !== 'boolean')
          throw configError(context, 'the call option "throwOnError" must be a boolean');
        delete extra.retry;
        delete extra.timeoutMs;
        delete extra.throwOnError;
      }
      const call = newCall(context, request, operation, { retry, timeoutMs, throwOnError } as EchoCallOptions, options.parseAs === 'stream');
      calls.set(request, call);
      return undefined;
    },
  };
}
