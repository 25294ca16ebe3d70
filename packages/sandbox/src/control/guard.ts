// The request guard in front of every route (threat model in the sandbox README): a browser page on another
// site must not be able to drive the sandbox, through DNS rebinding (a hostile name resolving to 127.0.0.1:
// its requests carry that name as `Host`) or through "simple" cross-origin requests (a form or a no-cors
// fetch: any `Origin`, a `text/plain` body, no preflight). Vite and webpack-dev-server close the same holes
// the same way: allowed `Host` names, same-origin control calls, JSON-only writes.
import { isIP } from 'node:net';

export interface GuardOptions {
  /** Host names accepted besides loopback names and IP literals (`--allowed-hosts`); `.example.test` also allows its subdomains. */
  allowedHosts?: readonly string[];
}

export type GuardRefusal = { status: 403 | 415; message: string };

/** The prefix of the control API's paths. */
export const CONTROL_PREFIX = '/__sandbox/';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/** The host name of a `Host` header or an origin's host (`[::1]:4022` -> `::1`), lower-cased; undefined when unparsable. */
export function hostName(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  } catch {
    return undefined;
  }
}

/** Whether a name is loopback by definition: localhost, *.localhost (RFC 6761), 127.0.0.0/8, ::1. */
export function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || (isIP(name) === 4 && name.startsWith('127.'));
}

/**
 * Whether a `Host` name may reach the sandbox: loopback names, IP literals (a rebinding attack cannot make a
 * browser send an address as `Host`), and the names the user allowed.
 */
export function hostAllowed(name: string, allowed: readonly string[] = []): boolean {
  if (isLoopbackName(name) || isIP(name) !== 0) return true;
  return allowed.some((entry) => {
    const rule = entry.toLowerCase();
    return rule.startsWith('.') ? name === rule.slice(1) || name.endsWith(rule) : name === rule;
  });
}

/**
 * Why a request is refused before routing, or undefined to let it through. `Host` is checked on every route
 * (403); on control routes also: an `Origin` other than the sandbox's own (403; preflights get no allowance),
 * and a write whose body is not `application/json` (415).
 */
export function guardRequest(
  request: { method: string; url: string; headers: Record<string, string | string[] | undefined> },
  options: GuardOptions = {},
): GuardRefusal | undefined {
  const host = single(request.headers.host);
  const name = host === undefined ? undefined : hostName(host);
  if (name === undefined || !hostAllowed(name, options.allowedHosts))
    return {
      status: 403,
      message: `Host "${host ?? ''}" is not allowed: the sandbox answers loopback names and IP addresses; allow others with --allowed-hosts`,
    };
  if (!request.url.startsWith(CONTROL_PREFIX)) return undefined;
  const origin = single(request.headers.origin);
  if (origin !== undefined && !sameOrigin(origin, host!))
    return {
      status: 403,
      message: `Cross-origin control calls are refused (Origin ${origin}): call the control API from a script or test, not a web page`,
    };
  if (request.method === 'OPTIONS') return { status: 403, message: 'The control API allows no cross-origin calls' };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const type = single(request.headers['content-type'])?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      return { status: 415, message: 'Control calls that change state take an application/json body (Content-Type: application/json)' };
  }
  return undefined;
}

/** An Origin is the sandbox's own when its host and port are the ones the request was sent to. */
function sameOrigin(origin: string, host: string): boolean {
  try {
    const parsed = new URL(origin);
    return (
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host.toLowerCase() === new URL(`http://${host}`).host.toLowerCase()
    );
  } catch {
    return false; // `null` (sandboxed frames, file: pages) and garbage are foreign
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
