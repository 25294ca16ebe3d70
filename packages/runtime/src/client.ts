import createClient, { type Client, type ClientOptions as FetchClientOptions } from 'openapi-fetch';
import { authMiddleware, type Credentials } from './auth.js';
import type { Clock } from './clock.js';
import { EchoClientConfigError, EchoInvalidResponseError } from './errors.js';
import { consoleLogger, type Logger } from './logger.js';
import type { RateLimitPolicy, VendorMetadata } from './metadata.js';
import { findOperation } from './operations.js';
import { RateLimiter } from './rate-limit.js';
import { redactError, redactorFor, type Redactor } from './redact.js';
import { DEFAULT_RETRY, type CallRetryOptions, type RetryOptions } from './retry.js';
import { apiErrorFor, createTransport, getResponseInfo, type CallContext, type FetchFn } from './transport.js';

/** Options every vendor client accepts besides its credentials. */
export interface ClientOptions {
  /** Overrides the spec's server URL (a mock server, a proxy, a staging host). */
  baseUrl?: string;
  /** A fetch implementation (defaults to the global fetch). */
  fetch?: FetchClientOptions['fetch'];
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Retries of idempotent calls on 429/502/503/504 and network errors, with exponential backoff, jitter and
   * Retry-After / X-RateLimit-Reset honoured. On by default (DEFAULT_RETRY); overrides, or false for none.
   * Non-idempotent calls are never retried unless the call opts in (`retry: { nonIdempotent: true }`).
   */
  retry?: Partial<RetryOptions> | false;
  /**
   * Client-side rate limiting, off by default: true enforces the vendor's documented limits
   * (`vendor.rateLimits.policies`), `{policies}` your own, a RateLimiter instance is shared. Calls queue.
   */
  rateLimit?: boolean | { policies: readonly RateLimitPolicy[] } | RateLimiter;
  /** Per-attempt timeout in ms (default 30 000; false for none). A call's `timeoutMs` overrides it. */
  timeoutMs?: number | false;
  /** Throw EchoApiError for non-2xx answers instead of returning `{error, response}` (default false). */
  throwOnError?: boolean;
  /** Receives one line per attempt: method, redacted URL, status, timing. */
  logger?: Logger;
  /** Shorthand for a logger writing to console.debug. */
  debug?: boolean;
  /** Time source for backoff, Retry-After and rate-limit waits (inject a fake one in tests). */
  clock?: Clock;
  /** More secret strings to keep out of errors and logs (credentials are always redacted). */
  redact?: readonly string[];
}

/**
 * Per-call options, passed in the same object as `params`/`body` (openapi-fetch accepts extra keys; the
 * runtime reads and removes these before openapi-fetch sees them). Use `satisfies EchoCallOptions` to check.
 */
export interface EchoCallOptions {
  /** false: no retries for this call; an object overrides the client's settings, `nonIdempotent` opts in. */
  retry?: false | CallRetryOptions;
  /** Per-attempt timeout for this call (ms), or false for none. */
  timeoutMs?: number | false;
  /** Throw EchoApiError for a non-2xx answer of this call. */
  throwOnError?: boolean;
  /** Cancels the call (and any wait between retries) when it aborts; a native RequestInit option. */
  signal?: AbortSignal;
}

/** The default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** What a vendor package passes to createVendorClient: the common options plus credentials and server variables. */
export interface VendorClientOptions extends ClientOptions {
  /** Credentials keyed by security scheme name. */
  auth: Credentials;
  /** Values for the server URL's `{variables}` (UserEcho's `alias`). */
  serverVariables?: Readonly<Record<string, string | undefined>>;
}

/** The server URL with its variables filled; a missing or malformed value is a config error. */
export function resolveBaseUrl(vendor: VendorMetadata, options: Pick<VendorClientOptions, 'baseUrl' | 'serverVariables'>): string {
  if (options.baseUrl !== undefined) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw new EchoClientConfigError(`${vendor.title}: baseUrl must be an absolute URL, got "${options.baseUrl}"`);
    }
    return options.baseUrl.replace(/\/+$/, '');
  }
  return vendor.serverUrl.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = vendor.serverVariables[name];
    const value = options.serverVariables?.[name] ?? variable?.default;
    if (!value) throw new EchoClientConfigError(`${vendor.title}: the server URL needs "${name}"`);
    if (!/^[A-Za-z0-9-]+$/.test(value)) throw new EchoClientConfigError(`${vendor.title}: "${name}" may hold only letters, digits and dashes`);
    if (variable?.enum && !variable.enum.includes(value)) {
      throw new EchoClientConfigError(`${vendor.title}: "${name}" must be one of ${variable.enum.join(', ')}`);
    }
    return value;
  });
}

