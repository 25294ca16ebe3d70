import { createVendorClient, rateLimit, type RateLimiter, requestLog, type ClientOptions, type Logger, type RateLimitPolicy } from '../src/index.js';
import { echoComm, echoCue, echowin, SECRETS, userEcho, type TestPaginated, type TestPaths } from './fixtures.js';
import { fakeClock, noJitter, type FakeClock } from './helpers.js';

/** Test options: the client's own, plus shorthands for the two opt-in plugins. */
type Extra = Partial<ClientOptions> & {
  logger?: Logger;
  rateLimit?: true | { policies: RateLimitPolicy[] } | RateLimiter;
  tokenIn?: 'query' | 'header';
};

/** Test clients: a fake clock and no jitter unless a test says otherwise, pointed at the test server. */
function make(vendor: typeof echoCue, credentials: Record<string, string>, baseUrl: string, extra: Extra) {
  const clock: FakeClock = (extra.clock as FakeClock | undefined) ?? fakeClock();
  const { logger, rateLimit: limits, ...options } = extra;
  const plugins = [
    ...(limits ? [rateLimit(limits === true ? undefined : limits)] : []),
    ...(logger ? [requestLog(logger)] : []),
    ...(extra.plugins ?? []),
  ];
  const client = createVendorClient<TestPaths, TestPaginated>(vendor, {
    baseUrl,
    ...credentials,
    clock,
    ...options,
    plugins,
    retry: extra.retry === false ? false : { random: noJitter, baseDelayMs: 100, ...(extra.retry ?? {}) },
  });
  return Object.assign(client, { clock });
}

export const cueClient = (baseUrl: string, extra: Extra = {}) =>
  make(echoCue, { apiKey: SECRETS.echoCueKey, apiSecret: SECRETS.echoCueSecret }, baseUrl, extra);
export const winClient = (baseUrl: string, extra: Extra = {}) =>
  make(echowin, { apiKey: SECRETS.echowinKey, agencyKey: SECRETS.echowinAgency }, baseUrl, extra);
export const commClient = (baseUrl: string, extra: Extra = {}) => make(echoComm, { apiKey: SECRETS.echoCommKey }, baseUrl, extra);
export const userEchoClient = (baseUrl: string, extra: Extra = {}) =>
  make(userEcho, { accessToken: SECRETS.userEchoToken, alias: 'demo' }, baseUrl, extra);
