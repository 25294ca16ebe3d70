import { createVendorClient, requireCredential, type ClientOptions } from '@echo-openapi/runtime';
import type { paths } from './generated/schema.js';
import { vendor } from './generated/vendor.js';

export type { paths, components, operations } from './generated/schema.js';
// The runtime's helpers, so a user of this package needs no second import.
export { EchoApiError, EchoAuthError, EchoClientConfigError, paginate, unwrap, type EchoCallOptions } from '@echo-openapi/runtime';
export { vendor as echowinVendor };

export interface EchowinClientOptions extends ClientOptions {
  /** Sent as `X-API-Key` on every Contacts API call. */
  apiKey: string;
  /** Sent as `X-AGENCY-KEY`, only on Agency API calls (`POST /agency/subteams`); those fail with EchoAuthError without it. */
  agencyKey?: string;
}

/** An openapi-fetch client for the echowin API; each call carries the key its operation requires. */
export function createEchowinClient({ apiKey, agencyKey, ...options }: EchowinClientOptions) {
  return createVendorClient<paths>(vendor, {
    ...options,
    auth: {
      apiKey: requireCredential(vendor, 'apiKey', apiKey),
      agencyKey: agencyKey === undefined ? undefined : requireCredential(vendor, 'agencyKey', agencyKey),
    },
  });
}

export type EchowinClient = ReturnType<typeof createEchowinClient>;
