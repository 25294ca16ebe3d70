import { createVendorClient, requireCredential, type ClientOptions } from '@echo-openapi/runtime';
import type { paths } from './generated/schema.js';
import { vendor } from './generated/vendor.js';

export type { paths, components, operations } from './generated/schema.js';
// The runtime's helpers, so a user of this package needs no second import.
export { EchoApiError, EchoAuthError, EchoClientConfigError, paginate, unwrap, type EchoCallOptions } from '@echo-openapi/runtime';
export { vendor as echoCueVendor };

export interface EchoCueClientOptions extends ClientOptions {
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Sent as `X-API-SECRET`; EchoCue needs it together with the key on every call. */
  apiSecret: string;
}

/** An openapi-fetch client for the EchoCue API with both credentials applied to every request. */
export function createEchoCueClient({ apiKey, apiSecret, ...options }: EchoCueClientOptions) {
  return createVendorClient<paths>(vendor, {
    ...options,
    auth: { bearerAuth: requireCredential(vendor, 'apiKey', apiKey), apiSecret: requireCredential(vendor, 'apiSecret', apiSecret) },
  });
}

export type EchoCueClient = ReturnType<typeof createEchoCueClient>;
