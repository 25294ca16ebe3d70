// @ts-check
// Where each credential goes, from the spec's security schemes: the one answer for the Dredd hooks, the
// request-validation cases, the proxy's log redaction and the docs' samples. CommonJS because Dredd's hooks
// `require` it.

// The types are in security.d.cts (what TypeScript importers see); the JSDoc below refers to them.

/**
 * The header or query parameter a scheme's credential travels in, and what precedes the value
 * (`Bearer ` for HTTP bearer auth); undefined for a scheme the spec does not define or we cannot send.
 * @param {import('./security.d.cts').SpecWithSchemes} spec
 * @param {string} name the scheme's name in components.securitySchemes
 * @returns {import('./security.d.cts').Placement | undefined}
 */
function credentialPlacement(spec, name) {
  const scheme = /** @type {import('./security.d.cts').SecurityScheme | undefined} */ (spec.components?.securitySchemes?.[name]);
  if (!scheme) return undefined;
  if (scheme.type === 'http') return { in: 'header', name: 'Authorization', prefix: scheme.scheme?.toLowerCase() === 'basic' ? 'Basic ' : 'Bearer ' };
  if (scheme.type === 'apiKey' && (scheme.in === 'header' || scheme.in === 'query') && scheme.name)
    return { in: scheme.in, name: scheme.name, prefix: '' };
  return undefined;
}

/**
 * The headers and query parameters that satisfy the first alternative of `security` for which every
 * scheme has a credential; undefined when none can be met.
 * @param {import('./security.d.cts').SpecWithSchemes} spec
 * @param {string[][]} security alternatives, each the scheme names that must hold together
 * @param {Record<string, string>} credentials keyed by scheme name
 * @returns {import('./security.d.cts').CredentialParams | undefined}
 */
function credentialParams(spec, security, credentials) {
  const alternative = security.find((schemes) => schemes.every((name) => credentials[name]));
  if (!alternative) return undefined;
  /** @type {import('./security.d.cts').CredentialParams} */
  const params = { headers: {}, query: {} };
  for (const name of alternative) {
    const placement = credentialPlacement(spec, name);
    if (!placement) continue;
    (placement.in === 'header' ? params.headers : params.query)[placement.name] = `${placement.prefix}${credentials[name]}`;
  }
  return params;
}

/**
 * The query parameters that carry credentials (to redact them from logged URLs).
 * @param {import('./security.d.cts').SpecWithSchemes} spec
 * @returns {string[]}
 */
function credentialQueryNames(spec) {
  return Object.keys(spec.components?.securitySchemes ?? {}).flatMap((name) => {
    const placement = credentialPlacement(spec, name);
    return placement?.in === 'query' ? [placement.name] : [];
  });
}

module.exports = { credentialParams, credentialPlacement, credentialQueryNames };

// What TypeScript importers see (security.d.cts) must be what is here: core's typecheck fails otherwise.
/** @type {typeof import('./security.d.cts')} */
const declared = module.exports;
void declared;
