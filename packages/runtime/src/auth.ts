import type { OperationEntry } from './call.js';
import { EchoAuthError } from './errors.js';
import type { VendorMetadata } from './metadata.js';
import { credentialPlacement, type CredentialPlacement } from './placement.js';

/** Credentials keyed by security scheme name (as in the spec's components.securitySchemes). */
export type Credentials = Readonly<Record<string, string | undefined>>;

/** What authenticates one operation: headers and query parameters added to the call's `params`. */
export interface AuthParams {
  header?: Record<string, string>;
  query?: Record<string, string>;
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

function describeScheme(name: string, placement: CredentialPlacement | undefined): string {
  return placement ? `${name} (${placement.in} ${placement.name}${placement.prefix ? `: ${placement.prefix.trim()}` : ''})` : name;
}

/**
 * Authenticates each operation as its `security` requires: the first alternative whose schemes all have a
 * credential, each placed where credentialPlacement says, as `params` openapi-fetch sends (so the user's
 * middleware sees an authenticated request). Credentials are fixed per client, so each operation's answer
 * is worked out once. An operation no credential satisfies fails with EchoAuthError naming what is missing,
 * before anything is sent.
 */
export function authenticator(vendor: VendorMetadata, credentials: Credentials): (operation: OperationEntry | undefined) => AuthParams {
  const placements: Record<string, CredentialPlacement | undefined> = {};
  for (const [name, scheme] of Object.entries(vendor.securitySchemes)) placements[name] = credentialPlacement(scheme);
  const fallback = mostCommonSecurity(vendor);
  const known = new Map<OperationEntry | undefined, AuthParams>();
  return (operation) => {
    let params = known.get(operation);
    if (params) return params;
    const security = operation?.security ?? fallback;
    const requirement =
      security.length === 0 ? [] : security.find((alternative) => alternative.every((name) => credentials[name] && placements[name]));
    if (!requirement) {
      const describe = (alternative: string[]) => alternative.map((name) => describeScheme(name, placements[name])).join(' + ');
      throw new EchoAuthError(
        `${vendor.title}: ${operation?.operationId ?? 'this request'} needs ${security.map(describe).join(' or ')}, and the client has no such credential`,
        operation?.operationId,
        security,
      );
    }
    params = {};
    for (const name of requirement) {
      const placement = placements[name] as CredentialPlacement;
      const value = `${placement.prefix}${credentials[name] as string}`;
      if (placement.in === 'query') (params.query ??= {})[placement.name] = value;
      else {
        const header = (params.header ??= {});
        if (placement.in === 'header') header[placement.name] = value;
        else header.Cookie = `${header.Cookie ? `${header.Cookie}; ` : ''}${placement.name}=${encodeURIComponent(value)}`;
      }
    }
    known.set(operation, params);
    return params;
  };
}
