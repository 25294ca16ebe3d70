import type { Middleware } from 'openapi-fetch';
import { callOf, carryCall } from './call.js';
import { EchoAuthError } from './errors.js';
import type { VendorMetadata } from './metadata.js';
import { credentialPlacement, type CredentialPlacement } from './placement.js';

/** Credentials keyed by security scheme name (as in the spec's components.securitySchemes). */
export type Credentials = Readonly<Record<string, string | undefined>>;

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

function describeScheme(name: string, placement: CredentialPlacement | undefined): string {
  return placement ? `${name} (${placement.in} ${placement.name}${placement.prefix ? `: ${placement.prefix.trim()}` : ''})` : name;
}

/**
 * openapi-fetch middleware that authenticates each request as its operation's `security` requires: the first
 * alternative whose schemes all have a credential, each placed where credentialPlacement says. An operation
 * no credential satisfies fails with EchoAuthError naming what is missing, before anything is sent.
 */
export function authMiddleware(vendor: VendorMetadata, credentials: Credentials): Middleware {
  const placements: Record<string, CredentialPlacement | undefined> = {};
  for (const [name, scheme] of Object.entries(vendor.securitySchemes)) placements[name] = credentialPlacement(scheme);
  const fallback = mostCommonSecurity(vendor);
  return {
    onRequest({ request }) {
      const operation = callOf(request)?.operation;
      const security = operation?.security ?? fallback;
      if (security.length === 0) return undefined;
      const requirement = security.find((alternative) => alternative.every((name) => credentials[name] && placements[name]));
      if (!requirement) {
        const describe = (alternative: string[]) => alternative.map((name) => describeScheme(name, placements[name])).join(' + ');
        throw new EchoAuthError(
          `${vendor.title}: ${operation?.operationId ?? 'this request'} needs ${security.map(describe).join(' or ')}, and the client has no such credential`,
          operation?.operationId,
          security,
        );
      }
      let url: URL | undefined;
      for (const name of requirement) {
        const placement = placements[name] as CredentialPlacement;
        const value = `${placement.prefix}${credentials[name] as string}`;
        if (placement.in === 'header') request.headers.set(placement.name, value);
        else if (placement.in === 'cookie') request.headers.append('Cookie', `${placement.name}=${encodeURIComponent(value)}`);
        else (url ??= new URL(request.url)).searchParams.set(placement.name, value);
      }
      // A query credential changes the URL, and a Request's URL is fixed: send a copy (body and signal kept).
      return url ? carryCall(request, new Request(url, request)) : undefined;
    },
  };
}
