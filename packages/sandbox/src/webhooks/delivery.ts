// Webhook delivery: POSTs an event to the one URL its tenant configured (or the one the user named when
// triggering it), retries failures on the virtual clock and records every attempt. Bounded everywhere: a
// few deliveries in flight per tenant (so one tenant's hanging receiver never delays another's) and a cap
// per server, a timeout per attempt, a capped number of retries with exponential backoff and jitter, a
// capped response excerpt, no redirects followed (a redirect would reach an address nobody configured), and
// only destinations the outbound policy allows (url-policy.ts).
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { VendorSandbox } from '../engine.js';
import { DestinationRefused, guardedLookup, type OutboundPolicy, outboundPolicy, urlProblem } from './url-policy.js';

/** Where and how to deliver, as configured (a snapshot is kept per delivery, so a retry goes where the first attempt went). */
export interface WebhookTarget {
  url: string;
  method: string;
  /** The configured custom headers (e.g. the shared secret): sent, stored with the delivery, never listed. */
  headers: Record<string, string>;
  maxRetries: number;
  backoffSeconds: number;
}

export interface DeliveryAttempt {
  attempt: number;
  /** Virtual time of the attempt. */
  at: string;
  /** The receiver's HTTP status; absent when there was no answer. */
  status?: number;
  /** Why there was no usable answer: `timeout`, `refused`, `redirect not followed`, `destination not allowed: ...` */
  error?: string;
  durationMs: number;
  /** The start of the receiver's answer (at most EXCERPT_CHARS characters). */
  responseExcerpt?: string;
  outcome: 'delivered' | 'failed';
}

export interface Delivery {
  id: string;
  /** The tenant's id (a hash of its credential, shortened as in the request log). */
  tenant: string;
  event: string;
  url: string;
  method: string;
  /** Names of the custom headers sent; their values are secrets and are never listed. */
  headerNames: string[];
  payload: unknown;
  /** `pending` while a (re)try is due, then `delivered` or `failed` (retries exhausted). */
  status: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  maxRetries: number;
  backoffSeconds: number;
  /** Virtual time of the next attempt while pending. */
  nextAttemptAt?: string;
  createdAt: string;
}

/** A stored delivery: the listed fields plus the header values (`_headers`) needed for retries. */
type StoredDelivery = Delivery & { _headers: Record<string, string>; _seq: number };

export interface DeliveryLimits {
  /** Attempts in flight at once for one tenant: its hanging receiver holds at most these. */
  perTenantConcurrency: number;
  /** Attempts in flight at once, for the whole sandbox server. */
  concurrency: number;
  /** Per attempt, connect to last byte. */
  timeoutMs: number;
  /** The most retries honoured, whatever `retry_policy.max_retries` says (the vendor states no maximum). */
  maxRetries: number;
  /** The longest wait before a retry, however many retries came before (virtual seconds). */
  maxBackoffSeconds: number;
  /** Each wait is lengthened by up to this fraction, at random, so retries of many deliveries spread out. */
  jitter: number;
}

export const DEFAULT_LIMITS: DeliveryLimits = {
  perTenantConcurrency: 2,
  concurrency: 32,
  timeoutMs: 5_000,
  maxRetries: 10,
  maxBackoffSeconds: 3_600,
  jitter: 0.2,
};

/**
 * The wait before retry `n` (1 for the first): `backoff_seconds` doubled for each retry before it, capped at
 * maxBackoffSeconds, then lengthened by up to `jitter` (never shortened: the configured backoff is a minimum).
 */
export function retryDelaySeconds(backoffSeconds: number, retry: number, limits: DeliveryLimits, random = Math.random): number {
  return Math.min(backoffSeconds * 2 ** (retry - 1), limits.maxBackoffSeconds) * (1 + limits.jitter * random());
}

const workers = new WeakMap<VendorSandbox, DeliveryWorker>();

/** The delivery worker of a sandbox server (one per server). */
export function deliveryWorker(sandbox: VendorSandbox): DeliveryWorker {
  let worker = workers.get(sandbox);
  if (!worker) {
    worker = new DeliveryWorker(sandbox);
    workers.set(sandbox, worker);
  }
  return worker;
}

/** Resolves when the attempts in flight now have landed (none when the server delivers no webhooks). */
export async function settledDeliveries(sandbox: VendorSandbox): Promise<void> {
  await workers.get(sandbox)?.settled();
}
const EXCERPT_CHARS = 500;
const RESOURCE = 'webhook_deliveries';

/** One sandbox server's deliveries: stored with the tenant's records, attempted when due on the virtual clock. */
export class DeliveryWorker {
  private readonly inFlight = new Map<string, { tenant: string; attempt: Promise<void> }>();

