// One Redoc reference per vendor, built with `redocly build-docs` and made to work offline with one shared
// copy of Redoc:
// - build-docs either inlines Redoc's 2.3 MB script into every page (--inlineBundle) or imports it from
//   Redocly's CDN. We do neither: every page imports ../assets/redoc.standalone.js, copied once from the
//   installed @redocly/cli, so the browser downloads it once and nothing leaves the site.
// - The copy's "API docs by Redocly" badge loads its image from Redocly's CDN; the copy points it at a local
//   file instead.
// - Telemetry is off (REDOCLY_TELEMETRY=off), or the page would post traces to Redocly on every visit.
// The page frame (header bar, theme, logo) is our Handlebars template.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { binPath, runNode, type OpenApiDocument, type Vendor } from '@echo-openapi/tooling-core';
import { redocCodeSamplesOption, withCodeSamples } from './code-samples.js';
import { LOGO, navLinks, theme, type NavLink } from './layout.js';
import { withProvenanceNotes } from './provenance.js';

/** The sidebar group that lists every component schema (Redoc's `schemaDefinitionsTagName`). */
export const SCHEMAS_TAG = 'Schemas';

/** Redoc's slug for a tag or an operation id in its hash routes. */
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The hash route (without `#`) Redoc gives an operation: `/<tag>/<operationid>`. */
export const operationRoute = (tag: string | undefined, operationId: string): string => `/${slug(tag ?? '')}/${slug(operationId)}`;
/** The hash route Redoc gives a component schema in the Schemas group. */
export const schemaRoute = (name: string): string => `/${slug(SCHEMAS_TAG)}/${slug(name)}`;