/** Rejects credentials that are not non-empty strings, naming the option (never the value). */
export function requireCredential(vendor: VendorMetadata, option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new EchoClientConfigError(`${vendor.title}: "${option}" is required and must be a non-empty string`);
  }
  return value;
}

/** The outcome of an openapi-fetch call, as the runtime handles it. */
interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

type Init = Record<string, unknown>;
type MethodCall = (url: string, init?: Init) => Promise<FetchResult>;
type RequestCall = (method: string, url: string, init?: Init) => Promise<FetchResult>;

/** What the runtime keeps per vendor client (for paginate()). */
export interface VendorClientInternals {
  vendor: VendorMetadata;
  /** The client's (wrapped) `request(method, url, init)`. */
  request: RequestCall;
  redact: Redactor;
}

const clients = new WeakMap<object, VendorClientInternals>();

/** The runtime's record of a client made by createVendorClient (undefined for any other object). */
export function vendorClientInternals(client: object): VendorClientInternals | undefined {
  return clients.get(client);
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

const SENSITIVE_HEADER = /auth|key|secret|token|cookie|session|password/i;

/** Secret values hidden in the static headers (`Authorization: Bearer x` yields both forms). */
function headerSecrets(headers: Record<string, string> | undefined): string[] {
  if (!headers) return [];
  return Object.entries(headers)
    .filter(([name, value]) => SENSITIVE_HEADER.test(name) && typeof value === 'string')
    .flatMap(([, value]) => [value, value.replace(/^\s*(bearer|basic|token)\s+/i, '')]);
}

function configError(vendor: VendorMetadata, message: string): EchoClientConfigError {
  return new EchoClientConfigError(`${vendor.title}: ${message}`);
}

function checkTimeout(vendor: VendorMetadata, name: string, value: unknown): number | false | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value !== 'number' || !(value > 0)) throw configError(vendor, `${name} must be a positive number of milliseconds or false`);
  return value;
}

function resolveRetry(vendor: VendorMetadata, retry: ClientOptions['retry']): RetryOptions | false {
  if (retry === false) return false;
  const merged: RetryOptions = { ...DEFAULT_RETRY, ...(retry ?? {}) };
  checkRetry(vendor, merged);
  return merged;
}

/** Rejects retry settings that would retry forever or never wait (client-wide or per call). */
function checkRetry(vendor: VendorMetadata, retry: Partial<RetryOptions> & { nonIdempotent?: unknown }): void {
  if (retry.attempts !== undefined && !(Number.isInteger(retry.attempts) && retry.attempts >= 1)) throw configError(vendor, 'retry.attempts must be an integer of at least 1');
  for (const key of ['baseDelayMs', 'maxDelayMs', 'totalTimeoutMs'] as const) {
    const value = retry[key];
    if (value !== undefined && (typeof value !== 'number' || !(value >= 0))) throw configError(vendor, `retry.${key} must be a number of milliseconds`);
  }
  if (retry.statuses !== undefined && !(Array.isArray(retry.statuses) && retry.statuses.every((status) => Number.isInteger(status)))) {
    throw configError(vendor, 'retry.statuses must be an array of HTTP statuses');
  }
  if (retry.random !== undefined && typeof retry.random !== 'function') throw configError(vendor, 'retry.random must be a function');
  if (retry.nonIdempotent !== undefined && typeof retry.nonIdempotent !== 'boolean') throw configError(vendor, 'retry.nonIdempotent must be a boolean');
}

