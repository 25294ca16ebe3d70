// Search across every API from the landing page, offline: at build time a MiniSearch index of every
// operation, every component schema and every section of the hand-built guides is serialized into
// dist/assets/search-index.js; the landing page loads it with MiniSearch's own browser build
// (dist/assets/minisearch.js) and links each result into the right reference or guide.
import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MiniSearch, { type Options } from 'minisearch';
import type { OpenApiDocument, Vendor } from '@echo-openapi/tooling-core';
import { operationsOf } from './code-samples.js';
import { operationRoute, schemaRoute } from './redoc.js';

export interface SearchDocument {
  id: string;
  kind: 'operation' | 'schema' | 'guide';
  /** The API it belongs to, or the site for guides that cover every API. */
  api: string;
  title: string;
  /** `POST /api/sms/send · sendSms`, a schema's name, a guide's page. */
  detail: string;
  text: string;
  /** An operation's documented response codes (`200 400 401 429`), so a search for a status finds the operations that answer it. */
  codes?: string;
  /** From the site root, e.g. `echocue/index.html#/messaging/sendsms`. */
  url: string;
}

export const SEARCH_SCRIPT = 'assets/minisearch.js';
export const SEARCH_INDEX = 'assets/search-index.js';

/** The options the index is built and loaded with (loadJSON needs the same ones). */
export const searchOptions = {
  fields: ['title', 'detail', 'text', 'api', 'codes'],
  storeFields: ['kind', 'api', 'title', 'detail', 'url'],
  searchOptions: { boost: { title: 3, detail: 2 }, prefix: true, fuzzy: 0.2 },
} satisfies Options<SearchDocument>;

/** Markdown and HTML down to words. */
const plain = (text: string | undefined) =>
  (text ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[`*_#>|]/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Every operation and component schema of one API. */
export function referenceDocuments(vendor: Vendor, spec: OpenApiDocument): SearchDocument[] {
  const operations = operationsOf(spec).map(
    (op): SearchDocument => ({
      id: `${vendor.id}/operation/${op.operationId}`,
      kind: 'operation',
      api: vendor.title,
      title: op.summary,
      detail: `${op.method.toUpperCase()} ${op.path} · ${op.operationId}`,
      text: plain(op.model.description),
      codes: Object.keys(op.model.responses).join(' '),
      url: `${vendor.id}/index.html#${operationRoute(op.tag, op.operationId)}`,
    }),
  );
  const schemas = Object.entries((spec.components?.schemas ?? {}) as Record<string, { description?: string; title?: string }>).map(
    ([name, schema]): SearchDocument => ({
      id: `${vendor.id}/schema/${name}`,
      kind: 'schema',
      api: vendor.title,
      title: name,
      detail: `${name} schema`,
      text: plain(schema.description),
      url: `${vendor.id}/index.html#${schemaRoute(name)}`,
    }),
  );
  return [...operations, ...schemas];
}

/** Each `<h2 id>` section of a hand-built page, as one guide result linking to its anchor. */
export function guideDocuments(path: string, html: string, api: string): SearchDocument[] {
  const pageTitle = plain(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1]);
  const sections = [...html.matchAll(/<h2 id="([^"]+)"[^>]*>([\s\S]*?)<\/h2>([\s\S]*?)(?=<h2 id=|<\/main>)/g)];
  return sections.map(([, id, heading, body]) => ({
    id: `${path}#${id}`,
    kind: 'guide',
    api,
    title: `${plain(heading)} — ${pageTitle}`,
    detail: pageTitle,
    text: plain(body).slice(0, 2000),
    url: `${path}#${id}`,
  }));
}

/** Writes the index and MiniSearch's browser build into dist/assets. */
export function writeSearchAssets(dist: string, documents: SearchDocument[]): void {
  const ids = new Set<string>();
  for (const doc of documents) {
    if (ids.has(doc.id)) throw new Error(`Two search documents share the id ${doc.id}`);
    ids.add(doc.id);
  }
  const index = new MiniSearch<SearchDocument>(searchOptions);
  index.addAll(documents);
  writeFileSync(join(dist, SEARCH_INDEX), `window.ECHO_SEARCH = ${JSON.stringify({ options: searchOptions, index: JSON.stringify(index) })};\n`);
  // MiniSearch's browser build (UMD, global `MiniSearch`); the package exports only its modules, so it is
  // found from the CommonJS entry next to it.
  const require = createRequire(import.meta.url);
  const umd = join(dirname(require.resolve('minisearch')), '..', 'umd', 'index.js');
  copyFileSync(umd, join(dist, SEARCH_SCRIPT));
}

/** The landing page's search box; `searchScripts` makes it work. Without scripts it hides itself. */
export function searchBox(count: number): string {
  return `<section class="search" id="search" hidden>
      <label for="search-input">Search all APIs</label>
      <input id="search-input" type="search" autocomplete="off" spellcheck="false" placeholder="Operations, schemas and guides, e.g. send sms, contact, 429" aria-controls="search-results">
      <p class="search-status" id="search-status" aria-live="polite">${count} operations, schemas and guide sections</p>
      <ol class="search-results" id="search-results"></ol>
    </section>`;
}

/** The scripts that load the index (relative to the landing page) and render results as links. */
export function searchScripts(): string {
  return `
  <script src="${SEARCH_SCRIPT}"></script>
  <script src="${SEARCH_INDEX}"></script>
  <script>
    (() => {
      const { options, index } = window.ECHO_SEARCH;
      const search = MiniSearch.loadJSON(index, options);
      const box = document.getElementById('search');
      const input = document.getElementById('search-input');
      const list = document.getElementById('search-results');
      const status = document.getElementById('search-status');
      const idle = status.textContent;
      const kinds = { operation: 'Operation', schema: 'Schema', guide: 'Guide' };
      const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
      box.hidden = false;
      input.addEventListener('input', () => {
        const query = input.value.trim();
        const results = query ? search.search(query).slice(0, 12) : [];
        status.textContent = query ? (results.length ? results.length + ' best matches' : 'No match for "' + query + '"') : idle;
        list.innerHTML = results
          .map((r) => '<li class="result ' + r.kind + '"><a href="' + escapeHtml(r.url) + '"><span class="kind">' + kinds[r.kind] + '</span> <strong>' + escapeHtml(r.title) + '</strong> <span class="api">' + escapeHtml(r.api) + '</span><br><small>' + escapeHtml(r.detail) + '</small></a></li>')
          .join('');
      });
    })();
  </script>`;
}

export const SEARCH_CSS = `
    .search { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem; margin: 0 0 1.5rem; }
    .search label { font-weight: 700; display: block; margin-bottom: .4rem; }
    .search input { width: 100%; font: inherit; padding: .55rem .75rem; border: 1px solid #9aa8b6; border-radius: 6px; }
    .search-status { color: var(--muted); font-size: .88rem; margin: .4rem 0 0; }
    .search-results { list-style: none; padding: 0; margin: .4rem 0 0; }
    .search-results a { display: block; padding: .45rem .6rem; border-radius: 6px; text-decoration: none; color: var(--ink); overflow-wrap: anywhere; }
    .search-results a:hover, .search-results a:focus { background: #eef2f6; }
    .search-results .kind { font-size: .72rem; text-transform: uppercase; letter-spacing: .04em; background: var(--ink); color: #fff; border-radius: 4px; padding: .05rem .35rem; }
    .search-results .schema .kind { background: #52606d; }
    .search-results .guide .kind { background: #2a7a4b; }
    .search-results .api { color: var(--muted); font-size: .88rem; }
    .search-results small { color: var(--muted); }
`;
