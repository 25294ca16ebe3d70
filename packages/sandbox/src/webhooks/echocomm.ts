// EchoComm's webhooks in the sandbox: `POST /webhooks/sms/configure` stores the tenant's webhook (its
// `x-sandbox` create: url, method, events, custom headers, retry policy); `POST /__sandbox/events` builds an event from the spec
// (`x-webhooks`: its example, the caller's `data` over it, validated against the event schema) and the
// delivery worker delivers it; `GET /__sandbox/deliveries` lists every attempt.
//
// Choices where the page is silent: the latest configuration is the one delivered to (one webhook per
// account); without `method` it is POST; without `retry_policy` the page's example policy applies (3
// retries, 30 s apart). EchoComm
// documents no endpoint that sends an SMS, so no EchoComm call makes an `sms.delivery_report` due by itself:
// both events are triggered explicitly.
import { randomBytes } from 'node:crypto';
import { exampleOf } from '@echo-openapi/api-model';
import type { Caller } from '../control/access.js';
import { type ControlRouter, type Reply, tenantId, type VendorModule, type VendorSandbox } from '../engine.js';
import { clone, isObject } from '../records.js';
import { deliveryWorker, type WebhookTarget } from './delivery.js';
import { destinationProblem, outboundPolicy } from './url-policy.js';

export { deliveryWorker };

type Json = Record<string, any>;

/** The tenant's configured webhook, as stored (the custom headers included: they are what gets sent). */
export interface ConfiguredWebhook {
  webhook_id: string;
  url: string;
  method?: string;
  events: string[];
  headers?: Record<string, string>;
  retry_policy?: { max_retries: number; backoff_seconds: number };
}

/** The page's example policy, used when a configuration omits `retry_policy`. */
export const DEFAULT_RETRY_POLICY = { max_retries: 3, backoff_seconds: 30 };

/** The events the spec lists under `x-webhooks`, with the media type of each delivery's body. */
function webhookEvents(sandbox: VendorSandbox): Record<string, Json> {
  const listed = (sandbox.model.document as Json)['x-webhooks'] ?? {};
  return Object.fromEntries(
    Object.entries(listed as Json)
      .map(([name, item]) => [name, (item as Json)?.post?.requestBody?.content?.['application/json']])
      .filter(([, media]) => media !== undefined),
  );
}

/** The tenant's latest webhook configuration, if any. */
export function configuredWebhook(sandbox: VendorSandbox, tenant: string): ConfiguredWebhook | undefined {
  return sandbox.records(tenant).list('webhooks').at(-1) as ConfiguredWebhook | undefined;
}

const error = (status: number, message: string): Reply => ({ status, body: { error: message } });

