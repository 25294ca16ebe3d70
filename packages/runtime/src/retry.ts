import type { Call } from './call.js';
import { EchoNetworkError } from './errors.js';
import { serverDelayMs } from './rate-limit-headers.js';
import type { AttemptReport, Layer } from './send.js';

/** How the client retries idempotent calls that failed transiently. */
export interface RetryOptions {
  /** Total tries including the first (3: the first plus two retries). */
  attempts: number;
  /** First backoff step; each retry doubles it (before jitter). */
  baseDelayMs: number;
  /** Longest single wait: caps the backoff, and a server asking for longer (Retry-After) ends the retries. */
  maxDelayMs: number;
  /** No retry is scheduled that would start later than this after the first try. */
  totalTimeoutMs: number;
  /** Statuses worth another try. */
  statuses: readonly number[];
  /** Source of jitter in [0, 1); injectable for deterministic tests. */
  random: () => number;
}

/** Per-call retry settings: overrides plus the explicit opt-in for calls that are not idempotent. */
export interface CallRetryOptions extends Partial<RetryOptions> {
  /**
   * Retry this call even though it is not idempotent (sends an SMS, provisions a number, logs out). Only set
   * it when a duplicate is harmless or the call carries an idempotency key.
   */
  nonIdempotent?: boolean;
}

/** The defaults: three tries, 300 ms doubling with jitter, 20 s longest wait, 60 s in all. */
export const DEFAULT_RETRY: RetryOptions = Object.freeze({
  attempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 20_000,
  totalTimeoutMs: 60_000,
  statuses: Object.freeze([429, 502, 503, 504]),
  random: Math.random,
});

/**
 * The wait before retry number `retry` (1 for the first retry): exponential with "equal jitter", i.e. half
 * the step plus a random half, capped at maxDelayMs, so clients that failed together do not retry together.
 */
export function backoffDelay(retry: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return step / 2 + options.random() * (step / 2);
}

type Listener = (report: AttemptReport, call: Call) => void;

/**
 * Retries idempotent calls (and calls that opt in) on the retryable statuses and on network errors and
 * timeouts, with exponential backoff and jitter; `Retry-After` (any status) and, on a 429, the vendor's reset
 * header decide the wait. Each attempt sends a clone, so a retried body goes out intact. Reports every
 * attempt to the listeners (the logger).
 */
export function retryLayer(options: RetryOptions | false, listeners: readonly Listener[]): Layer {
  const report =
    listeners.length === 0
      ? undefined
      : (entry: AttemptReport, call: Call) => {
          for (const listener of listeners) listener(entry, call);
        };
  return (next) => async (request, call) => {
    const perCall = call.retry;
    const retry = options === false || perCall === false ? false : perCall ? { ...options, ...perCall } : options;
    const mayRetry = retry !== false && retry.attempts > 1 && (call.idempotent || (perCall !== false && perCall?.nonIdempotent === true));
    if (!mayRetry && !report) return next(request, call);

    const { clock } = call;
    const started = clock.now();
    const hasBody = request.body !== null;
    /** The wait before the next attempt, or undefined to stop here. */
    const nextDelay = (serverMs: number | undefined): number | undefined => {
      if (!mayRetry || call.attempt >= retry.attempts) return undefined;
      if (serverMs !== undefined && serverMs > retry.maxDelayMs) return undefined;
      const delay = serverMs ?? backoffDelay(call.attempt, retry);
      return clock.now() + delay - started > retry.totalTimeoutMs ? undefined : delay;
    };

    for (;;) {
      const t0 = report ? performance.now() : 0;
      let response: Response | undefined;
      let error: unknown;
      let delay: number | undefined;
      try {
        response = await next(mayRetry && hasBody ? request.clone() : request, call);
        // Retry-After applies to any status; the window's reset time only to 429.
        if (retry !== false && retry.statuses.includes(response.status))
          delay = nextDelay(serverDelayMs(response.headers, call.vendor.rateLimits, clock.now(), response.status === 429));
      } catch (caught) {
        // Only a lost answer is retried; an abort by the caller or a config error goes straight out.
        error = caught;
        if (caught instanceof EchoNetworkError) delay = nextDelay(undefined);
      }
      report?.(
        {
          attempt: call.attempt,
          durationMs: performance.now() - t0,
          ...(response ? { status: response.status } : { error: request.signal.aborted ? 'aborted by the caller' : error }),
          ...(delay !== undefined ? { retryInMs: delay } : {}),
        },
        call,
      );
      if (delay === undefined) {
        if (response) return response;
        throw error;
      }
      if (call.stream) await response?.body?.cancel().catch(() => undefined);
      await clock.sleep(delay, request.signal);
      call.attempt++;
    }
  };
}
