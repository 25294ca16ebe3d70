// "Receiving webhooks": the typed handler of @echo-openapi/echocomm (its README's examples, which that
// package's tests type-check against the real frameworks), the sandbox's trigger command, and the events as
// the EchoComm spec lists them under `x-webhooks` (fields, example, what is assumed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dereference } from '@echo-openapi/api-model';
import { repoRoot, type OpenApiDocument, type Vendor } from '@echo-openapi/tooling-core';
import type { ApiSummary } from './landing.js';
import { codeBlock, escapeHtml, page, prose, siteNav } from './layout.js';

type Json = Record<string, any>;

export interface WebhookSite {
  apis: ApiSummary[];
  vendors: { vendor: Vendor; spec: OpenApiDocument }[];
}

export const WEBHOOKS_PAGE = 'webhooks.html';

/** The site's registration of this page (build.ts writes it; docs/src modules exporting `sitePage` are pages). */
export const sitePage = { path: WEBHOOKS_PAGE, label: 'Webhooks', render: (site: WebhookSite) => webhooksPage(site) };

/** The README's TypeScript examples of the "Receiving webhooks" section, by framework (`plain` for the first). */
export function readmeExamples(packageDir: string): Record<string, string> {
  const readme = readFileSync(join(repoRoot, packageDir, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Receiving webhooks'));
  const examples: Record<string, string> = {};
  for (const match of section.matchAll(/```ts(?: framework=(\w+))?\n([\s\S]*?)```/g))
    examples[match[1] ?? (examples.plain ? 'test' : 'plain')] = match[2]!;
  return examples;
}

/** A node of the dereferenced spec, `{}` where it has none. */
const node = (value: unknown): Json => (value ?? {}) as Json;

function typeOf(schema: Json): string {
  const own = node(schema);
  const inner = own.allOf ? node(own.allOf[0]) : own;
  const type = inner.enum ? inner.enum.map((v: unknown) => JSON.stringify(v)).join(' | ') : (inner.type ?? 'any');
  return `${type}${inner.format ? ` (${inner.format})` : ''}${inner.pattern ? ` matching ${inner.pattern}` : ''}`;
}

/** One row per field of the event and of its `data`. */
function fieldRows(schema: Json): string[] {
  const rows: string[] = [];
  const walk = (object: Json, prefix: string) => {
    const required = new Set<string>(object.required ?? []);
    for (const [name, raw] of Object.entries<Json>(object.properties ?? {})) {
      const property = node(raw);
      rows.push(
        `<tr><td><code>${escapeHtml(prefix + name)}</code></td><td>${escapeHtml(typeOf(property))}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${prose(property.description ?? node(property.allOf?.[0]).description ?? '')}</td></tr>`,
      );
      if (property.type === 'object' && property.properties) walk(property, `${prefix}${name}.`);
    }
  };
  walk(schema, '');
  return rows;
}

function eventSection(name: string, item: Json): string {
  const operation = node(item).post ?? {};
  const body = node(operation.requestBody);
  const media = body.content?.['application/json'] ?? {};
  const schema = node(media.schema);
  const example = media.example ?? schema.example;
  const inferred = [schema['x-inferred'], operation['x-inferred']].filter((text): text is string => typeof text === 'string');
  return `<h3 id="${escapeHtml(name)}"><code>${escapeHtml(name)}</code></h3>
    <p>${prose(schema.description ?? operation.summary ?? '')}</p>
    ${inferred.map((text) => `<p class="note"><strong>Not stated by the vendor:</strong> ${prose(text)}</p>`).join('\n    ')}
    <table>
      <thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr></thead>
      <tbody>
        ${fieldRows(schema).join('\n        ')}
      </tbody>
    </table>
    ${example === undefined ? '' : codeBlock(JSON.stringify(example, null, 2), 'json')}`;
}

export function webhooksPage(site: WebhookSite): string {
  const withWebhooks = site.vendors.filter(({ spec }) => spec['x-webhooks']);
  const echocomm = withWebhooks[0];
  if (!echocomm) throw new Error('No spec lists webhooks under x-webhooks');
  const { vendor } = echocomm;
  // The docs bundle keeps internal `$ref`s; the event tables read the inlined copy.
  const spec = dereference(echocomm.spec);
  const events = Object.entries<Json>(spec['x-webhooks'] as Json);
  const examples = readmeExamples(vendor.packageDir);
  const sandbox = `http://127.0.0.1:${vendor.sandboxPort}`;
  const first = events[0]?.[0] ?? 'sms.received';
  const body = `  <section class="hero"><div class="inner">
    <h1>Receiving webhooks</h1>
    <p>${escapeHtml(vendor.title)} delivers ${events.map(([name]) => `<code>${escapeHtml(name)}</code>`).join(' and ')} events to the URL you configure with <code>POST /webhooks/sms/configure</code>. Check each delivery with a typed handler, and trigger deliveries to your own laptop from the sandbox.</p>
  </div></section>
  <main class="prose">
    <h2 id="handler">The handler</h2>
    <p><code>verifyWebhook(request, { headers })</code> from <code>${escapeHtml(vendor.package)}</code> checks a delivery and returns its event, typed as a union on <code>event</code>. ${escapeHtml(vendor.title)} authenticates deliveries only with the custom <code>headers</code> you configure (its example: <code>X-Webhook-Secret</code>); it publishes <strong>no signature scheme</strong>, so there is no HMAC to check and the handler invents none. It compares every header you configured, in constant time, before it reads the body.</p>
    ${codeBlock(examples.plain ?? '', 'ts')}
    <p>Anything else throws a <code>WebhookVerificationError</code> whose <code>status</code> is the answer to send: <code>401</code> for a missing or wrong header, <code>400</code> for a body that is not JSON or not one of the events, <code>405</code> for another method, <code>413</code> for a body over the limit (1 MiB by default). Its message names the header or field, never a value. Answer any 2xx to acknowledge a delivery; anything else is retried per the webhook's <code>retry_policy</code>.</p>
    <h3 id="express">Express</h3>
    <p>No JSON body parser on the route: <code>requestFromNode</code> turns Node's request into a standard <code>Request</code>.</p>
    ${codeBlock(examples.express ?? '', 'ts')}
    <h3 id="fastify">Fastify</h3>
    ${codeBlock(examples.fastify ?? '', 'ts')}
    <h3 id="hono">Hono</h3>
    ${codeBlock(examples.hono ?? '', 'ts')}
    <h3 id="testing">In your tests</h3>
    <p><code>testWebhookRequest(type, { headers, data })</code> builds a delivery as ${escapeHtml(vendor.title)} would send it: the spec's example event, your data over it, your headers.</p>
    ${codeBlock(examples.test ?? '', 'ts')}

    <h2 id="trigger">Trigger deliveries from the sandbox</h2>
    <p>The sandbox (<code>@echo-openapi/sandbox</code>) stores the webhook you configure and delivers events to it, with its method and custom headers, retrying failures <code>max_retries</code> times with exponential backoff from <code>backoff_seconds</code> on its virtual clock. Point the webhook at your laptop, then trigger an event:</p>
    ${codeBlock(
      `npx echo-sandbox --vendor ${vendor.id}            # the ${vendor.title} sandbox on ${sandbox}

# configure the webhook (your API key is your tenant)
curl -X POST ${sandbox}/webhooks/sms/configure -H "Authorization: Bearer sandbox-apiKey" -H "Content-Type: application/json" \\
  -d '{"url": "http://127.0.0.1:3000/webhooks/echocomm", "events": ["sms.received", "sms.delivery_report"],
       "headers": {"X-Webhook-Secret": "whsk_test"}, "retry_policy": {"max_retries": 3, "backoff_seconds": 30}}'

npx echo-sandbox trigger ${first}                           # delivers now and prints the first attempt
npx echo-sandbox trigger ${first} --data '{"body": "STOP"}' # your fields over the example event
npx echo-sandbox trigger ${first} --to http://127.0.0.1:4000/hook   # this once, to another URL you name

# in a clone of echo-openapi: pnpm sandbox --vendor ${vendor.id}, then pnpm sandbox trigger ${first}`,
      'sh',
    )}
    <p><code>--tenant</code> names the tenant by its API key (default: <code>ECHOCOMM_API_KEY</code>) and the call is made as that tenant, with its key; with <code>ECHO_SANDBOX_ADMIN_TOKEN</code> set it is made as the admin (any tenant, or the only one with a webhook). The same, over HTTP, and the delivery log: a tenant's own key shows its own deliveries, and moving the clock takes the admin token the sandbox printed at start.</p>
    ${codeBlock(
      `curl -X POST ${sandbox}/__sandbox/events -H "Authorization: Bearer sandbox-apiKey" -H "Content-Type: application/json" \\
  -d '{"type": "${first}", "data": {"body": "STOP"}}'
curl -X POST ${sandbox}/__sandbox/clock -H "X-Sandbox-Admin-Token: $ECHO_SANDBOX_ADMIN_TOKEN" \\
  -H "Content-Type: application/json" -d '{"advanceSeconds": 40}'   # due retries run
curl ${sandbox}/__sandbox/deliveries -H "Authorization: Bearer sandbox-apiKey"   # every attempt: status, duration, response excerpt`,
      'sh',
    )}
    <p>The sandbox only ever delivers to the URL the tenant configured, or the one you name with <code>--to</code>, and only to loopback addresses unless it was started with <code>--allow-webhook-hosts</code> (every address a name resolves to is checked); it follows no redirects, gives each attempt 5 seconds, runs at most 2 attempts at once per tenant (so another tenant's dead receiver never delays yours) and honours at most 10 retries, retry n waiting <code>backoff_seconds</code> x 2<sup>n-1</sup> plus up to 20% jitter. The delivery log names the custom headers it sent, never their values. ${escapeHtml(vendor.title)} documents no endpoint that sends an SMS, so no API call makes a <code>sms.delivery_report</code> due by itself: trigger it like the other event.</p>

    <h2 id="events">The events</h2>
    <p>${escapeHtml(vendor.title)} does not publish the payloads: the shapes below are assumptions, typed in <code>${escapeHtml(vendor.package)}</code> as <code>EchoCommWebhookEvent</code>. Check them against real deliveries before relying on a field. The <a href="${escapeHtml(vendor.id)}/index.html">reference</a> lists them in its Webhooks section.</p>
    ${events.map(([name, item]) => eventSection(name, item)).join('\n    ')}
  </main>`;
  return page({
    title: 'Receiving webhooks · echo-openapi',
    description: `Check ${vendor.title} webhook deliveries with a typed handler and trigger them from the sandbox.`,
    root: '',
    nav: siteNav('', site.apis),
    current: WEBHOOKS_PAGE,
    body,
  });
}
