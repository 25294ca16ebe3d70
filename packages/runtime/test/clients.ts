import { createVendorClient, type VendorClientOptions } from '../src/index.js';
import { echoComm, echoCue, echowin, SECRETS, userEcho, type TestPaths } from './fixtures.js';
import { fakeClock, noJitter, type FakeClock } from './helpers.js';

type Extra = Partial<Omit<VendorClientOptions, 'auth'>>;

/** Test clients: a fake clock and no jitter unless a test says otherwise, pointed at the test server. */
function make(vendor: typeof echoCue, auth: VendorClientOptions['auth'], baseUrl: string, extra: Extra) {
  const clock: FakeClock = (extra.clock as FakeClock | undefined) ?? fakeClock();
  const client = createVendorClient<TestPaths>(vendor, {
    baseUrl,
    auth,
    clock,
    ...extra,
    retry: extra.retry === false ? false : { random: noJitter, baseDelayMs: 100, ...(extra.retry ?? {}) },
  });
  return Object.assign(client, { clock });
}

export const cueClient = (baseUrl: string, extra: Extra = {}) =>
  make(echoCue, { bearerAuth: SECRETS.echoCueKey, apiSecret: SECRETS.echoCueSecret }, baseUrl, extra);
export const winClient = (baseUrl: string, extra: Extra = {}) => make(echowin, { apiKey: SECRETS.echowinKey, agencyKey: SECRETS.echowinAgency }, baseUrl, extra);
export const commClient = (baseUrl: string, extra: Extra = {}) => make(echoComm, { bearerAuth: SECRETS.echoCommKey }, baseUrl, extra);
export const userEchoClient = (baseUrl: string, extra: Extra = {}) => make(userEcho, { accessToken: SECRETS.userEchoToken }, baseUrl, extra);
