// The page on running the mocks and the contract tests: the commands are the README's, the per-vendor facts
// (ports, environment variables, calls with side effects) come from specs/vendors.yaml and the specs.
import type { OpenApiDocument, Vendor } from '@echo-openapi/tooling-core';
import { operationsOf } from './code-samples.js';
import { firstCallOperation, liveEnv, mockUrl } from './getting-started.js';
import type { ApiSummary } from './landing.js';
import { codeBlock, escapeHtml, page, siteNav } from './layout.js';

export interface GuideVendor {
  vendor: Vendor;
  spec: OpenApiDocument;
}

export function guidePage(vendors: GuideVendor[], apis: ApiSummary[]): string {
  const [first] = vendors;
  if (!first) throw new Error('No vendors in specs/vendors.yaml');
  const example = firstCallOperation(first.vendor, first.spec);
  const mockRows = vendors.map(
    ({ vendor }) =>
      `<tr><td><a href="${escapeHtml(vendor.id)}/getting-started.html">${escapeHtml(vendor.title)}</a></td><td><code>${mockUrl(vendor)}</code></td><td><code>pnpm mock --vendor ${escapeHtml(vendor.id)}</code></td></tr>`,
  );
  const liveRows = vendors.map(
    ({ vendor }) =>
      `<tr><td>${escapeHtml(vendor.title)}</td><td>${liveEnv(vendor)
        .map((name) => `<code>${escapeHtml(name)}</code>`)
        .join(' ')}</td></tr>`,
  );
  const sideEffectRows = vendors.flatMap(({ vendor, spec }) =>
    operationsOf(spec)
      .filter((op) => op.sideEffects)
      .map(
        (op) =>
          `<tr><td>${escapeHtml(vendor.title)}</td><td><code>${escapeHtml(op.operationId)}</code><br><small>${escapeHtml(op.method.toUpperCase())} ${escapeHtml(op.path)}</small></td><td>${escapeHtml(op.sideEffects ?? '')}</td></tr>`,
      ),
  );
  const firstEnv = liveEnv(first.vendor);
  const body = `  <section class="hero"><div class="inner">
    <h1>Mocks &amp; contract tests</h1>
    <p>Run every API offline from its spec, and check the specs against the mocks, a live API or any server. Commands run from a clone of the repository after <code>pnpm install</code>.</p>
  </div></section>
  <main class="prose">
    <h2 id="mocks">Run the mocks</h2>
    <p><code>pnpm mock</code> starts a Prism mock per API on fixed ports, each answering with the examples in its spec; Ctrl-C stops them. <code>npm start</code> serves them together with this site.</p>
    ${codeBlock('pnpm mock                       # every API\npnpm mock --vendor ' + first.vendor.id + '   # one API', 'sh')}
    <table>
      <thead><tr><th>API</th><th>Mock</th><th>Just this one</th></tr></thead>
      <tbody>
        ${mockRows.join('\n        ')}
      </tbody>
    </table>
    <h3 id="prefer">Choosing a response</h3>
    <p>Paths are served without the server's base path. A request without credentials gets <code>401</code>, one that breaks the spec <code>400</code> or <code>422</code>. Any documented response can be requested with Prism's <code>Prefer</code> header:</p>
    ${codeBlock(`# with the credential headers of the API (any value does)\ncurl -i "${mockUrl(first.vendor)}${example.path}" -H "Prefer: code=429"`, 'sh')}
    <p>Clients take the mock as their <code>baseUrl</code>; each <a href="${escapeHtml(first.vendor.id)}/getting-started.html#mock">getting-started page</a> shows how.</p>

    <h2 id="contract">Contract tests</h2>
    <p><code>pnpm contract</code> starts fresh mocks on free ports and runs Dredd over every operation and every documented response code, validating each response against its full schema. It prints a coverage table and writes JUnit XML to <code>reports/contract/</code>.</p>
    ${codeBlock(`pnpm contract                    # every API, against fresh mocks\npnpm contract --vendor ${first.vendor.id}   # one API`, 'sh')}

    <h3 id="live">Against the live API</h3>
    <p><code>--live</code> sends the same requests to the real API, with the base URL and credentials from the environment. Without them it says which variables are missing and sends nothing.</p>
    ${codeBlock(`${firstEnv.map((name) => `export ${name}=…`).join('\n')}\npnpm contract --live --vendor ${first.vendor.id}`, 'sh')}
    <table>
      <thead><tr><th>API</th><th>Environment variables for <code>--live</code></th></tr></thead>
      <tbody>
        ${liveRows.join('\n        ')}
      </tbody>
    </table>
    <p>A live run is read-only unless you ask: writes (POST, PUT, PATCH, DELETE) would act on real records with the examples' ids, so they are skipped unless you add <code>--allow-writes</code>. Calls that send messages or cost money are skipped unless you add <code>--allow-side-effects</code> (which allows writes too):</p>
    <table>
      <thead><tr><th>API</th><th>Operation</th><th>Side effects</th></tr></thead>
      <tbody>
        ${sideEffectRows.join('\n        ')}
      </tbody>
    </table>

    <h3 id="target">Against any server</h3>
    <p>A staging host, a local build of the service or a proxy: <code>--target</code> takes its URL, for one API at a time.</p>
    ${codeBlock(`pnpm contract --target https://staging.example.com/v1 --vendor ${first.vendor.id}`, 'sh')}

    <h3 id="proxy">Validate your own traffic</h3>
    <p><code>pnpm proxy</code> puts Prism's validating proxy in front of a live API: point your application at the proxy and every request or response that breaks the spec is reported as it happens.</p>
    ${codeBlock(`pnpm proxy --vendor ${first.vendor.id} --target <url>`, 'sh')}
  </main>`;
  return page({
    title: 'Mocks & contract tests · echo-openapi',
    description: 'Run the API mocks offline and check the specs with contract tests',
    root: '',
    nav: siteNav('', apis),
    current: 'mocks-and-contracts.html',
    body,
  });
}
