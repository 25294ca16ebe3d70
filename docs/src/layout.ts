// The frame every hand-built page shares (landing, getting started, mocks and contracts): the project's
// colours, logo and navigation, inline CSS and one small inline script (copy buttons), so each page is one
// small request that works offline.
import { readFileSync } from 'node:fs';
import type { OpenApiDocument, Vendor } from '@echo-openapi/tooling-core';
import type { ApiSummary } from './landing.js';

/**
 * The logo as a data: URL, in every page and in the references' sidebar: it never depends on the page's URL,
 * so no route, sub-path or navigation inside Redoc can break it.
 */
export const LOGO = `data:image/svg+xml,${encodeURIComponent(readFileSync(new URL('./assets/logo.svg', import.meta.url), 'utf8').trim())}`;

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Spec or README prose: escaped, with its `code` spans as <code>. */
export const prose = (text: string): string => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/** The project's palette; the Redoc pages use it too (see redoc.ts). */
export const theme = {
  ink: '#1d3557',
  muted: '#52606d',
  accent: '#e63946',
  background: '#f7f9fb',
  line: '#dde3ea',
  codeBackground: '#0f1d33',
  codeInk: '#e8eef5',
} as const;

export interface NavLink {
  href: string;
  label: string;
}

export interface PageOptions {
  title: string;
  description: string;
  /** Relative path from this page to the site root: '' or '../'. */
  root: string;
  /** Links in the header bar (already relative to this page). */
  nav: NavLink[];
  /** The header's `href` that is the current page, marked for screen readers and styled. */
  current?: string;
  body: string;
  /** Extra `<script>` elements at the end of the body (the landing page's search). */
  scripts?: string;
  /** Extra CSS for this page. */
  css?: string;
}

