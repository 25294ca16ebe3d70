// The frame every hand-built page shares (landing, getting started, mocks and contracts): the project's
// colours, logo and navigation, inline CSS only and no scripts, so each page is one small request that works
// offline.

export const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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
    pre code { background: none; padding: 0; color: inherit; font-size: .85rem; }
    pre .c { color: #8fa3b8; }
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
    @media (max-width: 40rem) { .cards { grid-template-columns: 1fr; } dl { grid-template-columns: 1fr; } }
`;

/** A code block; `//` and `#` comment lines are dimmed (the only highlighting: no script needed). */
export function codeBlock(source: string, language: 'ts' | 'sh' | 'json'): string {
  const comment = language === 'sh' ? /^(\s*)(#.*)$/ : /^(\s*)(\/\/.*)$/;
  const lines = source.replace(/\n+$/, '').split('\n').map((line) => {
    const match = comment.exec(line);
    return match ? `${escape(match[1] ?? '')}<span class="c">${escape(match[2] ?? '')}</span>` : escape(line);
  });
  return `<pre><code class="language-${language}">${lines.join('\n')}</code></pre>`;
}

/** The header bar's links, the current page marked for screen readers and the underline. */
export function navLinks(nav: NavLink[], current: string | undefined, indent: string): string {
  return nav.map((link) => `<a href="${escape(link.href)}"${link.href === current ? ' aria-current="page"' : ''}>${escape(link.label)}</a>`).join(`\n${indent}`);
}

export function page(options: PageOptions): string {
  const nav = navLinks(options.nav, options.current, '        ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escape(options.title)}</title>
  <meta name="description" content="${escape(options.description)}">
  <link rel="icon" href="${options.root}logo.svg" type="image/svg+xml">
  <style>${CSS}  </style>
</head>
<body>
  <header class="bar"><div class="inner">
    <a class="brand" href="${options.root}index.html"><img src="${options.root}logo.svg" alt="" width="28" height="28"> echo-openapi</a>
    <nav aria-label="Site">
        ${nav}
    </nav>
  </div></header>
${options.body}
</body>
</html>
`;
}

/** The header links of every page: home, each API's getting-started page and reference, the mocks guide. */
export function siteNav(root: string, apis: { id: string; name: string }[]): NavLink[] {
  return [
    { href: `${root}index.html`, label: 'All APIs' },
    ...apis.map((api) => ({ href: `${root}${api.id}/getting-started.html`, label: api.name })),
    { href: `${root}mocks-and-contracts.html`, label: 'Mocks & contract tests' },
  ];
}
