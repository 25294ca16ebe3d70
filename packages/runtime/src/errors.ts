import type { RateLimitState } from './rate-limit-headers.js';
import { getPath } from './path.js';
import { redactDeep } from './redact.js';

/** A client used wrongly (missing credential, unknown server variable): thrown before any request. */
export class EchoClientConfigError extends Error {
  override readonly name = 'EchoClientConfigError';
}

/** An operation needs a credential the client was not given (e.g. echowin's agency key). */
export class EchoAuthError extends Error {
  override readonly name = 'EchoAuthError';
  constructor(
    message: string,
    readonly operationId: string | undefined,
    /** The security schemes that would satisfy the operation, one array per alternative. */
    readonly missing: string[][],
  ) {
    super(message);
  }
}

/** Identity, for errors built without a client (no secrets known). */
const keep = (text: string): string => text;

/** Where a failed request was going: every field already redacted. */
export interface RequestTarget {
  /** The vendor's title (`EchoCue`). */
  vendor: string;
  /** The spec's operationId, when the request matched one. */
  operationId?: string | undefined;
  method: string;
  /** The request URL with secrets redacted. */
  url: string;
}

function label(target: RequestTarget): string {
  return `${target.vendor} ${target.operationId ?? `${target.method} ${safePath(target.url)}`}`;
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** A redacted copy of an error, safe to keep as `cause`: same name, message and stack, secrets removed. */
function sanitizedCause(cause: unknown, redact: (text: string) => string): Error | undefined {
  if (cause === undefined) return undefined;
  const source = cause instanceof Error ? cause : new Error(String(cause));
  const copy = new Error(redact(source.message));
  copy.name = source.name;
  copy.stack = redact(source.stack ?? `${source.name}: ${source.message}`);
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  if (source.cause !== undefined) Object.defineProperty(copy, 'cause', { value: sanitizedCause(source.cause, redact), enumerable: false });
  return copy;
}

/** Base of every error a request can end in: names the vendor, operation and (redacted) URL; JSON-safe. */
export abstract class EchoRequestError extends Error {
  readonly vendor: string;
  readonly operationId: string | undefined;
  readonly method: string;
  /** The request URL, secrets redacted. */
  readonly url: string;

  constructor(message: string, target: RequestTarget, redact: (text: string) => string, cause?: unknown) {
    const clean = sanitizedCause(cause, redact);
    super(redact(message), clean ? { cause: clean } : undefined);
    this.vendor = target.vendor;
    this.operationId = target.operationId;
    this.method = target.method;
    this.url = redact(target.url);
  }

  /** `Name: message`, the message already redacted. */
  override toString(): string {
    return `${this.name}: ${this.message}`;
  }

  /** The fields a log or an error tracker needs (every own field but the body), never a secret. */
  toJSON(): Record<string, unknown> {
    const { body: _body, ...fields } = this as Record<string, unknown>;
    const cause = this.cause instanceof Error ? { cause: { name: this.cause.name, message: this.cause.message } } : {};
    return { name: this.name, message: this.message, ...fields, ...cause };
  }
}

/** What the vendor's error envelope says, read with the envelope's dotted paths. */
export interface ParsedErrorEnvelope {
  /** The vendor's own message, or a description of the body when it has none (an HTML page, bad JSON). */
  message: string;
  /** The vendor's code (EchoCue `status_id`, EchoComm/UserEcho `status`), when the envelope has one. */
  code?: string | number;
  /** The vendor's details (echowin's `[{field, message}]`, EchoCue's `data`), when present. */
  details?: unknown;
}

function textMessage(text: string, status: number, statusText: string): string {
  const trimmed = text.trim();
  const fallback = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (trimmed === '') return fallback;
  if (/^<(!doctype|html|head|body|\?xml)/i.test(trimmed) || /<\/(html|body|title|h1)>/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim() || /<h1[^>]*>([^<]*)<\/h1>/i.exec(trimmed)?.[1]?.trim();
    return `${fallback} (an HTML page${title ? `: "${title.slice(0, 120)}"` : ''}, not the API's JSON envelope)`;
  }
  if (/^[[{]/.test(trimmed)) return `${fallback} (the body is not valid JSON)`;
  const line = trimmed.replace(/\s+/g, ' ');
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * Reads a vendor's error body with its envelope paths (EchoCue `{status_id, message, data}`, echowin
 * `{error, details}`, EchoComm/UserEcho `{status, message}`); falls back to the status line for bodies that
 * are not the envelope (HTML error pages, malformed JSON, empty bodies).
 */
export function parseErrorEnvelope(
  envelope: { message: string; code?: string; details?: string },
  body: unknown,
  status: number,
  statusText = '',
): ParsedErrorEnvelope {
  if (typeof body === 'string' || body === undefined || body === null) return { message: textMessage(body ?? '', status, statusText) };
  // The optional paths: an absent or empty one reads nothing.
  const read = (path: string | undefined): unknown => (path ? getPath(body, path) : undefined);
  const rawMessage = getPath(body, envelope.message);
  const rawCode = read(envelope.code);
  const details = read(envelope.details);
  let message: string;
  if (typeof rawMessage === 'string' && rawMessage.trim() !== '') message = rawMessage;
  else if (rawMessage !== undefined && rawMessage !== null) message = JSON.stringify(rawMessage);
  else message = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  // echowin's details carry the per-field reasons; the message names them so they show up in logs.
  if (Array.isArray(details) && details.length > 0) {
    const fields = details
      .map((item) =>
        item && typeof item === 'object'
          ? [(item as Record<string, unknown>).field, (item as Record<string, unknown>).message].filter((part) => typeof part === 'string').join(': ')
          : '',
      )
      .filter((part) => part !== '');
    if (fields.length > 0) message = `${message} (${fields.join('; ')})`;
  }
  const parsed: ParsedErrorEnvelope = { message };
  if (typeof rawCode === 'string' || typeof rawCode === 'number') parsed.code = rawCode;
  if (details !== undefined) parsed.details = details;
  return parsed;
}

/** Everything an EchoApiError is built from (secrets are redacted by the constructor). */
export interface EchoApiErrorInit extends RequestTarget {
  status: number;
  statusText?: string;
  /** The error body: parsed JSON, or the text when it was not JSON. */
  body: unknown;
  /** The vendor's error envelope paths. */
  envelope: { message: string; code?: string; details?: string };
  /** The rate-limit headers of the failed response. */
  rateLimit?: RateLimitState | undefined;
}

/** A non-2xx answer: the HTTP status plus the vendor's own message, code and details from its envelope. */
export class EchoApiError extends EchoRequestError {
  override readonly name = 'EchoApiError';
  readonly status: number;
  /** The vendor's message (`message`, or echowin's `error`), redacted. */
  readonly apiMessage: string;
  /** The vendor's code (`status_id` / `status`), when its envelope has one. */
  readonly code: string | number | undefined;
  /** The vendor's details (field errors), redacted. */
  readonly details: unknown;
  /** The parsed error body (or its text), redacted. */
  readonly body: unknown;
  /** The server's rate-limit state on this response (always set on a 429 that said anything). */
  readonly rateLimit: RateLimitState | undefined;

  constructor(init: EchoApiErrorInit, redact: (text: string) => string = keep) {
    const parsed = parseErrorEnvelope(init.envelope, init.body, init.status, init.statusText);
    const code = parsed.code !== undefined && String(parsed.code) !== String(init.status) ? ` [${parsed.code}]` : '';
    super(`${label(init)} failed with HTTP ${init.status}${code}: ${parsed.message}`, init, redact);
    this.status = init.status;
    this.apiMessage = redact(parsed.message);
    this.code = typeof parsed.code === 'string' ? redact(parsed.code) : parsed.code;
    this.details = redactDeep(parsed.details, redact);
    this.body = redactDeep(init.body, redact);
    this.rateLimit = init.rateLimit;
  }

  /** True for 429 (the caller may wait `rateLimit.retryAfterMs` and try again). */
  get isRateLimited(): boolean {
    return this.status === 429;
  }
}

/** The request never got a complete answer (connection refused or reset, DNS, a body cut off mid-way). */
export class EchoNetworkError extends EchoRequestError {
  override readonly name: string = 'EchoNetworkError';
  /** How many times the request was sent. */
  readonly attempts: number;

  constructor(message: string, target: RequestTarget, attempts: number, redact: (text: string) => string = keep, cause?: unknown) {
    super(message, target, redact, cause);
    this.attempts = attempts;
  }
}

/** No complete answer within the timeout (the client's default or the call's `timeoutMs`). */
export class EchoTimeoutError extends EchoNetworkError {
  override readonly name = 'EchoTimeoutError';
  readonly timeoutMs: number;

  constructor(target: RequestTarget, timeoutMs: number, attempts: number, redact: (text: string) => string = keep) {
    super(
      `${label(target)}: no complete response within ${timeoutMs} ms (${target.method} ${target.url}, attempt ${attempts})`,
      target,
      attempts,
      redact,
    );
    this.timeoutMs = timeoutMs;
  }
}

/** A 2xx answer whose body is not the JSON the operation promises (a proxy's HTML page, a truncated body). */
export class EchoInvalidResponseError extends EchoRequestError {
  override readonly name = 'EchoInvalidResponseError';
  readonly status: number;

  constructor(target: RequestTarget, status: number, redact: (text: string) => string = keep, cause?: unknown) {
    super(`${label(target)}: HTTP ${status} response body is not valid JSON`, target, redact, cause);
    this.status = status;
  }
}
