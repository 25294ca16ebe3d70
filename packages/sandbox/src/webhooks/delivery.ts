// Webhook delivery: POSTs an event to the one URL its tenant configured (or the one the user named when
// triggering it), retries failures on the virtual clock and records every attempt. Bounded everywhere: a
// few deliveries in flight at once, a timeout per attempt, a capped number of retries, a capped response
// excerpt, no redirects followed (a redirect would reach an address nobody configured).
import { randomBytes } from 'node:crypto';
import type { VendorSandbox } from '../engine.js';

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
  /** Why there was no usable answer: `timeout`, `refused`, `redirect not followed`, ... */
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
  /** Attempts in flight at once, for the whole sandbox server. */
  concurrency: number;
  /** Per attempt, connect to last byte. */
  timeoutMs: number;
  /** The most retries honoured, whatever `retry_policy.max_retries` says (the vendor states no maximum). */
  maxRetries: number;
}

export const DEFAULT_LIMITS: DeliveryLimits = { concurrency: 4, timeoutMs: 5_000, maxRetries: 10 };
const EXCERPT_CHARS = 500;
const RESOURCE = 'webhook_deliveries';

/** One sandbox server's deliveries: stored with the tenant's records, attempted when due on the virtual clock. */
export class DeliveryWorker {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly sandbox: VendorSandbox,
    readonly limits: DeliveryLimits = { ...DEFAULT_LIMITS },
  ) {}

  /** Stores a delivery and starts its first attempt; resolves once that attempt is recorded. */
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
    await this.inFlight.get(key(tenant, delivery.id));
    return this.get(tenant, delivery.id)!;
  }

  /** Starts every attempt that is due at the current virtual time, up to the concurrency limit. */
  runDue(): void {
    if (!this.sandbox.store.db.open) return; // the server is closing
    const now = this.sandbox.now();
    const due = this.sandbox
      .tenants()
      .flatMap((tenant) => this.stored(tenant).map((delivery) => ({ tenant, delivery })))
      .filter(
        ({ tenant, delivery }) =>
          delivery.status === 'pending' && Date.parse(delivery.nextAttemptAt ?? '') <= now && !this.inFlight.has(key(tenant, delivery.id)),
      )
      .sort((a, b) => Date.parse(a.delivery.nextAttemptAt!) - Date.parse(b.delivery.nextAttemptAt!) || a.delivery._seq - b.delivery._seq);
    for (const { tenant, delivery } of due) {
      if (this.inFlight.size >= this.limits.concurrency) return;
      const id = key(tenant, delivery.id);
      const attempt = this.attempt(tenant, delivery)
        .catch((error: unknown) => {
          if (this.sandbox.store.db.open) console.error(`echo-sandbox webhooks: delivery ${delivery.id}:`, error);
        })
        .finally(() => {
          this.inFlight.delete(id);
          this.runDue(); // a freed slot takes the next due delivery
        });
      this.inFlight.set(id, attempt);
    }
  }

  /** Resolves when no attempt is in flight (each is bounded by the timeout). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Deliveries, newest first: one tenant's, or every tenant's. Header values are never included. */
  list(tenant?: string): Delivery[] {
    const tenants = tenant === undefined ? this.sandbox.tenants() : [tenant];
    return tenants
      .flatMap((t) => this.stored(t))
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b._seq - a._seq)
      .map(listed);
  }

  get(tenant: string, id: string): Delivery | undefined {
    const stored = this.sandbox.records(tenant).get(RESOURCE, id) as StoredDelivery | undefined;
    return stored && listed(stored);
  }

  private stored(tenant: string): StoredDelivery[] {
    return this.sandbox.records(tenant).list(RESOURCE) as unknown as StoredDelivery[];
  }

  private async attempt(tenant: string, delivery: StoredDelivery): Promise<void> {
    const at = new Date(this.sandbox.now()).toISOString();
    const started = performance.now();
    const result = await send(delivery, this.limits.timeoutMs);
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    // Re-read: a reset may have dropped the tenant while the request was on the wire.
    const records = this.sandbox.records(tenant);
    const current = records.get(RESOURCE, delivery.id) as StoredDelivery | undefined;
    if (!current) return;
    const delivered = result.status !== undefined && result.status >= 200 && result.status < 300;
    current.attempts.push({ attempt: current.attempts.length + 1, at, ...result, durationMs, outcome: delivered ? 'delivered' : 'failed' });
    const retriesUsed = current.attempts.length - 1;
    if (delivered) {
      current.status = 'delivered';
      delete current.nextAttemptAt;
    } else if (retriesUsed < current.maxRetries) {
      current.nextAttemptAt = new Date(this.sandbox.now() + current.backoffSeconds * 1000).toISOString();
    } else {
      current.status = 'failed';
      delete current.nextAttemptAt;
    }
    records.update(RESOURCE, delivery.id, current as unknown as Record<string, unknown>);
  }
}

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
async function send(delivery: StoredDelivery, timeoutMs: number): Promise<Pick<DeliveryAttempt, 'status' | 'error' | 'responseExcerpt'>> {
  let url: URL;
  try {
    url = new URL(delivery.url);
  } catch {
    return { error: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `unsupported URL scheme ${url.protocol}` };
  // fetch refuses user:password@ in a URL; send them as the Basic credentials they stand for.
  const credentials: Record<string, string> = {};
  if (url.username || url.password) {
    credentials.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const withBody = delivery.method !== 'GET' && delivery.method !== 'HEAD';
  try {
    const response = await fetch(url, {
      method: delivery.method,
      headers: {
        ...(withBody ? { 'content-type': 'application/json' } : {}),
        'user-agent': 'echo-sandbox-webhooks',
        ...credentials,
        ...delivery._headers,
      },
      body: withBody ? JSON.stringify(delivery.payload) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const responseExcerpt = await excerpt(response);
    if (response.status >= 300 && response.status < 400) return { status: response.status, error: 'redirect not followed', responseExcerpt };
    return { status: response.status, ...(responseExcerpt ? { responseExcerpt } : {}) };
  } catch (error) {
    return { error: describe(error) };
  }
}

/** The first EXCERPT_CHARS characters of the answer, reading no more than needed. */
async function excerpt(response: Response): Promise<string | undefined> {
  if (!response.body) return undefined;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text ? text.slice(0, EXCERPT_CHARS) : undefined;
}

function describe(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  const code = err.cause?.code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  // Messages may quote the URL (and its credentials): never the URL.
  return (code ?? err.cause?.message ?? err.message ?? 'network error').replace(/[a-z][\w+.-]*:\/\/\S*/gi, '<url>');
}
