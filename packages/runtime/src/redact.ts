import type { VendorMetadata } from './metadata.js';
import { credentialPlacement } from './placement.js';

/** What a redacted secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Query parameters whose values are always hidden, whatever the vendor: common names for credentials. */
const DEFAULT_SECRET_PARAMS = ['access_token', 'api_key', 'apikey', 'api_secret', 'client_secret', 'password', 'secret', 'token'];

/**
 * Turns any text into text without the client's secrets; used by every error, log line and toJSON.
 * A secret is replaced only where it stands as a value (not inside a longer word or token), so a short key
 * never garbles a message: with the key `k`, "network error" stays as it is but `Bearer k` does not.
 */
export interface Redactor {
  /** The text with every known secret (raw, URL-encoded or base64) and every secret query value replaced. */
  (text: string): string;
  /** The secret values this redactor hides (longest first), for tests and composition. */
  readonly secrets: readonly string[];
  /** The query-parameter names whose values this redactor hides. */
  readonly params: readonly string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The forms a (non-empty) secret can take on the wire or in a body: as is, URL-encoded (both space styles),
 * base64. None is empty; createRedactor drops the repeats.
 */
function variants(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  return [secret, encoded, encoded.replace(/%20/g, '+'), base64(secret)];
}

/**
 * Builds a redactor from secret values (credentials) and query-parameter names (apiKey-in-query schemes such
 * as UserEcho's `access_token`), so nothing the runtime writes can carry a credential.
 */
export function createRedactor(secrets: Iterable<string | undefined>, params: Iterable<string> = []): Redactor {
  const values = [...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s.length > 0).flatMap(variants))].sort(
    (a, b) => b.length - a.length,
  );
  const names = [...new Set([...DEFAULT_SECRET_PARAMS, ...params].map((name) => name.toLowerCase()))];
  // A value is bounded by characters that cannot continue a token (start/end, space, quote, `=`, `&`, `:`, ...).
  const secretPattern = values.length > 0 ? new RegExp(`(?<![A-Za-z0-9_])(?:${values.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`, 'g') : undefined;
  // `name=value` in a query string, a form body or a log line; the name matched case-insensitively.
  const paramPattern = new RegExp(`([?&;\\s"'(]|^)(${names.map(escapeRegExp).join('|')})=([^&#\\s"'<>)]*)`, 'gi');
  const redact = ((text: string): string =>
    typeof text !== 'string' || text.length === 0
      ? text
      : (secretPattern ? text.replace(secretPattern, REDACTED) : text).replace(paramPattern, `$1$2=${REDACTED}`)) as Redactor;
  return Object.defineProperties(redact, { secrets: { value: Object.freeze(values) }, params: { value: Object.freeze(names) } });
}

/** The redactor for a client: its credential values, extra secrets, and the vendor's apiKey-in-query names. */
export function redactorFor(
  vendor: VendorMetadata,
  credentials: Readonly<Record<string, string | undefined>>,
  extraSecrets: readonly string[] = [],
): Redactor {
  const params = Object.values(vendor.securitySchemes).flatMap((scheme) => {
    const placement = credentialPlacement(scheme);
    return placement?.in === 'query' ? [placement.name] : [];
  });
  return createRedactor([...Object.values(credentials), ...extraSecrets], params);
}

/** A copy of a JSON-like value with every string redacted (error bodies can echo a key back). */
export function redactDeep(value: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact, depth + 1);
  return out;
}

/**
 * Redacts an error thrown by something else (undici, a user's middleware) in place: its message, stack and
 * cause chain, keeping its class so `instanceof` and `name` checks still work. Returns the same error.
 */
export function redactError<E>(error: E, redact: (text: string) => string, depth = 0): E {
  if (!(error instanceof Error) || depth > 8) return error;
  for (const key of ['message', 'stack'] as const) {
    const text = error[key];
    if (typeof text === 'string') {
      const clean = redact(text);
      if (clean !== text) Object.defineProperty(error, key, { value: clean, writable: true, configurable: true, enumerable: false });
    }
  }
  if ('cause' in error && error.cause !== undefined) redactError(error.cause, redact, depth + 1);
  return error;
}