export const CSS = `
    :root { --ink: ${theme.ink}; --muted: ${theme.muted}; --accent: ${theme.accent}; --bg: ${theme.background}; --line: ${theme.line}; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; color: var(--ink); background: var(--bg); }
    a { color: #1a5fb4; }
    .bar { background: var(--ink); color: #f1faee; }
    .bar .inner { max-width: 72rem; margin: 0 auto; padding: .7rem 1.5rem; display: flex; align-items: center; gap: 1.5rem; flex-wrap: wrap; }
    .brand img { border-radius: 6px; box-shadow: 0 0 0 1px #ffffff40; }
    .brand { display: flex; align-items: center; gap: .6rem; color: #fff; text-decoration: none; font-weight: 700; font-size: 1.1rem; }
    .bar nav { display: flex; gap: .25rem 1rem; flex-wrap: wrap; font-size: .93rem; }
    .bar nav a { color: #cfd8e3; text-decoration: none; padding: .15rem 0; border-bottom: 2px solid transparent; }
    .bar nav a:hover, .bar nav a[aria-current="page"] { color: #fff; border-bottom-color: var(--accent); }
    .hero { background: var(--ink); color: #f1faee; padding: 1.5rem 1.5rem 2.25rem; }
    .hero .inner { max-width: 72rem; margin: 0 auto; }
    .hero h1 { margin: 0 0 .4rem; font-size: 2rem; line-height: 1.25; }
    .hero p { margin: 0; color: #cfd8e3; max-width: 52rem; }
    .hero code { background: #ffffff1f; color: #fff; }
    main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
    main.prose { max-width: 56rem; }
    h2 { font-size: 1.4rem; margin: 2.2rem 0 .6rem; padding-top: .6rem; border-top: 1px solid var(--line); }
    h2:first-child { border-top: 0; margin-top: .5rem; }
    h3 { font-size: 1.1rem; margin: 1.5rem 0 .4rem; }
    code { background: #e9eef4; padding: .05rem .3rem; border-radius: 4px; font: .88em/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
    pre { background: ${theme.codeBackground}; color: ${theme.codeInk}; padding: 1rem 1.15rem; border-radius: 8px; overflow-x: auto; margin: .6rem 0 1.1rem; }
    pre { position: relative; }
    pre code { background: none; padding: 0; color: inherit; font-size: .85rem; }
    pre .c { color: #8fa3b8; font-style: italic; }
    pre .s { color: #a5d6a7; }
    pre .n { color: #f4b183; }
    pre .k { color: #8ab4f8; font-weight: 600; }
    /* Above the code's first line, never over it: the block reserves the top strip for it. */
    pre:has(> .copy) { padding-top: 2.3rem; }
    pre .copy { position: absolute; top: .45rem; right: .5rem; font: 600 .75rem/1 system-ui, sans-serif; color: #e8eef5; background: #ffffff1a;
      border: 1px solid #ffffff40; border-radius: 5px; padding: .3rem .55rem; cursor: pointer; }
    pre .copy:hover, pre .copy:focus-visible { background: #ffffff33; }
    table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.2rem; background: #fff; font-size: .93rem; }
    th, td { text-align: left; padding: .45rem .7rem; border: 1px solid var(--line); vertical-align: top; overflow-wrap: break-word; }
    td:first-child, td code { white-space: nowrap; }
    th { background: #eef2f6; }
    .note { background: #fff7e6; border-left: 4px solid #f0a020; padding: .6rem .9rem; border-radius: 4px; }
    .cards { display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem 1.5rem; }
    .card h2 { margin: 0; padding: 0; border: 0; font-size: 1.35rem; }
    .card h2 a { color: var(--ink); text-decoration: none; }
    .version { color: var(--muted); font-size: .9rem; font-weight: normal; }
    .purpose { color: var(--muted); margin: .25rem 0 1rem; }
    dl { display: grid; grid-template-columns: 7.5rem 1fr; gap: .35rem .75rem; margin: 0 0 1rem; }
    dt { font-weight: 600; }
    dd { margin: 0; overflow-wrap: anywhere; }
    .buttons { display: flex; gap: .6rem; flex-wrap: wrap; margin: 0; }
    .buttons a { color: #fff; background: var(--ink); padding: .4rem .8rem; border-radius: 6px; text-decoration: none; font-size: .92rem; }
    .buttons a.secondary { background: #fff; color: var(--ink); border: 1px solid var(--ink); }
    .downloads { margin: .7rem 0 0; font-size: .9rem; color: var(--muted); }
    .buttons a:hover { background: var(--accent); border-color: var(--accent); color: #fff; }
    footer { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 2.5rem; color: var(--muted); font-size: .9rem; }
    @media (max-width: 40rem) {
      .cards { grid-template-columns: 1fr; } dl { grid-template-columns: 1fr; }
      /* Wide tables scroll inside themselves instead of widening the page. */
      table { display: block; overflow-x: auto; }
      .bar .inner, .hero, main { padding-left: 1rem; padding-right: 1rem; }
    }
`;

