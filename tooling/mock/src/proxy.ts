import { bundleSpec, credentialQueryNames, startPrism, type RunningPrism, type Vendor } from '@echo-openapi/tooling-core';

export interface ProxyOptions {
  /** The real API's base URL, base path included (what the vendor's `<VENDOR>_BASE_URL` holds). */
  target: string;
  /** A free port when omitted. */
  port?: number;
  /**
   * `true` (the default): a request or response that breaks the spec is answered with Prism's error
   * (422 for a request, not forwarded; 500 for a response), `validation` in the body and `sl-violations`
   * header naming each broken field. `false`: traffic passes unchanged and violations are only logged.
   */
  errors?: boolean;
}

export interface RunningProxy extends RunningPrism {
  vendor: Vendor;
  target: string;
  errors: boolean;
  /** Prism's log with credentials redacted: safe to print. */
  log(): string;
}

/**
 * Hides credentials in a log: the values of the credential query parameters (Prism logs the forwarded URL
 * with its query) and any literal secret value given.
 */
export function redact(text: string, queryNames: readonly string[], secrets: readonly string[] = []): string {
  let out = text;
  for (const name of queryNames) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Up to the next parameter, quote or space; the `...` Prism appends to a URL is not part of the value.
    out = out.replace(new RegExp(`([?&]${escaped}=)[^&\\s"']*?(?=\\.\\.\\.(?:\\s|$)|[&\\s"']|$)`, 'gm'), '$1[redacted]');
  }
  for (const secret of secrets.filter((s) => s.length >= 4)) out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * Prism's validating proxy in front of `target` for one vendor's spec: every request and response that
 * passes through is checked against the spec.
 */
export async function startProxy(vendor: Vendor, options: ProxyOptions): Promise<RunningProxy> {
  const bundle = await bundleSpec(vendor);
  const errors = options.errors ?? true;
  const prism = await startPrism({ spec: bundle.path, mode: 'proxy', upstream: options.target, errors, ...(options.port === undefined ? {} : { port: options.port }) });
  const names = credentialQueryNames(bundle.document);
  const secrets = Object.values(vendor.credentials).flatMap(({ env }) => (process.env[env] ? [process.env[env]!] : []));
  return { ...prism, vendor, target: options.target, errors, log: () => redact(prism.output(), names, secrets) };
}
