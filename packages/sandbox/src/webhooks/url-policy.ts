// Where the sandbox may send a request (webhook deliveries, `POST /__sandbox/events` with `to`): http and
// https only; loopback always; any other destination only when the user allowed it (`--allow-webhook-hosts`).
// The check is made twice: on the URL (scheme, literal addresses), and on every address its name resolves
// to, inside the connection's own lookup, so a name cannot pass the first check and then connect to a
// metadata or private address (DNS rebinding).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { VendorSandbox } from '../engine.js';
import { isLoopbackName } from '../control/guard.js';

export interface OutboundPolicy {
  /**
   * Destinations allowed besides loopback: host names or IP addresses as written in the URL. `*` allows any
   * public address; private, link-local (cloud metadata), shared and multicast addresses only when listed.
   */
  allowedHosts: readonly string[];
  /** Name resolution (tests replace it: no test resolves a real name). */
  lookup?: (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;
}

const policies = new WeakMap<VendorSandbox, OutboundPolicy>();

export function setOutboundPolicy(sandbox: VendorSandbox, policy: OutboundPolicy): void {
  policies.set(sandbox, policy);
}

/** The sandbox's policy; loopback only when none was set. */
export function outboundPolicy(sandbox: VendorSandbox): OutboundPolicy {
  return policies.get(sandbox) ?? { allowedHosts: [] };
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Addresses that are never "any public address": private, link-local (169.254.169.254), CGNAT, unspecified, multicast, reserved. */
const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  internal.addSubnet(net, prefix, 'ipv6');

/** An IPv4-mapped IPv6 address (::ffff:169.254.169.254) is judged as the IPv4 address it carries. */
function plain(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

function isLoopbackAddress(address: string): boolean {
  const { address: a, family } = plain(address);
  return loopback.check(a, family);
}

const listed = (name: string, policy: OutboundPolicy) => policy.allowedHosts.some((entry) => entry.toLowerCase() === name);

/** Whether `hostname` (as in the URL) may connect to `address`. */
export function addressAllowed(hostname: string, address: string, policy: OutboundPolicy): boolean {
  if (isLoopbackAddress(address)) return true;
  const name = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (listed(name, policy) || listed(plain(address).address, policy)) return true;
  if (!policy.allowedHosts.includes('*')) return false;
  const { address: a, family } = plain(address);
  return !internal.check(a, family);
}

const NOT_ALLOWED = 'Only loopback destinations are allowed by default; allow others with --allow-webhook-hosts';

/** Why a URL may not be sent to, judged on the URL alone (scheme, literal address, names); undefined if it may. */
export function urlProblem(url: string, policy: OutboundPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `the URL scheme ${parsed.protocol} is not allowed (http and https only)`;
  const name = parsed.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (isIP(name) !== 0) return addressAllowed(name, name, policy) ? undefined : `the address ${name} is not allowed. ${NOT_ALLOWED}`;
  if (isLoopbackName(name) || listed(name, policy) || policy.allowedHosts.includes('*')) return undefined;
  return `the host ${name} is not allowed. ${NOT_ALLOWED}`;
}

/** Why a URL may not be sent to, also judging every address its name resolves to now. */
export async function destinationProblem(url: string, policy: OutboundPolicy): Promise<string | undefined> {
  const problem = urlProblem(url, policy);
  if (problem) return problem;
  const name = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(name) !== 0) return undefined;
  return new Promise((resolve) => {
    resolveAll(policy, name, (error, addresses) => {
      if (error) return resolve(`the host ${name} does not resolve`);
      const refused = addresses.find((entry) => !addressAllowed(name, entry.address, policy));
      resolve(refused ? `the host ${name} resolves to ${refused.address}, which is not allowed. ${NOT_ALLOWED}` : undefined);
    });
  });
}

function resolveAll(policy: OutboundPolicy, hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void): void {
  if (policy.lookup) policy.lookup(hostname, callback);
  else dnsLookup(hostname, { all: true }, (error, addresses) => callback(error, addresses ?? []));
}

/** The error a refused destination fails a connection with (described as `destination not allowed`). */
export class DestinationRefused extends Error {
  readonly code = 'EDESTINATIONREFUSED';
}

/** A `lookup` for http.request that refuses a name resolving to any address the policy does not allow. */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(policy, hostname, (error, addresses) => {
      if (error) return callback(error as NodeJS.ErrnoException, '', 0);
      const family = typeof options === 'object' ? options.family : undefined;
      const candidates = addresses.filter((entry) => !family || family === 0 || entry.family === family);
      const refused = candidates.find((entry) => !addressAllowed(hostname, entry.address, policy));
      if (refused || candidates.length === 0)
        return callback(new DestinationRefused(`${hostname} resolves to ${refused?.address ?? 'nothing usable'}`) as NodeJS.ErrnoException, '', 0);
      if (typeof options === 'object' && options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, candidates);
      callback(null, candidates[0]!.address, candidates[0]!.family);
    });
  };
}
