// "The sandbox": what @echo-openapi/sandbox is and when to use it instead of the mock, how to start it, each
// vendor's port, tenants, errors, rate limits and behaviour, and its control API with one entry per operation
// of packages/sandbox/control.openapi.yaml (read at build time: a new control operation is documented by the
// next build). Ports and credentials come from specs/vendors.yaml, rate limits and stored resources from the
// specs (`x-sandbox`), what each vendor's sandbox does beyond storing records from the sandbox's README.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, type OpenApiDocument, type Vendor } from '@echo-openapi/tooling-core';
import { curlSample, describeCredential, modelOf, operationsOf, type Operation } from './code-samples.js';
import { mockUrl, sandboxUrl } from './getting-started.js';
import type { ApiSummary } from './landing.js';
import { codeBlock, escapeHtml, LOGO, page, prose, siteNav, type SiteContext, type SitePage } from './layout.js';
import { WEBHOOKS_PAGE } from './webhooks.js';

/**
 * A table that reads as one card per row on a phone: each cell is labelled with its column's heading (REFLOW_CSS
 * shows the label), so no column hides off-screen in a sideways-scrolling table at 390 px.
 */
function reflow(table: string): string {
  const thead = /<thead>([\s\S]*?)<\/thead>/.exec(table)?.[1] ?? '';
  const headings = [...thead.matchAll(/<th>([\s\S]*?)<\/th>/g)].map(([, html]) => html!.replace(/<[^>]+>/g, ''));
  return table.replace('<table>', '<table class="reflow">').replace(/<tbody>[\s\S]*<\/tbody>/, (tbody) =>
    tbody.replace(/<tr\b[^>]*>[\s\S]*?<\/tr>/g, (row) => {
      let column = 0;
      return row.replace(/<td>/g, () => `<td data-label="${escapeHtml(headings[column++] ?? '')}">`);
    }),
  );
}

const REFLOW_CSS = `
    @media (max-width: 40rem) {
      table.reflow, table.reflow tbody, table.reflow tr, table.reflow td { display: block; overflow: visible; }
      table.reflow { border: 0; background: none; }
      table.reflow thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
      table.reflow tr { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 0 0 .7rem; }
      table.reflow td { border: 0; border-top: 1px solid var(--line); }
      table.reflow td:first-child { border-top: 0; font-weight: 700; }
      table.reflow td[data-label]:not([data-label=""])::before { content: attr(data-label); display: block; font-size: .78rem; font-weight: 400; color: var(--muted); }
    }
`;

/** The parts of a (dereferenced) schema the field tables show. */
interface SchemaNode {
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
}

export const SANDBOX_PAGE = 'sandbox.html';
/** The control API's description, from the repository root, and where the site offers it for download. */
export const CONTROL_SPEC = 'packages/sandbox/control.openapi.yaml';
export const CONTROL_SPEC_DOWNLOAD = 'sandbox/control.openapi.yaml';
export const CONTROL_REFERENCE = 'sandbox/index.html';
const SANDBOX_README = 'packages/sandbox/README.md';

/** The site's registration of this page (build.ts writes it, copies the control spec and builds its reference). */
export const sitePage: SitePage = {
  path: SANDBOX_PAGE,
  label: 'Sandbox',
  render: (site) => sandboxPage(site),
  files: { [CONTROL_SPEC_DOWNLOAD]: join(repoRoot, CONTROL_SPEC) },
  reference: (site) => {
    const spec = loadControlSpec();
    return {
      path: CONTROL_REFERENCE,
      spec: controlReferenceSpec(
        spec,
        site.vendors.map((v) => v.vendor),
      ),
      title: `${spec.info.title} reference · echo-openapi`,
      description: 'Reset the sandbox, move its virtual clock, read its request log and deliver webhook events',
      downloads: [{ title: 'control.openapi.yaml', url: 'control.openapi.yaml' }],
    };
  },
};

