import { bundleSpec, startPrism, type RunningPrism, type Vendor } from '@echo-openapi/tooling-core';
import { startPrismOnFreePort } from './mocks.js';

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

/** Query parameters that carry credentials, from the spec's apiKey schemes `in: query`. */
function credentialQueryNames(document: { components?: Record<string, Record<string, unknown>> }): string[] {
  const schemes = Object.values(document.components?.securitySchemes ?? {}) as { type?: string; in?: string; name?: string }[];
  return schemes.flatMap((s) => (s.type === 'apiKey' && s.in === 'query' && s.name ? [s.name] : []));
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
  const prismOptions = { spec: bundle.path, mode: 'proxy' as const, upstream: options.target, errors };
  const prism = options.port === undefined ? await startPrismOnFreePort(prismOptions) : await startPrism({ ...prismOptions, port: options.port });
  const names = credentialQueryNames(bundle.document);
  const secrets = Object.values(vendor.credentials).flatMap(({ env }) => (process.env[env] ? [process.env[env]!] : []));
  return { ...prism, vendor, target: options.target, errors, log: () => redact(prism.output(), names, secrets) };
}