  constructor(
    private readonly sandbox: VendorSandbox,
    readonly limits: DeliveryLimits = { ...DEFAULT_LIMITS },
  ) {}

  /**
   * Stores a delivery and starts its first attempt; resolves once that attempt is recorded, or at once with
   * the delivery queued (`pending`, no attempt yet) while the tenant's attempts in flight are at their limit.
   */
  async enqueue(tenant: string, event: string, target: WebhookTarget, payload: unknown): Promise<Delivery> {
    const records = this.sandbox.records(tenant);
    const seq = records.nextSeq(RESOURCE);
    const now = new Date(this.sandbox.now()).toISOString();
    const delivery: StoredDelivery = {
      id: `dlv_${randomBytes(8).toString('hex')}`,
      tenant: tenant.slice(0, 12),
      event,
      url: target.url,
      method: target.method.toUpperCase(),
      headerNames: Object.keys(target.headers),
      payload,
      status: 'pending',
      attempts: [],
      maxRetries: Math.min(Math.max(0, Math.trunc(target.maxRetries)), this.limits.maxRetries),
      backoffSeconds: Math.max(0, target.backoffSeconds),
      nextAttemptAt: now,
      createdAt: now,
      _headers: target.headers,
      _seq: seq,
    };
    records.insert(RESOURCE, delivery.id, delivery as unknown as Record<string, unknown>);
    this.runDue();
    await this.inFlight.get(key(tenant, delivery.id))?.attempt;
    return this.get(tenant, delivery.id)!;
  }

  /** Starts every attempt that is due at the current virtual time, within the per-tenant and server limits. */
  runDue(): void {
    if (!this.sandbox.store.db.open) return; // the server is closing
    if (this.inFlight.size >= this.limits.concurrency) return;
    const now = this.sandbox.now();
    const due = this.tenants()
      .flatMap((tenant) => this.stored(tenant).map((delivery) => ({ tenant, delivery })))
      .filter(
        ({ tenant, delivery }) =>
          delivery.status === 'pending' && Date.parse(delivery.nextAttemptAt ?? '') <= now && !this.inFlight.has(key(tenant, delivery.id)),
      )
      .sort((a, b) => Date.parse(a.delivery.nextAttemptAt!) - Date.parse(b.delivery.nextAttemptAt!) || a.delivery._seq - b.delivery._seq);
    const busy = new Map<string, number>();
    for (const { tenant } of this.inFlight.values()) busy.set(tenant, (busy.get(tenant) ?? 0) + 1);
    for (const { tenant, delivery } of due) {
      if (this.inFlight.size >= this.limits.concurrency) return;
      if ((busy.get(tenant) ?? 0) >= this.limits.perTenantConcurrency) continue; // waits for its own tenant's slot
      busy.set(tenant, (busy.get(tenant) ?? 0) + 1);
      const id = key(tenant, delivery.id);
      const attempt = this.attempt(tenant, delivery)
        .catch((error: unknown) => {
          if (this.sandbox.store.db.open) console.error(`echo-sandbox webhooks: delivery ${delivery.id}:`, error);
        })
        .finally(() => {
          this.inFlight.delete(id);
          this.runDue(); // a freed slot takes the next due delivery
        });
      this.inFlight.set(id, { tenant, attempt });
    }
  }

  /** Resolves when no attempt is in flight (each is bounded by the timeout; queued ones follow). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await this.settled();
  }

  /** Resolves when the attempts in flight now have landed (at most one timeout). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()].map((entry) => entry.attempt));
  }

  /** Attempts on the wire now (for tests and the benchmark to synchronise on). */
  inFlightCount(tenant?: string): number {
    return [...this.inFlight.values()].filter((entry) => tenant === undefined || entry.tenant === tenant).length;
  }

