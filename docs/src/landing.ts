import { escapeHtml, page, siteNav } from './layout.js';
import { SANDBOX_PAGE } from './sandbox.js';
import { SEARCH_CSS, searchBox, searchScripts } from './search.js';

/** What the landing page shows of one API (read from its spec by build.ts). */
export interface ApiSummary {
  id: string;
  /** The vendor's name (specs/vendors.yaml `title`). */
  name: string;
  /** The spec's `info.title`. */
  title: string;
  purpose: string;
  /** The client package's version (the spec's info.version). */
  version: string;
  /** The vendor's own API version (info.x-api-version), e.g. v1. */
  apiVersion: string;
  baseUrl: string;
  /** Alternatives, each a set of credentials sent together. */
  auth: string[];
  rateLimits: string[];
  operations: number;
  package: string;
  /** The client factory the package exports. */
  factory: string;
  mockPort: number;
}

function card(api: ApiSummary): string {
  return `
    <article class="card api" id="${escapeHtml(api.id)}">
      <h2><a href="${escapeHtml(api.id)}/index.html">${escapeHtml(api.title)}</a> <span class="version">${api.apiVersion ? `API ${escapeHtml(api.apiVersion)} · ` : ''}client ${escapeHtml(api.version)}</span></h2>
      <p class="purpose">${escapeHtml(api.purpose)}</p>
      <dl>
        <dt>Base URL</dt><dd><code>${escapeHtml(api.baseUrl)}</code></dd>
        <dt>Auth</dt><dd>${api.auth.map((a) => `<code>${escapeHtml(a)}</code>`).join(' <em>or</em> ')}</dd>
        <dt>Rate limits</dt><dd>${api.rateLimits.map(escapeHtml).join('; ') || 'none stated'}</dd>
        <dt>Operations</dt><dd>${api.operations}</dd>
        <dt>Client</dt><dd><code>npm install ${escapeHtml(api.package)}</code> once published (until then, <a href="${escapeHtml(api.id)}/getting-started.html#install">the tarballs</a>), then <code>${escapeHtml(api.factory)}(…)</code></dd>
        <dt>Mock</dt><dd><code>pnpm mock</code> serves it on <code>http://127.0.0.1:${api.mockPort}</code></dd>
      </dl>
      <p class="buttons">
        <a href="${escapeHtml(api.id)}/getting-started.html">Getting started</a>
        <a href="${escapeHtml(api.id)}/index.html">API reference</a>
      </p>
      <p class="downloads">Download the spec: <a href="${escapeHtml(api.id)}/openapi.yaml" download>openapi.yaml</a> · <a href="${escapeHtml(api.id)}/openapi.json" download>openapi.json</a></p>
    </article>`;
}

/** The landing page: self-contained (no fonts or scripts from elsewhere), so the site works offline. */
export function landingPage(apis: ApiSummary[], searchCount: number): string {
  return page({
    title: 'echo-openapi: API references',
    description: `OpenAPI references, typed clients and mocks for ${apis.map((a) => a.title).join(', ')}`,
    root: '',
    nav: siteNav('', apis),
    current: 'index.html',
    css: SEARCH_CSS,
    scripts: searchScripts(),
    body: `  <section class="hero"><div class="inner">
    <h1>API references for ${apis.length} messaging and CRM APIs</h1>
    <p>OpenAPI descriptions, typed TypeScript clients, offline mocks and a stateful sandbox (what you create comes back, webhooks included) for ${escapeHtml(apis.map((a) => a.name).join(', '))}, written from the vendors' public pages. Every page here is built from the specs.</p>
  </div></section>
  <main>
    ${searchBox(searchCount)}
    <div class="cards">${apis.map(card).join('\n')}
    </div>
  </main>
  <footer>Run every API offline with <code>pnpm mock</code> and check the specs against a server with <code>pnpm contract</code>: see <a href="mocks-and-contracts.html">Mocks &amp; contract tests</a>. Run a real workflow offline with <code>pnpm sandbox</code>: see <a href="${SANDBOX_PAGE}">The sandbox</a>. Built from the specs in <code>specs/</code>.</footer>`,
  });
}
