import { abortReason, systemClock, type Clock } from './clock.js';
import { EchoApiError, EchoNetworkError, EchoTimeoutError, type RequestTarget } from './errors.js';
import { formatLogEntry, type Logger, type RequestLogEntry } from './logger.js';
import type { VendorMetadata } from './metadata.js';
import type { OperationEntry } from './operations.js';
import { readRateLimitState, serverDelayMs, type RateLimiter, type RateLimitState } from './rate-limit.js';
import type { Redactor } from './redact.js';
import { backoffDelay, DEFAULT_RETRY, IDEMPOTENT_METHODS, type CallRetryOptions, type RetryOptions } from './retry.js';

/** A fetch as openapi-fetch calls it: one Request in, one Response out. */
export type FetchFn = (input: Request) => Promise<Response>;

/** What the runtime knows about a response it returned: where it came from and its rate-limit headers. */
export interface ResponseInfo {
  target: RequestTarget;
  rateLimit: RateLimitState | undefined;
  /** How many times the request was sent. */
  attempts: number;
}

interface ResponseRecord extends ResponseInfo {
  vendor: VendorMetadata;
  redact: Redactor;
}

const responses = new WeakMap<Response, ResponseRecord>();

/** The rate-limit state the server reported on a response from a vendor client (undefined if none, or not ours). */
export function getRateLimit(response: Response): RateLimitState | undefined {
  return responses.get(response)?.rateLimit;
}

/** What the runtime recorded about a response it returned (target, rate limit, attempts). */
export function getResponseInfo(response: Response): ResponseInfo | undefined {
  const record = responses.get(response);
  return record ? { target: record.target, rateLimit: record.rateLimit, attempts: record.attempts } : undefined;
}

/**
 * The EchoApiError for a non-2xx response and its (parsed) body, using what the transport recorded about
 * it (vendor envelope, operation, redactor); `fallback` describes responses the runtime did not send.
 */
export function apiErrorFor(response: Response, body: unknown, fallback?: { vendor: VendorMetadata; target: RequestTarget; redact: Redactor }): EchoApiError {
  const record = responses.get(response);
  const vendor = record?.vendor ?? fallback?.vendor;
  const target = record?.target ?? fallback?.target ?? { vendor: 'API', method: 'request', url: '' };
  return new EchoApiError(
    {
      ...target,
      status: response.status,
      statusText: response.statusText,
      body,
      envelope: vendor?.errorEnvelope ?? { message: 'message' },
      rateLimit: record?.rateLimit ?? readRateLimitState(response.headers, vendor?.rateLimits, Date.now()),
    },
    record?.redact ?? fallback?.redact,
  );
}

/** Per-call settings the client wrapper hands to the transport. */
export interface CallContext {
  operation?: OperationEntry | undefined;
  retry?: false | CallRetryOptions | undefined;
  timeoutMs?: number | false | undefined;
  /** `parseAs: 'stream'`: hand the body over unread (a body cut off mid-way is then the caller's to see). */
  stream?: boolean;
  /** A per-call fetch replacing the client's. */
  fetch?: FetchFn | undefined;
  /** Set by the transport: the response it returned last (for errors raised after it, e.g. bad JSON). */
  response?: Response;
}

