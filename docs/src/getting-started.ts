// One "getting started" page per vendor, generated from specs/vendors.yaml and the vendor's spec: install,
// client creation with the real option names and environment variables, a first read-only call chosen from the
// spec, the same call against the mock, and typed error handling. The TypeScript on the page comes from
// gettingStartedModules(), which test/code-samples.test.ts type-checks like the reference's samples.
import type { OpenApiDocument, Vendor } from '@echo-openapi/tooling-core';
import {
  callExpression,
  chosenRequirement,
  clientCreation,
  clientVariable,
  clientOptions,
  curlSample,
  describeCredential,
  modelOf,
  operationsOf,
  type Operation,
} from './code-samples.js';
import type { ApiSummary } from './landing.js';
import { codeBlock, escapeHtml, page, siteNav } from './layout.js';
import { SANDBOX_PAGE } from './sandbox.js';

/**
 * The operation a newcomer calls first: the first GET without side effects that needs no credential beyond
 * the root's (a read that is safe to try against the live API).
 */
export function firstCallOperation(vendor: Vendor, spec: OpenApiDocument): Operation {
  const root = chosenRequirement(vendor, modelOf(spec).security).join(' ');
  const operation = operationsOf(spec).find(
    (op) => op.method === 'get' && !op.sideEffects && chosenRequirement(vendor, op.security).join(' ') === root,
  );
  if (!operation) throw new Error(`${vendor.title}: the spec has no GET operation without side effects for the getting-started page`);
  return operation;
}

export const mockUrl = (vendor: Vendor): string => `http://127.0.0.1:${vendor.mockPort}`;
export const sandboxUrl = (vendor: Vendor): string => `http://127.0.0.1:${vendor.sandboxPort}`;

/** The two local servers a reader can point the client and curl at (ports from specs/vendors.yaml). */
export function tryItTargets(vendor: Vendor): { id: 'mock' | 'sandbox'; name: string; url: string; start: string; what: string }[] {
  return [
    {
      id: 'mock',
      name: 'Mock',
      url: mockUrl(vendor),
      start: `pnpm mock --vendor ${vendor.id}`,
      what: "Prism answers every call with the spec's examples and rejects requests that break the spec; nothing is stored. Any credential value will do.",
    },
    {
      id: 'sandbox',
      name: 'Sandbox',
      url: sandboxUrl(vendor),
      start: `npx --package @echo-openapi/sandbox echo-sandbox --vendor ${vendor.id}`,
      what: 'A stateful stand-in: what you create comes back, in memory, separately for each credential. Nothing leaves your machine.',
    },
  ];
}

/**
 * The credential value the page's samples use against a local server, one per client option (`sandbox-apiKey`):
 * the TypeScript and the curl sample for a target send the same values, so they share one sandbox tenant.
 */
export const localCredential = (target: { id: string }, option: string): string => `${target.id}-${option}`;

/** A curl sample against a local server, its `$ENV` credentials replaced by the values the TypeScript sample uses. */
export function localCurl(vendor: Vendor, spec: OpenApiDocument, operation: Operation, target: ReturnType<typeof tryItTargets>[number]): string {
  const optionOf = Object.fromEntries(Object.entries(vendor.credentials).map(([option, c]) => [c.env, option]));
  return curlSample(vendor, spec, operation, target.url).replace(/\$([A-Z][A-Z0-9_]*)/g, (variable, env: string) =>
    optionOf[env] ? localCredential(target, optionOf[env]) : variable,
  );
}

/** The complete TypeScript modules the page shows, keyed by a name used in test diagnostics. */
export function gettingStartedModules(vendor: Vendor, spec: OpenApiDocument): Record<'firstCall' | 'mock' | 'sandbox', string> {
  const operation = firstCallOperation(vendor, spec);
  const options = clientOptions(vendor, spec);
  const firstCall = [
    `import { ${vendor.factory}, EchoApiError, unwrap } from '${vendor.package}';`,
    '',
    clientCreation(vendor, options),
    '',
    'try {',
    `  // ${operation.operationId}: ${operation.summary}`,
    `  const result = await unwrap(${callExpression(vendor, spec, operation, 'const result = await unwrap(', 2)});`,
    '  console.log(result);',
    '} catch (error) {',
    '  // A non-2xx answer: its status, and the message and code from the error body.',
    '  if (error instanceof EchoApiError) console.error(error.status, error.apiMessage, error.code);',
    '  else throw error; // a network failure after the retries, or a misconfigured client',
    '}',
    '',
  ].join('\n');
  // The mock checks that each credential is present, not its value; the sandbox keeps one tenant per value.
  const local = (target: ReturnType<typeof tryItTargets>[number]) =>
    [
      `import { ${vendor.factory} } from '${vendor.package}';`,
      '',
      `// ${target.name}: \`${target.start}\` serves ${vendor.title} on ${target.url}.`,
      clientCreation(
        vendor,
        options.map((o) => (o.code.startsWith('process.env.') ? { name: o.name, code: `'${localCredential(target, o.name)}'` } : o)),
        [`baseUrl: '${target.url}',`],
      ),
      '',
      `const { data, error, response } = await ${callExpression(vendor, spec, operation, 'const { data, error, response } = await ')};`,
      'if (error) console.error(response.status, error);',
      'else console.log(data);',
      '',
    ].join('\n');
  const [mockTarget, sandboxTarget] = tryItTargets(vendor);
  const mock = local(mockTarget!);
  const sandbox = local(sandboxTarget!);
  return { firstCall, mock, sandbox };
}