/** The control spec as its reference shows it: each operation's curl as its sample, and the site's logo. */
export function controlReferenceSpec(controlSpec: OpenApiDocument, vendors: Vendor[]): OpenApiDocument {
  const copy = structuredClone(controlSpec);
  for (const operation of operationsOf(controlSpec)) {
    const op = (copy.paths?.[operation.path] as Record<string, Record<string, unknown>> | undefined)?.[operation.method];
    if (!op) throw new Error(`${CONTROL_SPEC}: ${operation.method.toUpperCase()} ${operation.path} is not inline`);
    op['x-codeSamples'] = [{ lang: 'curl', label: 'curl', source: controlCurl(controlSpec, operation, vendors) }];
  }
  copy.info = { ...copy.info, 'x-logo': { url: LOGO, altText: 'The sandbox on echo-openapi', href: `../${SANDBOX_PAGE}` } };
  return copy;
}

export function loadControlSpec(): OpenApiDocument {
  return parse(readFileSync(join(repoRoot, CONTROL_SPEC), 'utf8')) as OpenApiDocument;
}

/**
 * The vendor a control operation's example is sent to: the one its summary restricts it to ("(EchoComm port
 * only)"), else the one whose sandbox port the control spec's server URL names (echowin's).
 */
export function exampleVendor(controlSpec: OpenApiDocument, operation: Operation, vendors: Vendor[]): Vendor {
  const only = vendors.find((v) => operation.summary.includes(`(${v.title} port only)`));
  if (only) return only;
  const server = controlSpec.servers?.[0]?.url ?? '';
  const vendor = vendors.find((v) => server === sandboxUrl(v));
  if (!vendor) throw new Error(`${CONTROL_SPEC}: its server URL ${server} is no vendor's sandbox port in specs/vendors.yaml`);
  return vendor;
}

/** The environment variable the control API's admin token is read from (packages/sandbox/src/control/access.ts). */
export const ADMIN_TOKEN_ENV = 'ECHO_SANDBOX_ADMIN_TOKEN';

/**
 * The curl of a control operation, sent to its example vendor's sandbox port as the admin (the control spec's
 * `adminToken` scheme, from $ECHO_SANDBOX_ADMIN_TOKEN): the one credential every control call takes.
 */
export function controlCurl(controlSpec: OpenApiDocument, operation: Operation, vendors: Vendor[]): string {
  const vendor = exampleVendor(controlSpec, operation, vendors);
  const asAdmin: Vendor = { ...vendor, credentials: { adminToken: { scheme: 'adminToken', env: ADMIN_TOKEN_ENV } } };
  return curlSample(asAdmin, controlSpec, operation, sandboxUrl(vendor));
}

/**
 * What each vendor's sandbox does beyond storing records, by vendor id: the sandbox README's "Behaviour"
 * bullet, each sentence given to the vendor it names first (a sentence naming none continues the previous one).
 */
export function vendorBehaviour(vendors: Vendor[], readme = readFileSync(join(repoRoot, SANDBOX_README), 'utf8')): Record<string, string> {
  const bullet = /^- \*\*Behaviour\*\*: ([\s\S]*?)\n(?=- |\n|$)/m.exec(readme)?.[1];
  if (!bullet) throw new Error(`${SANDBOX_README} has no "- **Behaviour**:" bullet to describe each vendor's sandbox`);
  const behaviour: Record<string, string> = {};
  let current: Vendor | undefined;
  for (const sentence of bullet.replace(/\s+/g, ' ').split(/(?<=\.)\s+/)) {
    current = vendors.find((v) => sentence.startsWith(`${v.title} `)) ?? current;
    if (!current) throw new Error(`${SANDBOX_README}: the Behaviour bullet must start with a vendor's name, not "${sentence}"`);
    behaviour[current.id] = [behaviour[current.id], sentence].filter(Boolean).join(' ');
  }
  const silent = vendors.filter((v) => !behaviour[v.id]);
  if (silent.length) throw new Error(`${SANDBOX_README}: the Behaviour bullet says nothing of ${silent.map((v) => v.title).join(', ')}`);
  return behaviour;
}

/** The collections an API's sandbox stores, as its operations declare them (`x-sandbox`). */
export function storedResources(spec: OpenApiDocument): string[] {
  const resources = operationsOf(spec).map((op) => (op.model.extensions['x-sandbox'] as { resource?: string } | undefined)?.resource);
  return [...new Set(resources.filter((r): r is string => Boolean(r)))];
}

