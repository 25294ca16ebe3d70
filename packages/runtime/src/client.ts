import createClient, { type Client } from 'openapi-fetch';
import { apiErrorFor, reportsFailure } from './api-errors.js';
import { authenticator, type Credentials } from './auth.js';
import { CallRecord, checkRetry, checkTimeout, configError, type ClientContext, type EchoCallOptions, type OperationEntry } from './call.js';
import { systemClock, type Clock } from './clock.js';
import type { VendorMetadata } from './metadata.js';
import { redactError, redactorFor } from './redact.js';
import { DEFAULT_RETRY, retryLayer, type RetryOptions } from './retry.js';
import { LightRequest } from './light-request.js';
import type { Plugin, PluginParts, Send } from './send.js';
import { fetchWithTimeout, type FetchFn } from './timeout.js';
import type { EchoClient } from './types.js';

/** Options every vendor client accepts besides its credentials. */
export interface ClientOptions {
  /** Overrides the spec's server URL (a mock server, a proxy, a staging host). */
  baseUrl?: string;
  /** A fetch implementation (defaults to the global fetch); every attempt goes through it. */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Retries of idempotent calls on 429/502/503/504, network errors and timeouts, with exponential backoff,
   * jitter and Retry-After / X-RateLimit-Reset honoured. On by default (DEFAULT_RETRY); overrides, or false.
   * Calls that are not idempotent (POSTs, `x-idempotent: false`) are retried only when a call opts in.
   */
  retry?: Partial<RetryOptions> | false;
  /** Per-attempt timeout in ms (default 30 000; false for none). A call's `timeoutMs` overrides it. */
  timeoutMs?: number | false;
  /** Throw EchoApiError for non-2xx answers instead of returning `{error, response}` (default false). */
  throwOnError?: boolean;
  /** Opt-in pieces: `rateLimit()`, `requestLog()`, or your own Plugin. */
  plugins?: readonly Plugin[];
  /** Time source for backoff, Retry-After and rate-limit waits (inject a fake one in tests). */
  clock?: Clock;
  /** More secret strings to keep out of errors and logs (credentials are always redacted). */
  redact?: readonly string[];
}

/** The default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** What createVendorClient takes: the common options plus the vendor's credential and server-variable options. */
export type VendorClientOptions = ClientOptions & Readonly<Record<string, unknown>>;

/** Reads an option the vendor's metadata names (a credential, a server variable). */
const optionOf = (options: ClientOptions, name: string): unknown => (options as Record<string, unknown>)[name];

const SENSITIVE_HEADER = /auth|key|secret|token|cookie|session|password/i;

/** Secret values hidden in the static headers (`Authorization: Bearer x` yields both forms). */
function headerSecrets(headers: Record<string, string> | undefined): string[] {
  if (!headers) return [];
  return Object.entries(headers)
    .filter(([name, value]) => SENSITIVE_HEADER.test(name) && typeof value === 'string')
    .flatMap(([, value]) => [value, value.replace(/^\s*(bearer|basic|token)\s+/i, '')]);
}

/** A non-empty string option, or a config error naming the option (never the value). */
function requireString(vendor: VendorMetadata, option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw configError(vendor, `"${option}" is required and must be a non-empty string`);
  return value;
}

/** A config error for an option outside its allowed values (they are not secrets). */
const oneOf = (vendor: VendorMetadata, option: string, allowed: string[]) => configError(vendor, `"${option}" must be one of ${allowed.join(', ')}`);

/** The credentials by scheme, from the client options named in the vendor's `credentials`. */
function credentialsFrom(vendor: VendorMetadata, options: ClientOptions): Record<string, string | undefined> {
  const credentials: Record<string, string | undefined> = {};
  for (const [option, credential] of Object.entries(vendor.credentials)) {
    const value = optionOf(options, option);
    if (value === undefined && !credential.required) continue;
    let scheme = credential.scheme;
    if (credential.schemeChoice) {
      const choice = optionOf(options, credential.schemeChoice.option);
      if (choice !== undefined) {
        const chosen = typeof choice === 'string' ? credential.schemeChoice.schemes[choice] : undefined;
        if (!chosen) throw oneOf(vendor, credential.schemeChoice.option, Object.keys(credential.schemeChoice.schemes));
        scheme = chosen;
      }
    }
    credentials[scheme] = requireString(vendor, option, value);
  }
  return credentials;
}

