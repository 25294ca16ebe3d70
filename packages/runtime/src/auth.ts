import type { Middleware } from 'openapi-fetch';
import { EchoAuthError } from './errors.js';
import type { SecurityScheme, VendorMetadata } from './metadata.js';
import { findOperation } from './operations.js';
import { credentialPlacement } from './placement.js';

/** Credentials keyed by security scheme name (as in the spec's components.securitySchemes). */
export type Credentials = Readonly<Record<string, string | undefined>>;

/** Puts one credential where its scheme says: an Authorization header, a named header, or a query parameter. */
export function applyScheme(request: Request, scheme: SecurityScheme, value: string): Request {
  const placement = credentialPlacement(scheme);
  if (!placement) return request;
  if (placement.in === 'header') {
    request.headers.set(placement.name, `${placement.prefix}${value}`);
    return request;
  }
  if (placement.in === 'query') {
    const url = new URL(request.url);
    url.searchParams.set(placement.name, value);
    return new Request(url, request);
  }
  request.headers.append('Cookie', `${placement.name}=${encodeURIComponent(value)}`);
  return request;
}

/**
 * The security requirement to satisfy for an operation: the first alternative whose schemes all have a
 * credential. Throws EchoAuthError naming what is missing when none does.
 */
export function chooseRequirement(vendor: VendorMetadata, operationId: string | undefined, security: string[][], credentials: Credentials): string[] {
  if (security.length === 0) return [];
  const satisfied = security.find((alternative) => alternative.every((scheme) => credentials[scheme]));
  if (satisfied) return satisfied;
  const describe = (alternative: string[]) => alternative.map((name) => describeScheme(name, vendor.securitySchemes[name])).join(' + ');
  throw new EchoAuthError(
    `${vendor.title}: ${operationId ?? 'this request'} needs ${security.map(describe).join(' or ')}, and the client has no such credential`,
    operationId,
    security,
  );
}

function describeScheme(name: string, scheme: SecurityScheme | undefined): string {
  if (!scheme) return name;
  if (scheme.type === 'http') return `${name} (Authorization: ${scheme.scheme === 'bearer' ? 'Bearer' : 'Basic'})`;
  return `${name} (${scheme.in} ${scheme.name})`;
}

/** openapi-fetch middleware that authenticates every request as its operation's `security` requires. */
export function authMiddleware(vendor: VendorMetadata, credentials: Credentials): Middleware {
  const defaultSecurity = mostCommonSecurity(vendor);
  return {
    onRequest({ request, schemaPath }) {
      const operation = findOperation(vendor, request.method, schemaPath);
      const requirement = chooseRequirement(vendor, operation?.operationId, operation?.security ?? defaultSecurity, credentials);
      let authenticated = request;
      for (const name of requirement) {
        const scheme = vendor.securitySchemes[name];
        const value = credentials[name];
        if (scheme && value) authenticated = applyScheme(authenticated, scheme, value);
      }
      return authenticated;
    },
  };
}

/** For a request whose operation is unknown (a path outside the spec): the security most operations use. */
function mostCommonSecurity(vendor: VendorMetadata): string[][] {
  const counts = new Map<string, { security: string[][]; count: number }>();
  for (const operation of Object.values(vendor.operations)) {
    const key = JSON.stringify(operation.security);
    const entry = counts.get(key) ?? { security: operation.security, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0]?.security ?? [];
}
