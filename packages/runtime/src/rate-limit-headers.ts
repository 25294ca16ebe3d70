import { callOfResponse } from './call.js';
import type { RateLimits } from './metadata.js';

/** The server's view of the caller's rate limit, read from one response's headers. */
export interface RateLimitState {
  /** Requests allowed in the current window (`X-RateLimit-Limit`). */
  limit?: number;
  /** Requests left in the current window (`X-RateLimit-Remaining`). */
  remaining?: number;
  /** When the window resets, in epoch milliseconds (`X-RateLimit-Reset`, in the vendor's format). */
  resetAt?: number;
  /** How long the server asked the client to wait (`Retry-After`, seconds or an HTTP date), in ms. */
  retryAfterMs?: number;
}

type HeaderNames = NonNullable<RateLimits['headers']>;

const DEFAULT_HEADERS: HeaderNames = { limit: 'X-RateLimit-Limit', remaining: 'X-RateLimit-Remaining', reset: 'X-RateLimit-Reset' };

function parseNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const number = Number(value.trim());
  return Number.isFinite(number) ? number : undefined;
}

/** A `Retry-After` value (delta seconds or an HTTP date) as milliseconds from `now`; undefined if unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  // An absent or blank value is neither a number nor a date.
  const seconds = parseNumber(value);
  if (seconds !== undefined) return Math.max(0, seconds * 1000);
  const date = Date.parse(value ?? '');
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A reset header value as epoch ms: unix seconds, delta seconds or an HTTP date (guessed when not declared). */
export function parseReset(value: string | null, format: HeaderNames['resetFormat'], now: number): number | undefined {
  // An absent or blank value is neither a number nor a date.
  const number = parseNumber(value);
  if (format === 'http-date' || (format === undefined && number === undefined)) {
    const date = Date.parse(value ?? '');
    return Number.isNaN(date) ? undefined : date;
  }
  if (number === undefined) return undefined;
  // Undeclared: a number past 2001-09-09 in seconds is an epoch timestamp, anything smaller a delta.
  const unix = format === 'unix-seconds' || (format === undefined && number > 1e9);
  return unix ? number * 1000 : now + number * 1000;
}

/**
 * Reads the rate-limit headers the vendor documents (`rateLimits.headers`, else the common `X-RateLimit-*`)
 * and `Retry-After`; undefined when the response carries none of them.
 */
export function readRateLimitState(headers: Headers, rateLimits: RateLimits | undefined, now: number): RateLimitState | undefined {
  const names = rateLimits?.headers ?? DEFAULT_HEADERS;
  const read = (name: string | undefined) => (name ? headers.get(name) : null);
  const found: RateLimitState = {
    limit: parseNumber(read(names.limit)),
    remaining: parseNumber(read(names.remaining)),
    resetAt: parseReset(read(names.reset), names.resetFormat, now),
    retryAfterMs: parseRetryAfter(headers.get('Retry-After'), now),
  };
  // Only the fields the response reported.
  const state = Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined)) as RateLimitState;
  return Object.keys(state).length > 0 ? state : undefined;
}

/**
 * How long the server wants the client to wait before trying again: `Retry-After`, else (when `useReset`,
 * i.e. on a 429) until the window's reset time.
 */
export function serverDelayMs(headers: Headers, rateLimits: RateLimits | undefined, now: number, useReset: boolean): number | undefined {
  const state = readRateLimitState(headers, rateLimits, now);
  const resetAt = useReset ? state?.resetAt : undefined;
  return state?.retryAfterMs ?? (resetAt === undefined ? undefined : Math.max(0, resetAt - now));
}

/**
 * The rate-limit state the server reported on a response (the vendor's documented headers for a response
 * from one of our clients, else the common `X-RateLimit-*`, plus `Retry-After`); undefined when none.
 */
export function getRateLimit(response: Response, now = Date.now()): RateLimitState | undefined {
  return readRateLimitState(response.headers, callOfResponse(response)?.vendor.rateLimits, now);
}
