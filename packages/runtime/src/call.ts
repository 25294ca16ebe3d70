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
  /** Safe to send again: the operation's `idempotent` when its metadata states one, else its method's nature. */
  idempotent: boolean;
  retry: false | CallRetryOptions | undefined;
  timeoutMs: number | false | undefined;
  throwOnError: boolean | undefined;
  /** `parseAs: 'stream'`: hand the body over unread. */
  stream: boolean;
  /**
   * The request's own signal may abort: the caller passed one, or a middleware may have made the Request.
   * Otherwise only our timer can abort the attempt, and nothing needs forwarding.
   */
  abortable: boolean;
  /** 1 for the first try; set by the retry piece. */
  attempt: number;
  /** The URL sent (not redacted: internal; errors and logs use `target`). */
  url: string;
  /** Where the request goes, every field redacted (computed when an error or a log line asks). */
  readonly target: RequestTarget;
}

/** Methods idempotent by HTTP semantics (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE'];

/**
 * Whether a method (upper case, as sent) is safe to repeat, for an operation whose metadata does not say
 * otherwise (or a request outside the spec): the one rule, which codegen relies on when it leaves `idempotent` out.
 */
export const isIdempotentMethod = (method: string): boolean => IDEMPOTENT_METHODS.includes(method);

/** A call record (options already checked): a class, so the per-request cost is one small object and the target is built only on demand. */
export class CallRecord implements Call {
  vendor: VendorMetadata;
  redact: Redactor;
  clock: Clock;
  idempotent: boolean;
  attempt = 1;
  url = '';
  constructor(
    context: ClientContext,
    readonly method: string,
    public operation: OperationEntry | undefined,
    public retry: false | CallRetryOptions | undefined,
    public timeoutMs: number | false | undefined,
    public throwOnError: boolean | undefined,
    public stream: boolean,
    public abortable: boolean,
  ) {
    this.vendor = context.vendor;
    this.redact = context.redact;
    this.clock = context.clock;
    this.idempotent = operation?.idempotent ?? isIdempotentMethod(method);
  }

  get target(): RequestTarget {
    return { vendor: this.vendor.title, operationId: this.operation?.operationId, method: this.method, url: this.redact(this.url) };
  }
}

/** Where a response of one of our clients keeps its call: a property, not a WeakMap (no ephemeron per response for the GC). */
const CALL = Symbol('echo-openapi.call');

/** Records which call a response answered (for getRateLimit, unwrap and errors raised after it). */
export function markResponse(response: Response, call: Call): Response {
  (response as Response & { [CALL]?: Call })[CALL] = call;
  return response;
}

/** The call a response from one of our clients answered (undefined for any other response). */
export function callOfResponse(response: Response): Call | undefined {
  return (response as Response & { [CALL]?: Call })[CALL];
}

/** A config error naming the vendor (never a value). */
export function configError(vendor: VendorMetadata, message: string): EchoClientConfigError {
  return new EchoClientConfigError(`${vendor.title}: ${message}`);
}

/** A timeout option (`timeoutMs`, client-wide or per call): a positive number of ms or false. */
export function checkTimeout(vendor: VendorMetadata, value: unknown): number | false | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value !== 'number' || !(value > 0)) throw configError(vendor, 'timeoutMs must be a positive number of milliseconds or false');
  return value;
}

/** Rejects retry settings that would retry forever or never wait (client-wide or per call). */
export function checkRetry(vendor: VendorMetadata, retry: unknown): void {
  if (retry === undefined || retry === false) return;
  if (retry === null || typeof retry !== 'object') throw configError(vendor, 'retry must be false or an object');
  const r = retry as Record<string, unknown>;
  const bad = (key: string, ok: (value: unknown) => unknown, what: string) => {
    if (r[key] !== undefined && !ok(r[key])) throw configError(vendor, `retry.${key} must be ${what}`);
  };
  bad('attempts', (n) => Number.isInteger(n) && (n as number) >= 1, 'an integer of at least 1');
  for (const key of ['baseDelayMs', 'maxDelayMs', 'totalTimeoutMs']) bad(key, (n) => typeof n === 'number' && n >= 0, 'a number of milliseconds');
  bad('statuses', (s) => Array.isArray(s) && s.every(Number.isInteger), 'an array of HTTP statuses');
  bad('random', (f) => typeof f === 'function', 'a function');
  bad('nonIdempotent', (b) => typeof b === 'boolean', 'a boolean');
}
