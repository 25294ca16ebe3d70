import { credentialPlacement, HTTP_METHODS } from '@echo-openapi/api-model';
import { busyPortLine, loadApiModel, startPrism, type RunningPrism, type Vendor } from '@echo-openapi/tooling-core';
import type { OpenAPI3 } from 'openapi-typescript';
import { PortBusyError } from './front.js';
import { type RunningMock, startFronted } from './mocks.js';

export interface ProxyOptions {
  /** The real API's base URL, base path included (what the vendor's `<VENDOR>_BASE_URL` holds). */
  target: string;
  /** A free port when omitted. */
  port?: number;
  /**
   * `true` (the default): a request or response that breaks the spec is answered with Prism's error
   * (422 for a request, not forwarded; 500 for a response), `validation` in the body and `sl-violations`
   * header naming each broken field; a malformed JSON body gets a 400 in the vendor's envelope. Credentials
   * are left to the API (see proxySpec). `false`: traffic passes unchanged and violations are only logged.
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
 * The spec as the proxy's Prism reads it: without security requirements. Credentials are the API's to
 * judge: Prism would answer a request without them with its own 401 (problem+json, not the vendor's
 * envelope) instead of forwarding it; without the requirements it forwards them unchanged and validates
 * the API's own 401 against the spec like any other response.
 */
export function proxySpec(spec: OpenAPI3): OpenAPI3 {
  const { security: _root, ...rest } = spec;
  const paths = Object.fromEntries(
    Object.entries(spec.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item as Record<string, unknown>).map(([key, value]) => {
          if (!(HTTP_METHODS as readonly string[]).includes(key) || typeof value !== 'object' || value === null) return [key, value];
          const { security: _op, ...operation } = value as Record<string, unknown>;
          return [key, operation];
        }),
      ),
    ]),
  );
  return { ...rest, paths } as OpenAPI3;
}

/**
 * Prism's validating proxy in front of `target` for one vendor's spec, behind our front (front.ts): every
 * request and response that passes through is checked against the spec.
 */
export async function startProxy(vendor: Vendor, options: ProxyOptions): Promise<RunningProxy> {
  const model = await loadApiModel(vendor);
  const errors = options.errors ?? true;
  const port = options.port ?? 0;
  let running: RunningMock;
  try {
    running = await startFronted(
      model,
      port,
      (spec) => startPrism({ spec, mode: 'proxy', upstream: options.target, errors }),
      proxySpec(model.document),
    );
  } catch (error) {
    if (error instanceof PortBusyError)
      throw new Error(`${busyPortLine({ port, what: `${vendor.title} proxy` })}. Pick another with --port <n>, or leave --port out for a free one.`);
    throw error;
  }
  // The query parameters that carry credentials, to redact them from logged URLs.
  const names = Object.values(model.securitySchemes).flatMap((scheme) => {
    const placement = credentialPlacement(scheme);
    return placement?.in === 'query' ? [placement.name] : [];
  });
  const secrets = Object.values(vendor.credentials).flatMap(({ env }) => (process.env[env] ? [process.env[env]!] : []));
  const { vendor: _vendor, spec: _spec, ...prism } = running;
  return { ...prism, vendor, target: options.target, errors, log: () => redact(running.output(), names, secrets) };
}