  /** Deliveries, newest first: one tenant's, or every tenant's. Header values are never included. */
  list(tenant?: string): Delivery[] {
    const tenants = tenant === undefined ? this.tenants() : [tenant];
    return tenants
      .flatMap((t) => this.stored(t))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b._seq - a._seq)
      .map(listed);
  }

  get(tenant: string, id: string): Delivery | undefined {
    const stored = this.sandbox.records(tenant).get(RESOURCE, id) as StoredDelivery | undefined;
    return stored && listed(stored);
  }

  /** The tenants holding deliveries: from the deliveries themselves, so one for a tenant never seeded is listed and attempted too. */
  private tenants(): string[] {
    return (this.sandbox.store.db.prepare('SELECT DISTINCT tenant FROM records WHERE resource = ?').all(RESOURCE) as { tenant: string }[]).map(
      (row) => row.tenant,
    );
  }

  private stored(tenant: string): StoredDelivery[] {
    return this.sandbox.records(tenant).list(RESOURCE) as unknown as StoredDelivery[];
  }

  private async attempt(tenant: string, delivery: StoredDelivery): Promise<void> {
    const at = new Date(this.sandbox.now()).toISOString();
    const started = performance.now();
    const result = await send(delivery, this.limits.timeoutMs, outboundPolicy(this.sandbox));
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    // Re-read: a reset may have dropped the tenant while the request was on the wire.
    const records = this.sandbox.records(tenant);
    const current = records.get(RESOURCE, delivery.id) as StoredDelivery | undefined;
    if (!current) return;
    const delivered = result.status !== undefined && result.status >= 200 && result.status < 300;
    current.attempts.push({ attempt: current.attempts.length + 1, at, ...result, durationMs, outcome: delivered ? 'delivered' : 'failed' });
    const retriesUsed = current.attempts.length - 1;
    // A refused destination stays refused: retrying it would only repeat the refusal.
    const refused = result.error?.startsWith(REFUSED) ?? false;
    if (delivered) {
      current.status = 'delivered';
      delete current.nextAttemptAt;
    } else if (retriesUsed < current.maxRetries && !refused) {
      const wait = retryDelaySeconds(current.backoffSeconds, retriesUsed + 1, this.limits);
      current.nextAttemptAt = new Date(this.sandbox.now() + wait * 1000).toISOString();
    } else {
      current.status = 'failed';
      delete current.nextAttemptAt;
    }
    records.update(RESOURCE, delivery.id, current as unknown as Record<string, unknown>);
  }
}

const REFUSED = 'destination not allowed';

const key = (tenant: string, id: string) => `${tenant}/${id}`;

function listed(stored: StoredDelivery): Delivery {
  const { _headers: _secret, _seq: _order, ...delivery } = stored;
  return { ...delivery, url: withoutPassword(delivery.url) };
}

/** A URL's password (https://user:secret@host/) is a credential too: never listed. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = 'REDACTED';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** One HTTP attempt: the answer's status and excerpt, or why there was none. Never throws. */
async function send(
  delivery: StoredDelivery,
  timeoutMs: number,
  policy: OutboundPolicy,
): Promise<Pick<DeliveryAttempt, 'status' | 'error' | 'responseExcerpt'>> {
  const problem = urlProblem(delivery.url, policy);
  if (problem) return { error: `${REFUSED}: ${problem}` };
  const url = new URL(delivery.url);
  // user:password@ in a URL stands for Basic credentials.
  const credentials: Record<string, string> = {};
  if (url.username || url.password)
    credentials.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  const withBody = delivery.method !== 'GET' && delivery.method !== 'HEAD';
  const body = withBody ? Buffer.from(JSON.stringify(delivery.payload)) : undefined;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Pick<DeliveryAttempt, 'status' | 'error' | 'responseExcerpt'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: delivery.method,
        // Every connection resolves its name through the policy: no address it does not allow is ever dialled.
        lookup: guardedLookup(policy),
        agent: false,
        headers: {
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
          'user-agent': 'echo-sandbox-webhooks',
          ...credentials,
          ...delivery._headers,
        },
      },
      (response) => {
        void excerpt(response).then((responseExcerpt) => {
          const status = response.statusCode ?? 0;
          if (status >= 300 && status < 400)
            return finish({ status, error: 'redirect not followed', ...(responseExcerpt ? { responseExcerpt } : {}) });
          finish({ status, ...(responseExcerpt ? { responseExcerpt } : {}) });
        });
      },
    );
    const timer = setTimeout(() => finish({ error: 'timeout' }), timeoutMs);
    req.on('error', (error) => finish({ error: error instanceof DestinationRefused ? `${REFUSED}: ${error.message}` : describe(error) }));
    req.end(body);
  });
}

/** The first EXCERPT_CHARS characters of the answer, reading no more than needed. */
async function excerpt(response: IncomingMessage): Promise<string | undefined> {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of response) {
      text += decoder.decode(chunk as Buffer, { stream: true });
      if (text.length >= EXCERPT_CHARS) break;
    }
  } catch {
    // the connection ended early: keep what arrived
  }
  response.destroy();
  return text ? text.slice(0, EXCERPT_CHARS) : undefined;
}

function describe(error: unknown): string {
  const err = error as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  const code = err.code ?? err.cause?.code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  // Messages may quote the URL (and its credentials): never the URL.
  return (code ?? err.cause?.message ?? err.message ?? 'network error').replace(/[a-z][\w+.-]*:\/\/\S*/gi, '<url>');
}
