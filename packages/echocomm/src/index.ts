import { createVendorClient, requireCredential, type ClientOptions } from '@echo-openapi/runtime';
import type { paths } from './generated/schema.js';
import { vendor } from './generated/vendor.js';

export type { paths, components, operations } from './generated/schema.js';
// The runtime's helpers, so a user of this package needs no second import.
export { EchoApiError, EchoAuthError, EchoClientConfigError, paginate, unwrap, type EchoCallOptions } from '@echo-openapi/runtime';
export { vendor as echoCommVendor };

export interface EchoCommClientOptions extends ClientOptions {
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
}

/** An openapi-fetch client for the EchoComm API with the API key applied to every request. */
export function createEchoCommClient({ apiKey, ...options }: EchoCommClientOptions) {
  return createVendorClient<paths>(vendor, { ...options, auth: { bearerAuth: requireCredential(vendor, 'apiKey', apiKey) } });
}

export type EchoCommClient = ReturnType<typeof createEchoCommClient>;
export * from './webhooks.js';