/** The server URL with its variables filled from the options; a missing or malformed value is a config error. */
export function resolveBaseUrl(vendor: VendorMetadata, options: ClientOptions | VendorClientOptions): string {
  if (options.baseUrl !== undefined) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw configError(vendor, `baseUrl must be an absolute URL, got "${String(options.baseUrl)}"`);
    }
    return options.baseUrl.replace(/\/+$/, '');
  }
  return vendor.serverUrl.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = requireString(vendor, name, optionOf(options, name));
    if (!/^[A-Za-z0-9-]+$/.test(value)) throw configError(vendor, `"${name}" may hold only letters, digits and dashes`);
    const allowed = vendor.serverVariables[name]?.enum;
    if (allowed && !allowed.includes(value)) throw oneOf(vendor, name, allowed);
    return value;
  });
}

/** What the runtime keeps per client and per operation method, for paginate(). */
export interface ClientRecord {
  vendor: VendorMetadata;
  /** The client (itself, or the client an operation method belongs to). */
  client: object;
  /** Set for an operation method: the operation it calls. */
  operationId?: string;
}

const records = new WeakMap<object, ClientRecord>();

/** The runtime's record of a client made by createVendorClient, or of one of its operation methods (undefined for any other object). */
export function clientRecord(client: object): ClientRecord | undefined {
  return records.get(client);
}

/** An operation method's init as the path style takes it: the parameters by location go into `params`. */
export function pathInit(init: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!init) return init;
  const { path, query, header, cookie, ...rest } = init;
  rest.params = { path, query, header, cookie };
  return rest;
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/** What an openapi-fetch call resolves to. */
type FetchResult = { data?: unknown; error?: unknown; response: Response };

/**
 * An openapi-fetch client for one vendor, composed from small pieces driven by the vendor's metadata:
 * openapi-fetch middleware for the call's operation and options, authentication and API errors; a fetch
 * made of retries, the opt-in plugins (rate limit, logging) and a timed attempt. Vendor packages generate a
 * factory that calls this with their metadata.
 */
export function createVendorClient<
  Paths extends {},
  Paginated extends {} = {},
  Options extends ClientOptions = VendorClientOptions,
  Operations extends {} = {},