/** Where the shared Redoc script and its local images live, relative to the site root. */
export const REDOC_SCRIPT = 'assets/redoc.standalone.js';
const BADGE_IMAGES: Record<string, string> = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': 'assets/redocly-badge.svg',
  'https://cdn.redoc.ly/redoc/logo-mini.svg': 'assets/redocly-badge-mini.svg',
};
const CDN_SCRIPT = /https:\/\/cdn\.redocly\.com\/redoc\/v[^"'/]+\/bundles\/redoc\.standalone\.js/;

function redocStandalonePath(): string {
  const require = createRequire(import.meta.url);
  const cli = dirname(require.resolve('@redocly/cli/package.json'));
  const path = join(cli, 'lib/chunks/redoc.standalone.js');
  if (!existsSync(path))
    throw new Error(`${path} is missing: @redocly/cli changed its layout; update docs/src/redoc.ts to find Redoc's standalone bundle`);
  return path;
}

/** Copies Redoc's standalone bundle into dist/assets with its CDN image URLs pointed at local files. */
export function installRedocAssets(dist: string, assetsSource: string): void {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  let script = readFileSync(redocStandalonePath(), 'utf8');
  for (const [remote, local] of Object.entries(BADGE_IMAGES)) {
    if (!script.includes(remote)) throw new Error(`Redoc's bundle no longer loads ${remote}: update BADGE_IMAGES in docs/src/redoc.ts`);
    // A data URL, like the logo: a relative URL breaks when the reader's URL is not the page's folder.
    const svg = readFileSync(join(assetsSource, local.replace(/^assets\//, '')));
    script = script.split(remote).join(`data:image/svg+xml;base64,${svg.toString('base64')}`);
  }
  const remaining = script.match(/https:\/\/cdn\.[a-z.]+\/[^"'`\s)]+\.(svg|png|js|css|woff2?)/g);
  if (remaining) throw new Error(`Redoc's bundle loads more from a CDN than docs/src/redoc.ts handles: ${[...new Set(remaining)].join(', ')}`);
  writeFileSync(join(dist, REDOC_SCRIPT), script);
}

/** The Handlebars page around Redoc: our header bar and theme; build-docs fills the three placeholders. */
function template(nav: NavLink[], current: string): string {
  const links = navLinks(nav, current, '      ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{title}}</title>
  <meta name="description" content="{{templateOptions.metaDescription}}">
  <link rel="icon" href="${LOGO}" type="image/svg+xml">
  {{{redocHead}}}
  <style>
    body { margin: 0; padding: 0; }
    /* The project's colours on Redoc's design tokens; declared after Redoc's own so they win. */
    :root {
      --color-brand-6: ${theme.ink};
      --color-primary-base: ${theme.ink};
      --link-color-primary: #1a5fb4;
      /* Redoc places its sticky sidebar and sample panels below a navbar of this height: our bar. */
      --navbar-height: 52px;
      --sidebar-bg-color: ${theme.background};
    }
    .echo-bar { position: sticky; top: 0; z-index: 100; height: 52px; box-sizing: border-box; background: ${theme.ink}; color: #f1faee;
      font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; display: flex; align-items: center; gap: 1.5rem;
      padding: 0 1.5rem; overflow-x: auto; white-space: nowrap; }
    .echo-bar .brand img { border-radius: 6px; box-shadow: 0 0 0 1px #ffffff40; }
    .echo-bar .brand { display: flex; align-items: center; gap: .55rem; color: #fff; text-decoration: none; font-weight: 700; font-size: 1.05rem; }
    .echo-bar nav { display: flex; gap: 1rem; }
    .echo-bar nav a { color: #cfd8e3; text-decoration: none; border-bottom: 2px solid transparent; }
    /* Provenance notes (provenance.ts): what the vendor does not state, and where a fact comes from. */
    .echo-note { margin: .6rem 0; padding: .5rem .8rem; border-radius: 6px; border-left: 4px solid; font-size: .92em; }
    .echo-note.echo-inferred { background: #fff7e6; border-color: #f0a020; color: #5c3d00; }
    .echo-note.echo-source { background: #eef4fb; border-color: #1a5fb4; color: #1d3557; }
    .echo-bar nav a:hover, .echo-bar nav a[aria-current="page"] { color: #fff; border-bottom-color: ${theme.accent}; }
    /* A sample's copy icon sits in a strip above the code, never over its first line. */
    div:has(> .code-block-header) > pre[data-component-name="CodeBlock/CodeBlockContainer"] { padding-top: 36px; }
    /* A long sample line wraps instead of running out of the panel (its scrollbar is hidden, so it read as cut). */
    pre[data-component-name="CodeBlock/CodeBlockContainer"], pre[data-component-name="CodeBlock/CodeBlockContainer"] * {
      white-space: pre-wrap !important; overflow-wrap: anywhere; }
    /* Phones: the bar scrolls away and wraps, so every link shows; Redoc's floating menu button is pinned to
       the top corner of the reference (beside the title's empty space) instead of floating over the text. */
    @media (max-width: 50rem) {
      :root { --navbar-height: 0px; }
      .echo-bar { position: relative; height: auto; flex-wrap: wrap; white-space: normal; gap: .35rem 1rem; padding: .6rem 1rem; overflow: visible; }
      .echo-bar nav { flex-wrap: wrap; gap: .15rem .9rem; }
      [data-testid="floating-button"] { position: absolute !important; top: 6px !important; right: 10px !important; bottom: auto !important; left: auto !important;
        width: 44px !important; height: 44px !important; z-index: 101 !important; }
    }
  </style>
</head>
<body>
  <header class="echo-bar">
    <a class="brand" href="../index.html"><img src="${LOGO}" alt="" width="26" height="26"> echo-openapi</a>
    <nav aria-label="Site">
      ${links}
    </nav>
  </header>
  {{{redocHTML}}}
</body>
</html>
`;
}

/** What the reference page renders: the bundled spec plus generated code samples and the project's logo. */
export function referenceSpec(vendor: Vendor, spec: OpenApiDocument): OpenApiDocument {
  const docs = withProvenanceNotes(withCodeSamples(vendor, spec));
  const apiVersion = docs.info['x-api-version'];
  docs.info = {
    ...docs.info,
    // Redoc titles the page "<title> (<version>)": the reader wants the API's version, not our package's.
    ...(typeof apiVersion === 'string' && apiVersion ? { version: apiVersion } : {}),
    'x-logo': { url: LOGO, altText: `${vendor.title} on echo-openapi`, href: 'getting-started.html' },
  };
  return docs;
}

export interface ReferenceOptions {
  vendor: Vendor;
  spec: OpenApiDocument;
  output: string;
  nav: NavLink[];
}

/** Builds dist/<vendor>/index.html; throws with Redocly's output, or when the page would load anything remote. */
export function buildReference({ vendor, spec, output, nav }: ReferenceOptions): Promise<void> {
  return buildRedocPage({
    name: vendor.title,
    spec: referenceSpec(vendor, spec),
    output,
    nav,
    current: `../${vendor.id}/getting-started.html`,
    title: `${spec.info.title} reference · echo-openapi`,
    description: `${vendor.title}: ${vendor.purpose}`,
    // The download buttons serve the clean bundled spec next to the page, not the copy with samples.
    downloads: [
      { title: 'openapi.yaml', url: 'openapi.yaml' },
      { title: 'openapi.json', url: 'openapi.json' },
    ],
  });
}

export interface RedocPageOptions {
  /** Names the page in errors. */
  name: string;
  /** The spec as the page shows it (samples, notes and logo already in). */
  spec: OpenApiDocument;
  /** One folder below the site root (`<folder>/index.html`): the header's links are relative to it. */
  output: string;
  nav: NavLink[];
  /** The header's `href` marked as the current page. */
  current: string;
  title: string;
  description: string;
  downloads: { title: string; url: string }[];
}

/** Any Redoc page of the site (the vendors' references, the sandbox's control API), with the site's frame. */
export async function buildRedocPage(options: RedocPageOptions): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'echo-docs-redoc-'));
  try {
    const specFile = join(work, 'openapi.json');
    writeFileSync(specFile, JSON.stringify(options.spec));
    const templateFile = join(work, 'template.hbs');
    writeFileSync(templateFile, template(options.nav, options.current));
    const optionsFile = join(work, 'redoc-options.json');
    writeFileSync(
      optionsFile,
      JSON.stringify({
        downloadUrls: options.downloads,
        codeSamples: redocCodeSamplesOption,
        // A "Schemas" group listing every component schema (search results link to them), when there are any.
        ...(Object.keys(options.spec.components?.schemas ?? {}).length ? { schemaDefinitionsTagName: SCHEMAS_TAG } : {}),
        sortRequiredPropsFirst: true,
        jsonSamplesExpandLevel: 3,
      }),
    );
    const result = await runNode(
      binPath('@redocly/cli', 'redocly', import.meta.url),
      [
        'build-docs',
        specFile,
        '--output',
        options.output,
        '--title',
        options.title,
        '--template',
        templateFile,
        '--openapi',
        optionsFile,
        '--templateOptions.metaDescription',
        options.description,
      ],
      { cwd: work, env: { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    if (result.code !== 0) throw new Error(`${options.name}: redocly build-docs failed:\n${result.stderr || result.stdout}`);
    localize(options.name, options.output);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Points the page at the shared local Redoc script and checks nothing remote or tracking is left. */
function localize(name: string, file: string): void {
  let html = readFileSync(file, 'utf8');
  if (!CDN_SCRIPT.test(html)) throw new Error(`${name}: build-docs no longer imports Redoc from its CDN; update docs/src/redoc.ts`);
  // The CDN preload carries an integrity hash of the unpatched script: replace the whole tag.
  html = html.replace(/<link rel="modulepreload" href="https:\/\/cdn\.redocly\.com[^>]*>/, `<link rel="modulepreload" href="../${REDOC_SCRIPT}">`);
  html = html.replace(new RegExp(CDN_SCRIPT.source, 'g'), `../${REDOC_SCRIPT}`);
  if (/(src|href)="https?:\/\/cdn\./.test(html) || /from\s+"https?:/.test(html))
    throw new Error(`${name}: the reference page still loads from a CDN`);
  if (!html.includes('"disableTelemetry":true')) throw new Error(`${name}: Redoc telemetry is not disabled in the page`);
  writeFileSync(file, html);
}
