/** What the landing page shows of one API (read from its spec by build.ts). */
export interface ApiSummary {
  id: string;
  title: string;
  purpose: string;
  version: string;
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

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function card(api: ApiSummary): string {
  return `
    <article class="api" id="${escape(api.id)}">
      <h2><a href="${escape(api.id)}/index.html">${escape(api.title)}</a> <span class="version">v${escape(api.version)}</span></h2>
      <p class="purpose">${escape(api.purpose)}</p>
      <dl>
        <dt>Base URL</dt><dd><code>${escape(api.baseUrl)}</code></dd>
        <dt>Auth</dt><dd>${api.auth.map((a) => `<code>${escape(a)}</code>`).join(' <em>or</em> ')}</dd>
        <dt>Rate limits</dt><dd>${api.rateLimits.map(escape).join('; ') || 'none stated'}</dd>
        <dt>Operations</dt><dd>${api.operations}</dd>
        <dt>Client</dt><dd><code>npm install ${escape(api.package)}</code>, then <code>${escape(api.factory)}(…)</code></dd>
        <dt>Mock</dt><dd><code>pnpm mock</code> serves it on <code>http://127.0.0.1:${api.mockPort}</code></dd>
      </dl>
      <p class="links">
        <a href="${escape(api.id)}/index.html">API reference</a>
        <a href="${escape(api.id)}/openapi.yaml" download>openapi.yaml</a>
        <a href="${escape(api.id)}/openapi.json" download>openapi.json</a>
      </p>
    </article>`;
}

/** The landing page: self-contained (no fonts or scripts from elsewhere), so the site works offline. */
export function landingPage(apis: ApiSummary[]): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>echo-openapi: API references</title>
  <meta name="description" content="OpenAPI references, typed clients and mocks for ${escape(apis.map((a) => a.title).join(', '))}">
  <link rel="icon" href="logo.svg" type="image/svg+xml">
  <style>
    :root { --ink: #1d3557; --muted: #52606d; --accent: #e63946; --bg: #f7f9fb; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
    header { background: var(--ink); color: #f1faee; padding: 2rem 1.5rem; }
    header .inner, main { max-width: 68rem; margin: 0 auto; }
    header h1 { margin: 0 0 .25rem; display: flex; align-items: center; gap: .75rem; font-size: 1.8rem; }
    header p { margin: 0; color: #cfd8e3; }
    main { padding: 1.5rem; display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); }
    .api { background: #fff; border: 1px solid #dde3ea; border-radius: 10px; padding: 1.25rem 1.5rem; }
    .api h2 { margin: 0; font-size: 1.35rem; }
    .api h2 a { color: var(--ink); text-decoration: none; }
    .version { color: var(--muted); font-size: .9rem; font-weight: normal; }
    .purpose { color: var(--muted); margin: .25rem 0 1rem; }
    dl { display: grid; grid-template-columns: 7.5rem 1fr; gap: .35rem .75rem; margin: 0 0 1rem; }
    dt { font-weight: 600; }
    dd { margin: 0; overflow-wrap: anywhere; }
    code { background: #eef2f6; padding: .05rem .3rem; border-radius: 4px; font-size: .88em; }
    .links { display: flex; gap: 1rem; flex-wrap: wrap; margin: 0; }
    .links a { color: #fff; background: var(--ink); padding: .4rem .8rem; border-radius: 6px; text-decoration: none; font-size: .92rem; }
    .links a:hover { background: var(--accent); }
    footer { max-width: 68rem; margin: 0 auto; padding: 0 1.5rem 2rem; color: var(--muted); font-size: .9rem; }
  </style>
</head>
<body>
  <header><div class="inner">
    <h1><img src="logo.svg" alt="" width="36" height="36"> echo-openapi</h1>
    <p>OpenAPI references, typed TypeScript clients and offline mocks for ${apis.length} messaging and CRM APIs, written from the vendors' public pages.</p>
  </div></header>
  <main>${apis.map(card).join('\n')}
  </main>
  <footer>Built from the specs in <code>specs/</code>. Run every API offline with <code>pnpm mock</code>; check the specs against a server with <code>pnpm contract</code>.</footer>
</body>
</html>
`;
}
