// @ts-check
// Where each credential goes, from the spec's security schemes: shared by the Dredd hooks (hooks.cjs) and
// the request-validation cases (request-cases.ts). CommonJS because Dredd's hooks require it.

/**
 * @typedef {{ type: string, scheme?: string, in?: string, name?: string }} SecurityScheme
 * @typedef {{ headers: Record<string, string>, query: Record<string, string> }} CredentialParams
 */

/**
 * The headers and query parameters that satisfy the first alternative of `security` for which every
 * scheme has a credential; undefined when none can be met.
 * @param {{ components?: { securitySchemes?: Record<string, unknown> } }} spec
 * @param {string[][]} security alternatives, each the scheme names that must hold together
 * @param {Record<string, string>} credentials keyed by scheme name
 * @returns {CredentialParams | undefined}
 */
function credentialParams(spec, security, credentials) {
  const alternative = security.find((schemes) => schemes.every((name) => credentials[name]));
  if (!alternative) return undefined;
  /** @type {CredentialParams} */
  const params = { headers: {}, query: {} };
  for (const name of alternative) {
    const scheme = /** @type {SecurityScheme} */ (spec.components?.securitySchemes?.[name]);
    const value = /** @type {string} */ (credentials[name]);
    if (scheme.type === 'http') params.headers.Authorization = `${scheme.scheme === 'basic' ? 'Basic' : 'Bearer'} ${value}`;
    else if (scheme.in === 'header' && scheme.name) params.headers[scheme.name] = value;
    else if (scheme.in === 'query' && scheme.name) params.query[scheme.name] = value;
  }
  return params;
}

module.exports = { credentialParams };