/** The event `type` as EchoComm would deliver it: the spec's example, fresh ids and time, the caller's data over it. */
export function buildEvent(
  sandbox: VendorSandbox,
  type: string,
  webhookId: string | undefined,
  data: Json | undefined,
): { payload: Json } | { problems: string[] } {
  const media = webhookEvents(sandbox)[type]!;
  const example = clone(exampleOf(media)) as Json;
  const payload: Json = {
    ...example,
    ...(webhookId ? { webhook_id: webhookId } : {}),
    created_at: new Date(sandbox.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    data: { ...(isObject(example.data) ? example.data : {}), message_id: `msg_${randomBytes(6).toString('hex')}`, ...data },
  };
  const { valid, errors } = sandbox.model.validator.schema(media.schema)(payload);
  return valid ? { payload } : { problems: errors };
}

/**
 * The tenant an event is for: a tenant caller's own; for the admin, the one it names (its API key), or the
 * only tenant with a webhook when it names none.
 */
function chooseTenant(sandbox: VendorSandbox, caller: Caller, credential: unknown): string | Reply {
  if (caller.role === 'tenant') {
    if (credential !== undefined)
      return error(403, 'Naming a "tenant" needs the admin token (X-Sandbox-Admin-Token): your credentials already name yours');
    return caller.tenant;
  }
  if (credential !== undefined) {
    if (typeof credential !== 'string' || credential === '') return error(400, '"tenant" must be the API key the tenant uses, as a non-empty string');
    return tenantId(credential);
  }
  const configured = sandbox.tenants().filter((tenant) => configuredWebhook(sandbox, tenant) !== undefined);
  if (configured.length === 1) return configured[0]!;
  return error(
    400,
    configured.length === 0
      ? 'No tenant has configured a webhook: POST /webhooks/sms/configure first (or name the "tenant" and pass "to")'
      : `${configured.length} tenants have a webhook: name one with "tenant" (its API key)`,
  );
}

function routes(router: ControlRouter, sandbox: VendorSandbox): void {
  const worker = deliveryWorker(sandbox);

  router.route('POST', '/__sandbox/events', async ({ body, caller }) => {
    if (!isObject(body))
      return error(400, 'The body must be a JSON object: {"type": "sms.received", "tenant": "<api key>", "data": {...}, "to": "<url>"}');
    const events = webhookEvents(sandbox);
    const type = body.type;
    if (typeof type !== 'string' || !(type in events)) return error(400, `"type" must be one of ${Object.keys(events).join(', ')}`);
    if (body.data !== undefined && !isObject(body.data)) return error(400, '"data" must be an object of event data fields');
    if (body.to !== undefined && (typeof body.to !== 'string' || !/^https?:\/\/[^/]/.test(body.to))) return error(400, '"to" must be an http(s) URL');
    const tenant = chooseTenant(sandbox, caller, body.tenant);
    if (typeof tenant !== 'string') return tenant;
    const webhook = configuredWebhook(sandbox, tenant);
    if (!webhook && body.to === undefined) return error(409, 'This tenant has no webhook: POST /webhooks/sms/configure first, or pass "to"');
    if (webhook && body.to === undefined && !webhook.events.includes(type))
      return error(409, `The tenant's webhook is not subscribed to ${type} (its events: ${webhook.events.join(', ')})`);
    const built = buildEvent(sandbox, type, webhook?.webhook_id, body.data as Json | undefined);
    if ('problems' in built) return error(400, `The event does not match its schema: ${built.problems.join('; ')}`);
    // A destination the outbound policy refuses is an error now, before anything is stored or dialled.
    if (typeof body.to === 'string') {
      const refused = await destinationProblem(body.to, outboundPolicy(sandbox));
      if (refused) return error(400, `"to" is refused: ${refused}`);
    }
    // Only ever the configured URL, or the one the caller names here.
    const target: WebhookTarget = {
      url: (body.to as string | undefined) ?? webhook!.url,
      method: webhook?.method ?? 'POST',
      headers: webhook?.headers ?? {},
      maxRetries: (webhook?.retry_policy ?? DEFAULT_RETRY_POLICY).max_retries,
      backoffSeconds: (webhook?.retry_policy ?? DEFAULT_RETRY_POLICY).backoff_seconds,
    };
    return { status: 200, body: { delivery: await worker.enqueue(tenant, type, target, built.payload) } };
  });

  router.route('GET', '/__sandbox/deliveries', ({ query, caller }) => {
    const credential = query.get('tenant');
    const limit = Math.min(Math.max(Number(query.get('limit') ?? 100) || 100, 1), 500);
    if (caller.role === 'tenant' && credential !== null)
      return error(403, 'Naming a "tenant" needs the admin token (X-Sandbox-Admin-Token): your credentials already name yours');
    const tenant = caller.role === 'tenant' ? caller.tenant : credential ? tenantId(credential) : undefined;
    // At once, whatever is on the wire: an attempt in flight shows as pending until it lands.
    return { status: 200, body: { deliveries: worker.list(tenant).slice(0, limit) } };
  });
}

export const echocommWebhooks: VendorModule = {
  routes,
  tick: (sandbox) => deliveryWorker(sandbox).runDue(),
};

/** EchoComm's vendor module with webhook delivery added (its own routes and ticks run as well). */
export function withWebhooks(module: VendorModule): VendorModule {
  return {
    ...module,
    routes(router, sandbox) {
      module.routes?.(router, sandbox);
      echocommWebhooks.routes!(router, sandbox);
    },
    tick(sandbox, now) {
      module.tick?.(sandbox, now);
      echocommWebhooks.tick!(sandbox, now);
    },
  };
}