const KEYWORDS: Record<'ts' | 'sh' | 'json', RegExp | undefined> = {
  ts: /^(?:import|from|export|const|let|await|async|function|return|if|else|try|catch|throw|new|for|of|true|false|null|undefined)$/,
  sh: /^(?:curl|npm|pnpm|export|cd|git)$/,
  json: /^(?:true|false|null)$/,
};
/** One token per match: a comment, a string, a number or a word (checked against the keywords). */
const TOKENS: Record<'ts' | 'sh' | 'json', RegExp> = {
  ts: /(\/\/[^\n]*)|('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_$][\w$]*)/g,
  sh: /((?:^|(?<=\s))#[^\n]*)|('[^']*'|"(?:[^"\\]|\\.)*")|(\B-{1,2}[A-Za-z][\w-]*)|([A-Za-z_][\w-]*)/g,
  json: /(\/\/[^\n]*)|("(?:[^"\\\n]|\\.)*")|(-?\b\d+(?:\.\d+)?\b)|([a-z]+)/g,
};

/**
 * Highlights code at build time (no script): comments `.c`, strings `.s`, numbers and shell flags `.n`,
 * keywords and commands `.k`. Everything else is escaped text.
 */
export function highlight(source: string, language: 'ts' | 'sh' | 'json'): string {
  let html = '';
  let last = 0;
  for (const match of source.matchAll(TOKENS[language])) {
    const [text, comment, string, number, word] = match;
    const index = match.index ?? 0;
    html += escapeHtml(source.slice(last, index));
    last = index + text.length;
    const kind = comment ? 'c' : string ? 's' : number ? 'n' : word && KEYWORDS[language]?.test(word) ? 'k' : undefined;
    html += kind ? `<span class="${kind}">${escapeHtml(text)}</span>` : escapeHtml(text);
  }
  return html + escapeHtml(source.slice(last));
}

/** A highlighted code block; the page's script adds a copy button to each (see COPY_SCRIPT). */
export function codeBlock(source: string, language: 'ts' | 'sh' | 'json'): string {
  return `<pre><code class="language-${language}">${highlight(source.replace(/\n+$/, ''), language)}</code></pre>`;
}

/** Adds a "Copy" button to every code block; the only script on the hand-built pages, inline and small. */
export const COPY_SCRIPT = `
for (const pre of document.querySelectorAll('pre')) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy';
  button.textContent = 'Copy';
  button.setAttribute('aria-label', 'Copy code');
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(pre.querySelector('code').textContent);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => (button.textContent = 'Copy'), 1500);
  });
  pre.appendChild(button);
}`;

/** The header bar's links, the current page marked for screen readers and the underline. */
export function navLinks(nav: NavLink[], current: string | undefined, indent: string): string {
  return nav
    .map((link) => `<a href="${escapeHtml(link.href)}"${link.href === current ? ' aria-current="page"' : ''}>${escapeHtml(link.label)}</a>`)
    .join(`\n${indent}`);
}

export function page(options: PageOptions): string {
  const nav = navLinks(options.nav, options.current, '        ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(options.title)}</title>
  <meta name="description" content="${escapeHtml(options.description)}">
  <link rel="icon" href="${LOGO}" type="image/svg+xml">
  <style>${CSS}${options.css ?? ''}  </style>
</head>
<body>
  <header class="bar"><div class="inner">
    <a class="brand" href="${options.root}index.html"><img src="${LOGO}" alt="" width="28" height="28"> echo-openapi</a>
    <nav aria-label="Site">
        ${nav}
    </nav>
  </div></header>
${options.body}
  <script>${COPY_SCRIPT}
  </script>${options.scripts ?? ''}
</body>
</html>
`;
}

/**
 * A page another part of the project adds to the site (e.g. "Receiving webhooks"): any module in docs/src
 * that exports `sitePage` is picked up by build.ts, linked in every page's header and indexed for search
 * (each `<h2 id>` section). `render` gets the site; use `page()` and `siteNav(site.root...)` for the frame.
 */
export interface SitePage {
  /** Path from the site root, e.g. `webhooks.html`. */
  path: string;
  /** Its link text in the header. */
  label: string;
  render(site: SiteContext): string | Promise<string>;
  /** Files copied into the site as they are (downloads): path from the site root -> absolute source path. */
  files?: Record<string, string>;
  /** A Redoc reference the page comes with, built like the vendors' (redoc.ts). */
  reference?(site: SiteContext): SiteReference;
}

export interface SiteReference {
  /** `<folder>/index.html` from the site root: one level down, like the vendors' references. */
  path: string;
  /** The spec as the reference shows it. */
  spec: OpenApiDocument;
  title: string;
  description: string;
  /** The download buttons, relative to the reference. */
  downloads: { title: string; url: string }[];
}

export interface SiteContext {
  /** Every API, as the landing page lists them. */
  apis: ApiSummary[];
  /** Each vendor with its bundled spec. */
  vendors: { vendor: Vendor; spec: OpenApiDocument }[];
}

/** The registered pages' header links, in registration order (build.ts registers them before rendering). */
const extraNav: { path: string; label: string }[] = [];
export function registerNavPage(page: { path: string; label: string }): void {
  if (!extraNav.some((p) => p.path === page.path)) extraNav.push({ path: page.path, label: page.label });
}

/** The header links of every page: home, each API's getting-started page, the guides and registered pages. */
export function siteNav(root: string, apis: { id: string; name: string }[]): NavLink[] {
  return [
    { href: `${root}index.html`, label: 'All APIs' },
    ...apis.map((api) => ({ href: `${root}${api.id}/getting-started.html`, label: api.name })),
    { href: `${root}mocks-and-contracts.html`, label: 'Mocks & contract tests' },
    ...extraNav.map((page) => ({ href: `${root}${page.path}`, label: page.label })),
  ];
}