/** Each set of credentials an operation of the API is called with (a tenant each), in words. */
export function tenantCredentials(spec: OpenApiDocument): string[] {
  const sets = new Map<string, string[]>();
  for (const op of modelOf(spec).operations) for (const schemes of op.security) sets.set(schemes.join(' '), schemes);
  return [...sets.values()]
    .filter((schemes) => schemes.length > 0)
    .map((schemes) => schemes.map((scheme) => describeCredential(spec, scheme, '<key>', (text) => `<code>${escapeHtml(text)}</code>`)).join(' and '));
}

/** The fields of the vendor's error body (specs/vendors.yaml `errorEnvelope`), in words. */
function errorEnvelope(vendor: Vendor): string {
  const { message, code, details, failureField, failureValues } = vendor.errorEnvelope;
  const fields = [...new Set([message, code, details].filter((f): f is string => Boolean(f)))];
  const failure =
    failureField && failureValues?.length
      ? ` (<code>${escapeHtml(failureField)}</code> reads ${failureValues.map((v) => `<code>${escapeHtml(String(v))}</code>`).join(' or ')})`
      : '';
  return `JSON with ${fields.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}${failure}`;
}

const node = (value: unknown): SchemaNode => (value ?? {}) as SchemaNode;

function typeOf(schema: SchemaNode): string {
  const type = schema.enum ? schema.enum.map((v: unknown) => JSON.stringify(v)).join(' | ') : (schema.type ?? 'any');
  const bounds = [
    schema.minimum === undefined ? '' : `>= ${schema.minimum}`,
    schema.maximum === undefined ? '' : `<= ${schema.maximum}`,
    schema.default === undefined ? '' : `default ${schema.default}`,
  ].filter(Boolean);
  return `${type}${schema.format ? ` (${schema.format})` : ''}${bounds.length ? `, ${bounds.join(', ')}` : ''}`;
}

function fieldTable(rows: { name: string; schema: SchemaNode; required: boolean; description?: string }[]): string {
  if (rows.length === 0) return '';
  return reflow(`<table>
      <thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr></thead>
      <tbody>
        ${rows
          .map(
            (row) =>
              `<tr><td><code>${escapeHtml(row.name)}</code></td><td>${escapeHtml(typeOf(row.schema))}</td><td>${row.required ? 'yes' : 'no'}</td><td>${prose(row.description ?? row.schema.description ?? '')}</td></tr>`,
          )
          .join('\n        ')}
      </tbody>
    </table>`);
}

function operationSection(controlSpec: OpenApiDocument, op: Operation, vendors: Vendor[]): string {
  const model = op.model;
  const bodySchema = node(model.requestBody?.content['application/json']?.schema);
  const required = new Set<string>(bodySchema.required ?? []);
  const bodyRows = Object.entries<SchemaNode>(bodySchema.properties ?? {}).map(([name, schema]) => ({ name, schema, required: required.has(name) }));
  const queryRows = op.parameters
    .filter((p) => p.in === 'query')
    .map((p) => ({ name: p.name, schema: node(p.schema), required: Boolean(p.required), description: p.description }));
  const responses = Object.entries(model.responses).map(
    ([code, response]) => `<li><code>${escapeHtml(code)}</code> ${prose(response.description ?? '')}</li>`,
  );
  const vendor = exampleVendor(controlSpec, op, vendors);
  return `<h3 id="${escapeHtml(op.operationId)}"><code>${escapeHtml(op.method.toUpperCase())} ${escapeHtml(op.path)}</code>: ${escapeHtml(op.summary)}</h3>
    ${model.description ? `<p>${prose(model.description)}</p>` : ''}
    ${queryRows.length ? `<p>Query parameters:</p>\n    ${fieldTable(queryRows)}` : ''}
    ${bodyRows.length ? `<p>JSON body${model.requestBody?.required ? '' : ' (optional)'}:</p>\n    ${fieldTable(bodyRows)}` : ''}
    <p>On the ${escapeHtml(vendor.title)} sandbox:</p>
    ${codeBlock(controlCurl(controlSpec, op, vendors), 'sh')}
    <ul>
      ${responses.join('\n      ')}
    </ul>`;
}

/**
 * The control API from a test, through its typed client (`startSandbox()` returns it as `control`): a complete
 * vitest file. docs/test/sandbox-page.test.ts type-checks it against the published packages, so it cannot rot;
 * packages/sandbox/test/control-client.test.ts runs the same flow.
 */