function resolveLimiter(vendor: VendorMetadata, option: ClientOptions['rateLimit'], clock: Clock | undefined): RateLimiter | undefined {
  if (option === undefined || option === false) return undefined;
  if (option instanceof RateLimiter) return option;
  const policies = option === true ? vendor.rateLimits?.policies : option.policies;
  if (!policies || policies.length === 0) throw configError(vendor, 'rateLimit is on but there are no policies (the vendor documents no limits; pass {policies})');
  try {
    return new RateLimiter(policies, clock);
  } catch (error) {
    throw configError(vendor, error instanceof Error ? error.message : String(error));
  }
}

/**
 * An openapi-fetch client for one vendor: authentication per operation, retries, optional client-side rate
 * limiting, timeouts, redacted debug logging and typed errors, all driven by the vendor's metadata.
 */
export function createVendorClient<Paths extends {}>(vendor: VendorMetadata, options: VendorClientOptions): Client<Paths> {
  const redact = redactorFor(vendor, options.auth, [...(options.redact ?? []), ...headerSecrets(options.headers)]);
  const timeoutMs = checkTimeout(vendor, 'timeoutMs', options.timeoutMs);
  const transport = createTransport({
    vendor,
    fetch: options.fetch,
    retry: resolveRetry(vendor, options.retry),
    timeoutMs: timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : timeoutMs,
    limiter: resolveLimiter(vendor, options.rateLimit, options.clock),
    ...(options.clock ? { clock: options.clock } : {}),
    redact,
    logger: options.logger ?? (options.debug ? consoleLogger : undefined),
  });
  const client = createClient<Paths>({
    baseUrl: resolveBaseUrl(vendor, options),
    fetch: (input) => transport(input),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  client.use(authMiddleware(vendor, options.auth));

  /** Runs one call: strips the runtime's per-call options, hands them to the transport, maps failures. */
  const invoke = async (method: string, url: string, init: Init | undefined, run: (init: Init) => Promise<FetchResult>): Promise<FetchResult> => {
    const { retry, timeoutMs: callTimeout, throwOnError, fetch: callFetch, ...rest } = init ?? {};
    if (retry !== undefined && retry !== false) {
      if (retry === null || typeof retry !== 'object') throw configError(vendor, 'the call option "retry" must be false or an object');
      checkRetry(vendor, retry as CallRetryOptions);
    }
    if (throwOnError !== undefined && typeof throwOnError !== 'boolean') throw configError(vendor, 'the call option "throwOnError" must be a boolean');
    if (callFetch !== undefined && typeof callFetch !== 'function') throw configError(vendor, 'the call option "fetch" must be a function');
    const operation = findOperation(vendor, method, url);
    const call: CallContext = {
      operation,
      retry: retry as false | CallRetryOptions | undefined,
      timeoutMs: checkTimeout(vendor, 'timeoutMs', callTimeout),
      stream: rest.parseAs === 'stream',
      fetch: callFetch as FetchFn | undefined,
    };
    let result: FetchResult;
    try {
      result = await run({ ...rest, fetch: (input: Request) => transport(input, call) });
    } catch (error) {
      const response = call.response;
      if (error instanceof SyntaxError && response?.ok) {
        throw new EchoInvalidResponseError(
          getResponseInfo(response)?.target ?? { vendor: vendor.title, operationId: operation?.operationId, method: method.toUpperCase(), url },
          response.status,
          redact,
          error,
        );
      }
      throw redactError(error, redact);
    }
    if ((throwOnError ?? options.throwOnError) === true && !result.response.ok) {
      throw apiErrorFor(result.response, result.error, {
        vendor,
        target: { vendor: vendor.title, operationId: operation?.operationId, method: method.toUpperCase(), url },
        redact,
      });
    }
    return result;
  };

  // openapi-fetch's methods are plain closures, so replacing them keeps the Client<Paths> type and behaviour.
  const methods = client as unknown as Record<(typeof METHODS)[number], MethodCall> & { request: RequestCall };
  for (const method of METHODS) {
    const original = methods[method];
    methods[method] = (url, init) => invoke(method, url, init, (next) => original(url, next));
  }
  const originalRequest = methods.request;
  methods.request = (method, url, init) => invoke(method.toUpperCase(), url, init, (next) => originalRequest(method, url, next));
  clients.set(client, { vendor, request: methods.request, redact });
  return client;
}