function operationsUsing(spec: OpenApiDocument, scheme: string): string[] {
  return operationsOf(spec)
    .filter((op) => op.security.some((requirement) => requirement.includes(scheme)))
    .map((op) => op.operationId);
}

export function gettingStartedPage(vendor: Vendor, spec: OpenApiDocument, summary: ApiSummary, apis: ApiSummary[]): string {
  const operation = firstCallOperation(vendor, spec);
  const modules = gettingStartedModules(vendor, spec);
  const targets = tryItTargets(vendor);
  const credentialRows = Object.entries(vendor.credentials).map(([option, c]) => {
    const users = operationsUsing(spec, c.scheme);
    const others = operationsOf(spec)
      .map((op) => op.operationId)
      .filter((id) => !users.includes(id));
    const list = (ids: string[]) => ids.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ');
    const scope = others.length === 0 ? 'every operation' : users.length > others.length ? `every operation except ${list(others)}` : list(users);
    return `<tr><td><code>${escapeHtml(option)}</code></td><td><code>${escapeHtml(c.env)}</code></td><td>${describeCredential(spec, c.scheme, '…', (text) => `<code>${escapeHtml(text)}</code>`)}</td><td>${scope}</td></tr>`;
  });
  const variableRows = Object.entries(spec.servers?.[0]?.variables ?? {}).map(
    ([name, variable]) =>
      `<tr><td><code>${escapeHtml(name)}</code></td><td>—</td><td><code>{${escapeHtml(name)}}</code> in the server URL</td><td>${escapeHtml(variable.description ?? '')} Default <code>${escapeHtml(variable.default)}</code>.</td></tr>`,
  );
  const envelope = vendor.errorEnvelope;
  const envelopeText = [
    `<code>error.apiMessage</code> reads the body's <code>${escapeHtml(envelope.message)}</code>`,
    envelope.code ? `<code>error.code</code> its <code>${escapeHtml(envelope.code)}</code>` : undefined,
    envelope.details ? `<code>error.details</code> its <code>${escapeHtml(envelope.details)}</code>` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const envExports = Object.values(vendor.credentials).map((c) => `export ${c.env}=…`);
  const body = `  <section class="hero"><div class="inner">
    <h1>Getting started with ${escapeHtml(vendor.title)}</h1>
    <p>${escapeHtml(vendor.purpose)}. ${summary.operations} operations at <code>${escapeHtml(summary.baseUrl)}</code>; ${escapeHtml(summary.rateLimits.join('; ') || 'no rate limit stated')}.</p>
  </div></section>
  <main class="prose">
    <h2 id="install">1. Install the client</h2>
    <p><code>${escapeHtml(vendor.package)}</code> is a typed client generated from the ${escapeHtml(summary.title)} description (${summary.apiVersion ? `API ${escapeHtml(summary.apiVersion)}, ` : ''}package version ${escapeHtml(summary.version)}): paths, parameters, bodies and responses are checked by TypeScript. Node 20 or later.</p>
    ${codeBlock(`npm install ${vendor.package}`, 'sh')}

    <h2 id="client">2. Create a client</h2>
    <p>Keep credentials out of your code and out of browsers: read them from the environment on your server.</p>
    ${codeBlock(envExports.join('\n'), 'sh')}
    <table>
      <thead><tr><th>Option</th><th>Environment variable</th><th>Sent as</th><th>Needed by</th></tr></thead>
      <tbody>
        ${[...variableRows, ...credentialRows].join('\n        ')}
      </tbody>
    </table>
    <p>The client attaches the credentials each operation needs, retries idempotent calls on 429 and 5xx with backoff, and keeps every credential out of errors and logs. <code>rateLimit: true</code> queues calls to the documented limits.</p>

    <h2 id="first-call">3. Make a first call</h2>
    <p>A read that changes nothing: <strong>${escapeHtml(operation.summary)}</strong> (<code>${escapeHtml(operation.method.toUpperCase())} ${escapeHtml(operation.path)}</code>, <code>${escapeHtml(operation.operationId)}</code>). Every operation is a method of the client named by its operationId, taking its parameters by location (<code>path</code>, <code>query</code>, <code>header</code>) and its <code>body</code>, typed from the spec; your editor shows the operation's description and a link to its reference. The path style stays available for the same call: <code>${escapeHtml(clientVariable(vendor))}.${escapeHtml(operation.method.toUpperCase())}('${escapeHtml(operation.path)}', …)</code>. <code>unwrap</code> returns the typed data or throws a typed error.</p>
    ${codeBlock(modules.firstCall, 'ts')}
    <p>The same call with curl:</p>
    ${codeBlock(curlSample(vendor, spec, operation), 'sh')}

    <h2 id="try-it">4. Try it against the mock or the sandbox</h2>
    <p>Two local servers speak ${escapeHtml(vendor.title)}'s API without an account. They serve paths without the server's base path, so <code>baseUrl</code> is just the host and port. Start one from a clone of this repository (after <code>pnpm install</code>):</p>
    <table>
      <thead><tr><th>Server</th><th>URL</th><th>Start it</th><th>What it does</th></tr></thead>
      <tbody>
        ${targets.map((t) => `<tr id="try-${t.id}"><td>${escapeHtml(t.name)}</td><td><code>${escapeHtml(t.url)}</code></td><td><code>${escapeHtml(t.start)}</code></td><td>${escapeHtml(t.what)}</td></tr>`).join('\n        ')}
      </tbody>
    </table>
    <h3 id="mock">The mock</h3>
    ${codeBlock(modules.mock, 'ts')}
    ${codeBlock(localCurl(vendor, spec, operation, targets[0]!), 'sh')}
    <p>It returns any documented response on request with <code>Prefer: code=NNN</code>, and answers <code>401</code> when a credential is missing:</p>
    ${codeBlock(`${localCurl(vendor, spec, operation, targets[0]!).replace(/^curl /m, 'curl -i ')} \\\n  -H "Prefer: code=401"`, 'sh')}
    <p>More in <a href="../mocks-and-contracts.html">Mocks &amp; contract tests</a>.</p>
    <h3 id="sandbox">The sandbox</h3>
    ${codeBlock(modules.sandbox, 'ts')}
    ${codeBlock(localCurl(vendor, spec, operation, targets[1]!), 'sh')}
    <p>Reset it, move its clock and read its request log with the control API: see <a href="../${SANDBOX_PAGE}#control">The sandbox</a>.</p>

    <h2 id="errors">5. Handle errors</h2>
    <p>By default each call resolves to <code>{ data, error, response }</code>, with <code>error</code> typed from the spec's error responses. <code>unwrap(call)</code>, or <code>throwOnError: true</code> on the client or the call, turns a non-2xx answer into an <code>EchoApiError</code>: <code>error.status</code>, ${envelopeText}; <code>error.operationId</code> names the operation and <code>error.rateLimit</code> carries the rate-limit state when the API sends it.</p>
    <ul>
      <li><code>EchoApiError</code>: the API answered with a non-2xx status.</li>
      <li><code>EchoAuthError</code>: the operation needs a credential the client was not given; nothing was sent.</li>
      <li><code>EchoClientConfigError</code>: a missing or malformed option (an empty key, a bad <code>baseUrl</code>), thrown when the client is created.</li>
    </ul>
    <p>All three are exported by <code>${escapeHtml(vendor.package)}</code>.</p>

    <h2 id="next">Next</h2>
    <p class="buttons">
      <a href="index.html">${escapeHtml(vendor.title)} API reference</a>
      <a class="secondary" href="openapi.yaml" download>openapi.yaml</a>
      <a class="secondary" href="openapi.json" download>openapi.json</a>
      <a class="secondary" href="../mocks-and-contracts.html">Mocks &amp; contract tests</a>
      <a class="secondary" href="../index.html">All APIs</a>
    </p>
    <p>Every operation in the reference has a curl, a TypeScript and a Python sample like the ones above, generated from the spec and type-checked when the docs are tested.</p>
  </main>`;
  return page({
    title: `Getting started with ${vendor.title} · echo-openapi`,
    description: `Install ${vendor.package}, create a client and make a first ${vendor.title} call`,
    root: '../',
    nav: siteNav('../', apis),
    current: `../${vendor.id}/getting-started.html`,
    body,
  });
}

/** The variables a live run needs for a vendor (base URL and credentials), as `pnpm contract --live` reads them. */
export function liveEnv(vendor: Vendor): string[] {
  return [vendor.baseUrlEnv, ...Object.values(vendor.credentials).map((c) => c.env)];
}
