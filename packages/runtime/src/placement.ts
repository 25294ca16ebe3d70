/**
 * Where a security scheme's credential travels: the one answer for the client's auth middleware, the sandbox,
 * the contract tests and the docs' samples (they all import it from here, through @echo-openapi/api-model).
 */
export interface CredentialPlacement {
  in: 'header' | 'query' | 'cookie';
  /** Header, query-parameter or cookie name. */
  name: string;
  /** What precedes the value: `Bearer ` or `Basic ` for HTTP auth, nothing for API keys. */
  prefix: string;
}

/** The shape of an OpenAPI security scheme this function reads. */
export interface SchemeLike {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
}

/** The placement of a scheme's credential; undefined for a scheme a client cannot send (oauth2, mutualTLS). */
export function credentialPlacement(scheme: SchemeLike | undefined): CredentialPlacement | undefined {
  if (!scheme) return undefined;
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
