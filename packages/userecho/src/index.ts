import { createVendorClient, requireCredential, type ClientOptions } from '@echo-openapi/runtime';
import type { paths } from './generated/schema.js';
import { vendor } from './generated/vendor.js';

export type { paths, components, operations } from './generated/schema.js';
// The runtime's helpers, so a user of this package needs no second import.
export { EchoApiError, EchoAuthError, EchoClientConfigError, paginate, unwrap, type EchoCallOptions } from '@echo-openapi/runtime';
export { vendor as userEchoVendor };

export interface UserEchoClientOptions extends ClientOptions {
  /** Your project's alias: the client calls https://<alias>.userecho.com/api/v2 unless `baseUrl` is given. */
  alias: string;
  /**
   * An agent's access token. Never ship it to end users' browsers or apps: it grants what your support
   * agents can do (the vendor's warning).
   */
  accessToken: string;
  /**
   * Where the token travels: the `access_token` query parameter (`query`, the vendor's documented form,
   * the default) or `Authorization: Bearer` (`header`, as the vendor's own clients send it).
   */
  tokenIn?: 'query' | 'header';
}

/** An openapi-fetch client for the UserEcho API v2 with the access token applied to every request. */
export function createUserEchoClient({ alias, accessToken, tokenIn = 'query', ...options }: UserEchoClientOptions) {
  const token = requireCredential(vendor, 'accessToken', accessToken);
  return createVendorClient<paths>(vendor, {
    ...options,
    serverVariables: { alias: requireCredential(vendor, 'alias', alias) },
    auth: tokenIn === 'header' ? { bearerAuth: token } : { accessToken: token },
  });
}

export type UserEchoClient = ReturnType<typeof createUserEchoClient>;
