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

function describeScheme(name: string, placement: CredentialPlacement | undefined): string {
  return placement ? `${name} (${placement.in} ${placement.name}${placement.prefix ? `: ${placement.prefix.trim()}` : ''})` : name;
}

/**
 * Authenticates each operation as its `security` requires: the first alternative whose schemes all have a
 * credential (the operation's own `security`, else the vendor's, also for a request outside the spec), each
 * placed where credentialPlacement says, as `params` openapi-fetch sends (so the user's
 * middleware sees an authenticated request). Credentials are fixed per client, so each operation's answer
 * is worked out once. An operation no credential satisfies fails with EchoAuthError naming what is missing,
 * before anything is sent.
 */
export function authenticator(vendor: VendorMetadata, credentials: Credentials): (operation: OperationEntry | undefined) => AuthParams {
  const placements: Record<string, CredentialPlacement | undefined> = {};
  for (const [name, scheme] of Object.entries(vendor.securitySchemes)) placements[name] = credentialPlacement(scheme);
  const known = new Map<OperationEntry | undefined, AuthParams>();
  return (operation) => {
    let params = known.get(operation);
    if (params) return params;
    const security = operation?.security ?? vendor.security;
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