export const CONTROL_CLIENT_EXAMPLE = `// contacts.test.ts: npm install --save-dev vitest @echo-openapi/sandbox @echo-openapi/echowin @echo-openapi/echocomm
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEchoCommClient } from '@echo-openapi/echocomm';
import { createEchowinClient, unwrap } from '@echo-openapi/echowin';
import { type RunningSandbox, startSandbox } from '@echo-openapi/sandbox';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

let crm: RunningSandbox;
let sms: RunningSandbox;
beforeAll(async () => {
  // In process, on free ports: no server to start before the tests, none left behind.
  [crm, sms] = await Promise.all([startSandbox({ vendor: 'echowin', port: 0 }), startSandbox({ vendor: 'echocomm', port: 0 })]);
});
afterAll(() => Promise.all([crm.close(), sms.close()]));
// Each test starts from the spec's example records: \`control\` acts as the admin (startSandbox's admin token).
beforeEach(async () => {
  await unwrap(crm.control.resetSandbox({ body: { tenant: 'sandbox-apiKey' } }));
});

it('keeps a contact, an hour later too', async () => {
  const echowin = createEchowinClient({ apiKey: 'sandbox-apiKey', baseUrl: crm.url });
  const { data: contact } = await unwrap(echowin.createContact({ body: { firstName: 'Ada', number: '+15550001111' } }));
  await unwrap(crm.control.advanceClock({ body: { advanceSeconds: 3600 } })); // virtual time: nothing sleeps
  expect((await unwrap(echowin.getContact({ path: { contactId: contact.id } }))).data.firstName).toBe('Ada');
  const { requests } = await unwrap(crm.control.listRequests({ query: { limit: 2 } }));
  expect(requests.map((r) => r.operationId)).toEqual(['getContact', 'createContact']);
});

it('receives an inbound SMS webhook', async () => {
  const received: unknown[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  }).listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const url = \`http://127.0.0.1:\${(receiver.address() as AddressInfo).port}/webhooks/sms\`;
  const echocomm = createEchoCommClient({ apiKey: 'sandbox-apiKey', baseUrl: sms.url });
  await unwrap(echocomm.configureSmsWebhook({ body: { url, events: ['sms.received'] } }));

  const { delivery } = await unwrap(sms.control.sendEvent({ body: { type: 'sms.received', tenant: 'sandbox-apiKey', data: { body: 'STOP' } } }));
  expect(delivery.status).toBe('delivered');
  expect(received).toHaveLength(1);
  // The tenant's own view (its credentials, as on the EchoComm API): its deliveries only, and no clock.
  const { deliveries } = await unwrap(sms.controlFor({ bearerKey: 'sandbox-apiKey' }).listDeliveries());
  expect(deliveries.map((d) => d.id)).toEqual([delivery.id]);
  receiver.close();
});
`;