/** How the transport behaves for every call of one client. */
export interface TransportOptions {
  vendor: VendorMetadata;
  /** The fetch to send with; the global fetch when absent. */
  fetch?: FetchFn | undefined;
  retry: RetryOptions | false;
  /** Per attempt; false for none. */
  timeoutMs: number | false;
  limiter?: RateLimiter | undefined;
  clock?: Clock;
  redact: Redactor;
  logger?: Logger | undefined;
}

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Reads the whole body inside the attempt, so a connection reset mid-body is a failed attempt (retryable). */
async function buffered(raw: Response): Promise<Response> {
  if (raw.body === null) return raw;
  const body = await raw.arrayBuffer();
  return new Response(NULL_BODY.has(raw.status) ? null : body, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const rawCode: unknown = cause ? (cause as Error & { code?: unknown }).code : undefined;
  const code = typeof rawCode === 'string' ? ` ${rawCode}` : '';
  return cause && cause.message !== error.message ? `${error.message} (${cause.message}${code})` : error.message;
}

function validTimeout(value: number | false | undefined): number | false | undefined {
  if (value === undefined || value === false) return value;
  return Number.isFinite(value) && value > 0 ? value : false;
}

/**
 * The fetch openapi-fetch calls: per attempt it waits for the rate limiter, clones the request (so a retried
 * body goes out intact), applies the timeout and the caller's signal, reads the full body, records the
 * rate-limit headers, logs, and retries what is safe to retry.
 */
export function createTransport(options: TransportOptions): (request: Request, call?: CallContext) => Promise<Response> {
  const clock = options.clock ?? systemClock;
  const { vendor, redact, limiter, logger } = options;

  return async function send(request: Request, call: CallContext = {}): Promise<Response> {
    const fetchFn = call.fetch ?? options.fetch;
    const method = request.method.toUpperCase();
    // Redacting the URL costs a couple of regex passes: done only when an error or a log line needs it.
    let redactedUrl: string | undefined;
    const target: RequestTarget = {
      vendor: vendor.title,
      operationId: call.operation?.operationId,
      method,
      get url() {
        return (redactedUrl ??= redact(request.url));
      },
    };
    const retry: RetryOptions | false = options.retry === false || call.retry === false ? false : { ...options.retry, ...stripOptIn(call.retry) };
    const idempotent = call.operation ? call.operation.idempotent : IDEMPOTENT_METHODS.has(method);
    const mayRetry = retry !== false && (idempotent || (call.retry !== false && call.retry?.nonIdempotent === true));
    const maxAttempts = mayRetry && Number.isFinite(retry.attempts) ? Math.max(1, Math.floor(retry.attempts)) : 1;
    const timeoutMs = call.timeoutMs !== undefined ? validTimeout(call.timeoutMs) : options.timeoutMs;
    const caller = request.signal;
    const hasBody = request.body !== null;
    const started = clock.now();

    const log = (entry: Omit<RequestLogEntry, 'vendor' | 'operationId' | 'method' | 'url'>) => {
      if (!logger) return;
      const full: RequestLogEntry = { vendor: target.vendor, operationId: target.operationId, method, url: target.url, ...entry };
      if (full.error !== undefined) full.error = redact(full.error);
      logger(redact(formatLogEntry(full)), full);
    };

    /** The wait before the next attempt, or undefined to stop here. */
    const nextDelay = (attempt: number, serverMs: number | undefined): number | undefined => {
      if (!mayRetry || !retry || attempt >= maxAttempts) return undefined;
      if (serverMs !== undefined && serverMs > retry.maxDelayMs) return undefined;
      const delay = serverMs ?? backoffDelay(attempt, retry);
      if (clock.now() + delay - started > retry.totalTimeoutMs) return undefined;
      return delay;
    };

    for (let attempt = 1; ; attempt++) {
      if (caller.aborted) throw abortReason(caller);
      if (limiter) await limiter.acquire(caller);

      const controller = new AbortController();
      let timedOut = false;
      const timer = timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            controller.abort(new DOMException(`no response within ${timeoutMs} ms`, 'TimeoutError'));
          }, timeoutMs)
        : undefined;
      const onCallerAbort = () => controller.abort(abortReason(caller));
      caller.addEventListener('abort', onCallerAbort, { once: true });
      const t0 = performance.now();
      let response: Response | undefined;
      let failure: unknown;
      try {
        const attemptRequest = hasBody ? request.clone() : request;
        // The global fetch takes the signal as init (saving a Request copy); a custom fetch gets a Request.
        const raw = fetchFn ? await fetchFn(new Request(attemptRequest, { signal: controller.signal })) : await fetch(attemptRequest, { signal: controller.signal });
        response = call.stream ? raw : await buffered(raw);
      } catch (error) {
        failure = error;
      } finally {
        clearTimeout(timer);
        if (!call.stream || failure !== undefined) caller.removeEventListener('abort', onCallerAbort);
      }
      const durationMs = performance.now() - t0;

      if (response === undefined) {
        if (caller.aborted) {
          log({ attempt, durationMs, error: 'aborted by the caller' });
          throw abortReason(caller);
        }
        const error = timedOut
          ? new EchoTimeoutError(target, timeoutMs || 0, attempt, redact)
          : new EchoNetworkError(`${target.vendor} ${target.operationId ?? method}: network error (${method} ${target.url}, attempt ${attempt}): ${describe(failure)}`, target, attempt, redact, failure);
        const delay = nextDelay(attempt, undefined);
        log({ attempt, durationMs, error: timedOut ? `timed out after ${timeoutMs} ms` : describe(failure), ...(delay !== undefined ? { retryInMs: delay } : {}) });
        if (delay === undefined) throw error;
        await clock.sleep(delay, caller);
        continue;
      }

      const now = clock.now();
      const rateLimit = readRateLimitState(response.headers, vendor.rateLimits, now);
      responses.set(response, { target, rateLimit, attempts: attempt, vendor, redact });
      call.response = response;
      if (limiter && rateLimit) {
        const wait = response.status === 429 ? serverDelayMs(rateLimit, now) : rateLimit.remaining === 0 && rateLimit.resetAt !== undefined ? rateLimit.resetAt - now : undefined;
        if (wait !== undefined && wait > 0) limiter.blockUntil(now + wait);
      }

      let delay: number | undefined;
      if (retry !== false && retry.statuses.includes(response.status)) {
        // Retry-After applies to any status; the window's reset time only to 429.
        const serverMs = response.status === 429 ? serverDelayMs(rateLimit, now) : rateLimit?.retryAfterMs;
        delay = nextDelay(attempt, serverMs);
      }
      log({ attempt, durationMs, status: response.status, ...(delay !== undefined ? { retryInMs: delay } : {}) });
      if (delay === undefined) return response;
      if (call.stream) {
        caller.removeEventListener('abort', onCallerAbort);
        await response.body?.cancel().catch(() => undefined);
      }
      await clock.sleep(delay, caller);
    }
  };
}

function stripOptIn(retry: false | CallRetryOptions | undefined): Partial<RetryOptions> {
  if (!retry) return {};
  const { nonIdempotent: _ignored, ...rest } = retry;
  return rest;
}