>(vendor: VendorMetadata, options: Options): EchoClient<Paths, Paginated> & Operations {
  const credentials: Credentials = credentialsFrom(vendor, options);
  const context: ClientContext = {
    vendor,
    redact: redactorFor(vendor, credentials, [...(options.redact ?? []), ...headerSecrets(options.headers)]),
    clock: options.clock ?? systemClock,
  };
  checkRetry(vendor, options.retry);
  const timeoutMs = checkTimeout(vendor, options.timeoutMs);
  const retry: RetryOptions | false = options.retry === false ? false : options.retry ? { ...DEFAULT_RETRY, ...options.retry } : DEFAULT_RETRY;
  const plugins: PluginParts[] = (options.plugins ?? []).map((plugin) => plugin(context));

  let send: Send = fetchWithTimeout(options.fetch as FetchFn | undefined, timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : timeoutMs);
  // The first plugin's layer is the outermost; retries wrap them all.
  send = plugins.reduceRight((next, plugin) => (plugin.layer ? plugin.layer(next) : next), send);
  send = retryLayer(
    retry,
    plugins.flatMap((plugin) => plugin.onAttempt ?? []),
  )(send);

  const core: Client<Paths> = createClient<Paths>({ baseUrl: resolveBaseUrl(vendor, options), headers: options.headers });
  const methods = core as unknown as Record<string, (url: unknown, init: unknown) => Promise<FetchResult>>;
  // Method -> path template -> operation: two lookups, no key string built per call.
  const operations: Record<string, Record<string, OperationEntry>> = {};
  const client: Record<string, unknown> = {};
  // Every operation by name: data (the vendor's operation table), not a function per operation in the bundle.
  for (const [operationId, op] of Object.entries(vendor.operations)) {
    const method = op.method.toUpperCase();
    (operations[method] ??= {})[op.path] = { ...op, operationId };
    const operationMethod = (init?: Record<string, unknown>) => call(method, op.path, pathInit(init));
    records.set(operationMethod, { vendor, client, operationId });
    client[operationId] = operationMethod;
  }
  const authenticate = authenticator(vendor, credentials);
  const clientThrowOnError = options.throwOnError === true;
  const { errorEnvelope } = vendor;
  const fail = (error: unknown): never => {
    throw redactError(error, context.redact);
  };

  /** Set by `use()`: from then on every call's Request may be seen by a middleware. */
  let withMiddleware = false;
  /** No plugin layer sees the request: a call no middleware sees either may be a LightRequest. */
  const lightRequests = !plugins.some((plugin) => plugin.layer);

  /**
   * One call: everything about it is settled here, before openapi-fetch builds the Request (its operation
   * from method + the spec's path template, its checked per-call options, its credentials as `params`), and
   * the call reaches the transport through a per-call fetch, so neither our options nor our bookkeeping
   * touch the Request. The answer is checked here too: a non-2xx under `throwOnError`, or a body that
   * reports failure, becomes EchoApiError; whatever else a call throws (openapi-fetch's, a user's
   * middleware's) leaves without a secret in it.
   */
  function call(method: string, url: string, init: (EchoCallOptions & Record<string, unknown>) | undefined): Promise<FetchResult> {
    let record: CallRecord;
    let rest = init ?? {};
    try {
      if (rest.fetch !== undefined)
        throw configError(vendor, 'a per-call `fetch` would bypass retries and timeouts; give the client its `fetch` option instead');
      const { retry, timeoutMs: callTimeoutMs, throwOnError } = rest;
      if (retry !== undefined || callTimeoutMs !== undefined || throwOnError !== undefined) {
        checkRetry(vendor, retry);
        checkTimeout(vendor, callTimeoutMs);
        if (throwOnError !== undefined && typeof throwOnError !== 'boolean')
          throw configError(vendor, 'the call option "throwOnError" must be a boolean');
        // Our options stay out of what openapi-fetch turns into the Request.
        const { retry: _retry, timeoutMs: _timeoutMs, throwOnError: _throwOnError, ...others } = rest;
        rest = others;
      }
      const operation = operations[method]?.[url];
      const { header, query } = authenticate(operation);
      // A middleware sees a real Request, and may have made it with its own signal (see Call.abortable).
      const middleware = withMiddleware || rest.middleware !== undefined;
      record = new CallRecord(
        context,
        method,
        operation,
        retry,
        callTimeoutMs,
        throwOnError,
        rest.parseAs === 'stream',
        rest.signal != null || middleware,
      );
      const given = rest.params as { header?: object; query?: object } | undefined;
      // Copies: a middleware that edits `params` must not change the next call's credentials.
      const params: { header?: object; query?: object } = { ...given };
      if (header) params.header = { ...given?.header, ...header };
      if (query) params.query = { ...given?.query, ...query };
      rest = {
        ...rest,
        params,
        Request: lightRequests && !middleware ? (rest.Request ?? LightRequest) : rest.Request,
        fetch: (request: Request) => {
          record.url = request.url;
          return send(request, record);
        },
      };
    } catch (error) {
      return Promise.reject(error);
    }
    return methods[method]!(url, rest).then((result) => {
      const { response } = result;
      if (response.ok ? reportsFailure(errorEnvelope, result.data) : (record.throwOnError ?? clientThrowOnError))
        throw apiErrorFor(response, response.ok ? result.data : result.error, record);
      return result;
    }, fail);
  }

  client.request = (method: string, url: string, init: never) => call(method.toUpperCase(), url, init);
  client.use = (...middleware: Parameters<typeof core.use>) => {
    withMiddleware = true;
    core.use(...middleware);
  };
  client.eject = core.eject;
  for (const method of METHODS) client[method] = (url: string, init: never) => call(method, url, init);
  records.set(client, { vendor, client });
  return client as unknown as EchoClient<Paths, Paginated> & Operations;
}