export function sandboxPage(site: SiteContext, controlSpec = loadControlSpec()): string {
  const vendors = site.vendors.map((v) => v.vendor);
  const [first] = vendors;
  if (!first) throw new Error('No vendors in specs/vendors.yaml');
  const behaviour = vendorBehaviour(vendors);
  const summaryOf = (vendor: Vendor): ApiSummary | undefined => site.apis.find((api) => api.id === vendor.id);
  const operations = operationsOf(controlSpec);
  const range = (ports: number[]) => (ports.length > 1 ? `${Math.min(...ports)}-${Math.max(...ports)}` : String(ports[0]));
  const mockPorts = range(vendors.map((v) => v.mockPort));
  const sandboxPorts = range(vendors.map((v) => v.sandboxPort));

  const portRows = site.vendors.map(({ vendor, spec }) => {
    const summary = summaryOf(vendor);
    return `<tr id="vendor-${escapeHtml(vendor.id)}"><td><a href="${escapeHtml(vendor.id)}/getting-started.html#sandbox">${escapeHtml(vendor.title)}</a></td><td><code>${escapeHtml(sandboxUrl(vendor))}</code></td><td>${tenantCredentials(spec).join(' <em>or</em> ')}</td><td>${errorEnvelope(vendor)}</td><td>${escapeHtml(summary?.rateLimits.join('; ') || 'none stated')}</td></tr>`;
  });
  const behaviourItems = site.vendors.map(({ vendor, spec }) => {
    const resources = storedResources(spec);
    const webhooks = spec['x-webhooks']
      ? ` It delivers webhook events on request: see <a href="${WEBHOOKS_PAGE}#trigger">Receiving webhooks</a>.`
      : '';
    return `<li><strong>${escapeHtml(vendor.title)}</strong> stores ${resources.map((r) => `<code>${escapeHtml(r)}</code>`).join(', ') || 'nothing'}. ${prose(behaviour[vendor.id] ?? '')}${webhooks}</li>`;
  });

  const body = `  <section class="hero"><div class="inner">
    <h1>The sandbox</h1>
    <p>A stateful stand-in for ${escapeHtml(vendors.map((v) => v.title).join(', '))} on your machine: what you create comes back, errors arrive in each vendor's envelope, rate limits apply, and a virtual clock you control makes time pass without waiting. Nothing leaves your machine.</p>
  </div></section>
  <main class="prose">
    <h2 id="mock-or-sandbox">Mock or sandbox?</h2>
    <p>Both speak each API on <code>127.0.0.1</code> without an account, serve paths without the server's base path and take any credential value, so switching a client between them is a port change. The mock answers from the spec's examples; the sandbox behaves like the service.</p>
    ${reflow(`<table>
      <thead><tr><th></th><th>Mock (<code>pnpm mock</code>)</th><th>Sandbox (<code>pnpm sandbox</code>)</th></tr></thead>
      <tbody>
        <tr><td>Ports</td><td>${mockPorts}</td><td>${sandboxPorts}</td></tr>
        <tr><td>State</td><td>None: every call answers the spec's example</td><td>Create, read, list, update and delete, separately for each tenant</td></tr>
        <tr><td>Errors</td><td><code>401</code> without a credential, <code>400</code> or <code>422</code> for a request that breaks the spec; no error that depends on state (an unknown id answers its example)</td><td>The vendor's envelope and status, the documented not-found for unknown ids, <code>400</code> for malformed JSON</td></tr>
        <tr><td>Rate limits</td><td>None (<code>429</code> only on request)</td><td>The documented limits per tenant: <code>429</code> with <code>Retry-After</code></td></tr>
        <tr><td>Virtual time</td><td>None</td><td>A clock you move forward: lifecycles and rate-limit windows advance without sleeping</td></tr>
        <tr><td>Persistence</td><td>Nothing is stored</td><td>In memory, or SQLite files with <code>--data-dir</code> that survive restarts</td></tr>
        <tr><td>Any documented response</td><td><code>Prefer: code=NNN</code></td><td><code>Prefer: code=NNN</code></td></tr>
        <tr><td>Use it to</td><td>Check request shapes and render error paths</td><td>Run a real workflow offline, in tests and demos</td></tr>
      </tbody>
    </table>`)}

    <h2 id="start">Start it</h2>
    <p>In a clone of echo-openapi (after <code>pnpm install</code>), or in your own project: the packages are not on the npm registry yet, so until the release workflow publishes them, install the tarballs <code>pnpm pack:all</code> writes to the clone's <code>dist/packages/</code> (later: <code>npm install --save-dev @echo-openapi/sandbox</code>). Node 22.13 or later uses its built-in SQLite; on an older Node also install <code>better-sqlite3@12</code>. Ctrl-C stops it.</p>
    ${codeBlock(
      `pnpm sandbox                                   # every API, in memory
pnpm sandbox --vendor ${first.id} --port 5000       # one API, on another port
pnpm sandbox --data-dir .sandbox               # keep .sandbox/<vendor>.sqlite across restarts

# in your own project, next to the clone (pnpm pack:all in the clone first)
npm install --save-dev ../echo-openapi/dist/packages/*.tgz
npx echo-sandbox --vendor ${first.id}`,
      'sh',
    )}
    <p>Options: <code>--vendor</code> (${vendors.map((v) => `<code>${escapeHtml(v.id)}</code>`).join(', ')}; repeat it for several), <code>--port</code> (with exactly one <code>--vendor</code>), <code>--host</code> (default <code>127.0.0.1</code>; another address needs <code>--expose</code>), <code>--data-dir</code> (one sandbox process per directory), <code>--admin-token</code>, <code>--allowed-hosts</code> (host names besides loopback ones) and <code>--allow-webhook-hosts</code> (webhook destinations besides loopback); <code>--help</code> lists them all. Point a client at it as at the mock: each <a href="${escapeHtml(first.id)}/getting-started.html#sandbox">getting-started page</a> shows how.</p>

    <h2 id="ports">Ports, tenants and errors</h2>
    <p>Each credential set is a tenant with its own records: another key never sees them. Any value is accepted; a missing credential answers the vendor's <code>401</code>. Every tenant starts with the records the spec's examples show.</p>
    ${reflow(`<table>
      <thead><tr><th>API</th><th>Sandbox</th><th>Tenant: one per</th><th>Errors</th><th>Rate limits</th></tr></thead>
      <tbody>
        ${portRows.join('\n        ')}
      </tbody>
    </table>`)}
    <p>The mocks of the same APIs listen on ${vendors.map((v) => `<code>${escapeHtml(mockUrl(v))}</code>`).join(', ')}.</p>

    <h2 id="behaviour">What each sandbox does</h2>
    <p>Created records come back as sent, plus what the server generates (id, timestamps, declared defaults). Beyond storing records:</p>
    <ul>
      ${behaviourItems.join('\n      ')}
    </ul>

    <h2 id="control">The control API</h2>
    <p>Every sandbox port also serves these calls, next to the vendor's API; each acts on the port it is sent to. In a test, reset before each case and move the clock instead of sleeping.</p>
    <p>Who may call: a tenant, with its own credentials sent exactly as on the vendor's API, acts on that tenant only (its reset, its request log, its webhook events and deliveries). The admin, with the token the sandbox prints at start in the header <code>X-Sandbox-Admin-Token</code>, acts on every tenant and alone moves the clock (one per server). Fix the token with <code>${ADMIN_TOKEN_ENV}</code> (or <code>--admin-token</code>); in process, <code>startSandbox()</code> returns it as <code>adminToken</code>. Writes must be sent as <code>application/json</code>, from a script or test: requests naming a foreign <code>Host</code> (DNS rebinding) or carrying a foreign <code>Origin</code> (a web page) are refused. The threat model is in the package's README.</p>
    ${codeBlock(
      `curl -X POST ${sandboxUrl(first)}/__sandbox/clock -H "X-Sandbox-Admin-Token: $${ADMIN_TOKEN_ENV}" \\
  -H "Content-Type: application/json" --data '{"advanceSeconds": 60}'   # the clock: admin only`,
      'sh',
    )}
    <h3 id="control-client">From a test: the typed client</h3>
    <p><code>startSandbox()</code> starts a sandbox in your test process and returns the control API as a client typed from its description, like the vendors' clients: each call by its operationId (<code>resetSandbox</code>, <code>getClock</code>, <code>advanceClock</code>, <code>listRequests</code>, <code>sendEvent</code>, <code>listDeliveries</code>), with <code>{ path, query, body }</code> checked at compile time. <code>control</code> sends the admin token; <code>controlFor({ echowinApiKey })</code> (or <code>bearerKey</code>, <code>bearerKey</code> with <code>echocueSecret</code>, <code>userechoAccessToken</code>) acts as one tenant; <code>createSandboxControlClient({ baseUrl, adminToken })</code> reaches a sandbox started elsewhere (<code>npx echo-sandbox</code>). A complete vitest file:</p>
    ${codeBlock(CONTROL_CLIENT_EXAMPLE, 'ts')}
    <p> Its <a href="${CONTROL_REFERENCE}">reference</a>, and the description to download: <a href="${CONTROL_SPEC_DOWNLOAD}" download>control.openapi.yaml</a> (OpenAPI ${escapeHtml(String(controlSpec.openapi))}).</p>
    <table>
      <thead><tr><th>Call</th><th>What it does</th></tr></thead>
      <tbody>
        ${operations.map((op) => `<tr><td><a href="#${escapeHtml(op.operationId)}"><code>${escapeHtml(op.method.toUpperCase())} ${escapeHtml(op.path)}</code></a></td><td>${escapeHtml(op.summary)}</td></tr>`).join('\n        ')}
      </tbody>
    </table>
    ${operations.map((op) => operationSection(controlSpec, op, vendors)).join('\n    ')}
  </main>`;
  return page({
    title: 'The sandbox · echo-openapi',
    description: `A stateful local sandbox for ${vendors.map((v) => v.title).join(', ')}, and its control API`,
    root: '',
    nav: siteNav('', site.apis),
    current: SANDBOX_PAGE,
    body,
    css: REFLOW_CSS,
  });
}
