/** A security scheme as the spec declares it (components.securitySchemes entry). */
export interface SecuritySchemeLike {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
}

/** Where a scheme's credential travels: a header, query parameter or cookie, and what precedes the value. */
export interface CredentialPlacement {
  in: 'header' | 'query' | 'cookie';
  name: string;
  /** `Bearer ` / `Basic ` for HTTP auth, '' otherwise. */
  prefix: string;
}

/**
 * The one answer to "where does this scheme's credential go" (the client, the contract hooks, the proxy's
 * redaction and the docs' samples all ask it); undefined for a scheme that cannot be sent as a plain value.
 */
export function credentialPlacement(scheme: SecuritySchemeLike): CredentialPlacement | undefined {
  if (scheme.type === 'http') {
    const kind = scheme.scheme?.toLowerCase();
    if (kind === 'bearer') return { in: 'header', name: 'Authorization', prefix: 'Bearer ' };
    if (kind === 'basic') return { in: 'header', name: 'Authorization', prefix: 'Basic ' };
    return undefined;
  }
  if (scheme.type === 'apiKey' && scheme.name && (scheme.in === 'header' || scheme.in === 'query' || scheme.in === 'cookie')) {
    return { in: scheme.in, name: scheme.name, prefix: '' };
  }
  return undefined;
}
