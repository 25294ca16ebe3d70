import createClient, { type Client, type ClientOptions as FetchClientOptions } from 'openapi-fetch';
import { authMiddleware, type Credentials } from './auth.js';
import { EchoClientConfigError } from './errors.js';
import type { VendorMetadata } from './metadata.js';

/** Options every vendor client accepts besides its credentials. */
export interface ClientOptions {
  /** Overrides the spec's server URL (a mock server, a proxy, a staging host). */
  baseUrl?: string;
  /** A fetch implementation (defaults to the global fetch). */
  fetch?: FetchClientOptions['fetch'];
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export interface VendorClientOptions extends ClientOptions {
  /** Credentials keyed by security scheme name. */
  auth: Credentials;
  /** Values for the server URL's `{variables}` (UserEcho's `alias`). */
  serverVariables?: Readonly<Record<string, string | undefined>>;
}

/** The server URL with its variables filled; a missing or malformed value is a config error. */
export function resolveBaseUrl(vendor: VendorMetadata, options: Pick<VendorClientOptions, 'baseUrl' | 'serverVariables'>): string {
  if (options.baseUrl !== undefined) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw new EchoClientConfigError(`${vendor.title}: baseUrl must be an absolute URL, got "${options.baseUrl}"`);
    }
    return options.baseUrl.replace(/\/+$/, '');
  }
  return vendor.serverUrl.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = vendor.serverVariables[name];
    const value = options.serverVariables?.[name] ?? variable?.default;
    if (!value) throw new EchoClientConfigError(`${vendor.title}: the server URL needs "${name}"`);
    if (!/^[A-Za-z0-9-]+$/.test(value)) throw new EchoClientConfigError(`${vendor.title}: "${name}" may hold only letters, digits and dashes`);
    if (variable?.enum && !variable.enum.includes(value)) {
      throw new EchoClientConfigError(`${vendor.title}: "${name}" must be one of ${variable.enum.join(', ')}`);
    }
    return value;
  });
}

/** Rejects credentials that are not non-empty strings, naming the option (never the value). */
export function requireCredential(vendor: VendorMetadata, option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new EchoClientConfigError(`${vendor.title}: "${option}" is required and must be a non-empty string`);
  }
  return value;
}

/** An openapi-fetch client for one vendor, with the vendor's authentication applied to every call. */
export function createVendorClient<Paths extends {}>(vendor: VendorMetadata, options: VendorClientOptions): Client<Paths> {
  const client = createClient<Paths>({
    baseUrl: resolveBaseUrl(vendor, options),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  client.use(authMiddleware(vendor, options.auth));
  return client;
}
