// Who is calling the control API. A tenant (the vendor credentials it uses on the vendor API, sent the same
// way) acts on its own data only; the admin (the sandbox's admin token) acts on everything. Anything that
// crosses tenants or moves shared state (resetting all, the virtual clock, another tenant's log,
// deliveries or events) is the admin's alone.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Reply, SandboxRequest, VendorSandbox } from '../engine.js';

/** The header that carries the admin token (a header of its own: vendors already use `Authorization`). */
export const ADMIN_TOKEN_HEADER = 'X-Sandbox-Admin-Token';
/** The environment variable the CLI reads the admin token from. */
export const ADMIN_TOKEN_ENV = 'ECHO_SANDBOX_ADMIN_TOKEN';

export type Caller = { role: 'admin' } | { role: 'tenant'; tenant: string };

export interface AccessPolicy {
  adminToken: string;
  /** Exposed beyond loopback (`--expose`): the admin token is then required for every control call. */
  adminOnly: boolean;
}

/** A fresh admin token: 24 random bytes, URL-safe. */
export function newAdminToken(): string {
  return `sbx_${randomBytes(24).toString('base64url')}`;
}

/** A token a user may choose: long enough not to be guessed, printable, no spaces. */
export function adminTokenProblem(token: string): string | undefined {
  if (token.length < 16 || token.length > 256 || !/^[\x21-\x7e]+$/.test(token))
    return 'the admin token must be 16 to 256 printable characters without spaces';
  return undefined;
}

/** Constant-time comparison of the digests: the time taken tells neither a matching prefix nor the token's length. */
export function tokenMatches(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const refuse = (status: 401 | 403, message: string): Reply => ({ status, body: { error: message } });

/**
 * The caller of a control request, or the 401 to answer. A wrong admin token is 401 even when vendor
 * credentials are present too (a mistake should not silently downgrade the caller to a tenant).
 */
export function callerOf(sandbox: VendorSandbox, request: Pick<SandboxRequest, 'headers' | 'query'>, policy: AccessPolicy): Caller | Reply {
  const token = request.headers[ADMIN_TOKEN_HEADER.toLowerCase()];
  if (token !== undefined) {
    if (typeof token === 'string' && tokenMatches(token, policy.adminToken)) return { role: 'admin' };
    return refuse(401, `Wrong ${ADMIN_TOKEN_HEADER}: use the admin token the sandbox printed at start (or set with --admin-token)`);
  }
  if (policy.adminOnly) return refuse(401, `This sandbox is exposed beyond loopback: every control call needs the ${ADMIN_TOKEN_HEADER} header`);
  const tenant = tenantOfRequest(sandbox, request);
  if (tenant === undefined)
    return refuse(
      401,
      `Send the tenant's credentials as on the ${sandbox.vendor.title} API (acts on that tenant only), or the ${ADMIN_TOKEN_HEADER} header (acts on every tenant)`,
    );
  return { role: 'tenant', tenant };
}

/** 403 unless the caller is the admin: for what acts beyond one tenant. */
export function adminOnly(caller: Caller, what: string): Reply | undefined {
  return caller.role === 'admin'
    ? undefined
    : refuse(403, `${what} needs the admin token (${ADMIN_TOKEN_HEADER}); a tenant's credentials act on that tenant only`);
}

/**
 * The tenant a request's vendor credentials name, derived exactly as the vendor API derives it: the first
 * security requirement of the vendor's operations that the request satisfies.
 */
function tenantOfRequest(sandbox: VendorSandbox, request: Pick<SandboxRequest, 'headers' | 'query'>): string | undefined {
  const full: SandboxRequest = { method: 'GET', path: '/', rawBody: '', ...request };
  for (const op of requirementOperations(sandbox)) {
    // The engine's own derivation: one definition of a tenant.
    const tenant = sandbox.tenantOf(op, full);
    if (tenant !== undefined) return tenant;
  }
  return undefined;
}

const representatives = new WeakMap<VendorSandbox, VendorSandbox['model']['operations']>();

/** One operation per distinct security requirement of the vendor (echowin: the API key, and the agency key). */
function requirementOperations(sandbox: VendorSandbox): VendorSandbox['model']['operations'] {
  let ops = representatives.get(sandbox);
  if (!ops) {
    const seen = new Set<string>();
    ops = sandbox.model.operations.filter((op) => {
      const key = JSON.stringify(op.security);
      if (op.security.length === 0 || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    representatives.set(sandbox, ops);
  }
  return ops;
}
