// "The sandbox" page as built (dist/sandbox.html): every operation of packages/sandbox/control.openapi.yaml,
// read here on its own, has an entry with its method, path and a curl the control spec accepts; every
// vendor's sandbox port from specs/vendors.yaml and its behaviour appear; the control spec is downloadable.
// The links to the page from the landing and getting-started pages are checked in site.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildApiModel, dereference, HTTP_METHODS } from '@echo-openapi/api-model';
import { loadVendors, repoRoot } from '@echo-openapi/tooling-core';
import { REDOC_SCRIPT } from '../src/redoc.js';
import { CONTROL_CLIENT_EXAMPLE, vendorBehaviour } from '../src/sandbox.js';
import { distDir } from '../src/static-server.js';
import { typecheck } from './helpers/samples.js';

const vendors = loadVendors();
const controlSource = readFileSync(join(repoRoot, 'packages/sandbox/control.openapi.yaml'), 'utf8');
const control = parse(controlSource) as { paths: Record<string, Record<string, { operationId: string; summary: string }>> };
const controlOperations = Object.entries(control.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => (HTTP_METHODS as readonly string[]).includes(method))
    .map(([method, operation]) => ({ path, method, ...operation })),
);
const model = buildApiModel(dereference(control as never));
const html = readFileSync(join(distDir, 'sandbox.html'), 'utf8');
/** Text with tags removed and entities decoded (what a reader sees, and what a copy button copies). */
const text = (fragment: string) => fragment.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

/** The section of an operation: from its `<h3 id>` to the next heading. */
function section(operationId: string): string {
  const start = html.indexOf(`<h3 id="${operationId}">`);
  if (start < 0) return '';
  const end = html.slice(start + 1).search(/<h[23] /);
  return end < 0 ? html.slice(start) : html.slice(start, start + 1 + end);
}

/** The parts of a curl command line: method, URL, headers and JSON body. */
function parseCurl(command: string) {
  const line = command.replace(/\\\n/g, ' ');
  expect(line, command).toMatch(/^curl /);
  const url = new URL(/"(http[^"]+)"/.exec(line)?.[1] ?? 'invalid:');
  const data = /--data '([^']*)'/.exec(line)?.[1];
  const headers = Object.fromEntries([...line.matchAll(/-H "([^:"]+): ([^"]*)"/g)].map(([, name, value]) => [name!.toLowerCase(), value!]));
  return { method: /-X ([A-Z]+)/.exec(line)?.[1] ?? 'GET', url, headers, body: data === undefined ? undefined : (JSON.parse(data) as unknown) };
}

describe('The sandbox page', () => {
  it('documents every operation of control.openapi.yaml with its method and path', () => {
    expect(controlOperations.length).toBeGreaterThanOrEqual(4);
    for (const op of controlOperations) {
      const entry = section(op.operationId);
      expect(entry, `${op.operationId} has no entry`).not.toBe('');
      expect(text(entry)).toContain(`${op.method.toUpperCase()} ${op.path}: ${op.summary}`);
      expect(html, `${op.operationId} is not in the overview`).toContain(
        `<a href="#${op.operationId}"><code>${op.method.toUpperCase()} ${op.path}</code></a>`,
      );
    }
  });

  it("gives each operation a curl the control spec accepts, sent to a vendor's sandbox port", () => {
    const ports = vendors.map((v) => String(v.sandboxPort));
    for (const op of controlOperations) {
      const code = /<code class="language-sh">([\s\S]*?)<\/code>/.exec(section(op.operationId))?.[1];
      expect(code, `${op.operationId} has no curl`).toBeDefined();
      const curl = parseCurl(text(code ?? ''));
      expect(curl.method).toBe(op.method.toUpperCase());
      expect(curl.url.pathname).toBe(op.path);
      expect(ports).toContain(curl.url.port);
      expect(curl.headers['x-sandbox-admin-token'], 'control calls are sent as the admin').toBe('$ECHO_SANDBOX_ADMIN_TOKEN');
      const operation = model.operation(op.operationId);
      const issues = model.validator.request(operation, {
        query: curl.url.searchParams,
        headers: curl.headers,
        contentType: curl.body === undefined ? undefined : 'application/json',
        body: curl.body,
      });
      expect(issues, `${op.operationId}: ${text(code ?? '')}`).toEqual([]);
    }
    const clock = parseCurl(text(/<code class="language-sh">([\s\S]*?)<\/code>/.exec(section('advanceClock'))?.[1] ?? ''));
    expect(clock.body).toEqual({ advanceSeconds: expect.any(Number) });
  });

  it("sends the EchoComm-only calls to EchoComm's port", () => {
    const echocomm = vendors.find((v) => v.id === 'echocomm')!;
    for (const op of controlOperations.filter((o) => o.summary.includes('(EchoComm port only)')))
      expect(text(section(op.operationId))).toContain(`http://127.0.0.1:${echocomm.sandboxPort}${op.path}`);
  });

  it.each(vendors)('gives $title its sandbox port from vendors.yaml, its mock port and what its sandbox does', (vendor) => {
    const row = /<tr id="vendor-([^"]+)">([\s\S]*?)<\/tr>/g;
    const rows = Object.fromEntries([...html.matchAll(row)].map(([, id, cells]) => [id, text(cells ?? '')]));
    expect(rows[vendor.id]).toContain(`http://127.0.0.1:${vendor.sandboxPort}`);
    expect(text(html)).toContain(`http://127.0.0.1:${vendor.mockPort}`);
    const behaviour = vendorBehaviour(vendors)[vendor.id]!;
    expect(text(html)).toContain(behaviour.replace(/`/g, ''));
  });

  it('names the commands and options that start it', () => {
    for (const command of ['pnpm sandbox', 'npx echo-sandbox', '--vendor', '--port', '--data-dir', 'Prefer: code='])
      expect(text(html)).toContain(command);
  });

  it('offers the control spec for download, as written', () => {
    expect(html).toContain('href="sandbox/control.openapi.yaml" download');
    expect(readFileSync(join(distDir, 'sandbox/control.openapi.yaml'), 'utf8')).toBe(controlSource);
  });

  it('comes with a Redoc reference of the control API: every operation with its curl, on the shared local Redoc', () => {
    const reference = readFileSync(join(distDir, 'sandbox/index.html'), 'utf8');
    expect(html).toContain('href="sandbox/index.html"');
    for (const op of controlOperations) {
      expect(reference, op.operationId).toContain(`"operationId":"${op.operationId}"`);
      const curl = text(/<code class="language-sh">([\s\S]*?)<\/code>/.exec(section(op.operationId))?.[1] ?? '');
      expect(reference, `${op.operationId} curl`).toContain(JSON.stringify(curl).slice(1, -1).replace(/</g, '\\u003c'));
    }
    expect(reference).toContain(`from "../${REDOC_SCRIPT}"`);
    expect(reference).toContain('"disableTelemetry":true');
    expect(reference).toContain('"url":"control.openapi.yaml"');
  });

  it('shows a complete vitest file that drives the control API through the typed client, and it compiles', () => {
    const shown = text(/<h3 id="control-client">[\s\S]*?<code class="language-ts">([\s\S]*?)<\/code>/.exec(html)?.[1] ?? '');
    expect(shown).toBe(CONTROL_CLIENT_EXAMPLE.trimEnd());
    for (const call of ['startSandbox(', 'control.resetSandbox(', 'control.advanceClock(', 'control.sendEvent(', 'listDeliveries(', 'controlFor('])
      expect(shown).toContain(call);
    expect(shown).not.toContain('/__sandbox/'); // typed calls, no hand-written fetches
    expect(typecheck([{ name: 'sandbox/control-client.test', source: CONTROL_CLIENT_EXAMPLE }])).toEqual([]);
    // The check is live: an operation the control API does not have, or a body it does not take, fails it.
    const broken = typecheck([
      { name: 'sandbox/unknown-operation', source: CONTROL_CLIENT_EXAMPLE.replace('control.advanceClock(', 'control.advanceSandboxClock(') },
      { name: 'sandbox/wrong-body', source: CONTROL_CLIENT_EXAMPLE.replace('advanceSeconds: 3600', "advanceSeconds: '1h'") },
    ]).join('\n');
    expect(broken).toMatch(/sandbox\/unknown-operation:\d+:\d+ TS2339/);
    expect(broken).toMatch(/sandbox\/wrong-body:\d+:\d+ TS2322/);
  });

  it('is indexed for search, one document per section', () => {
    const index = readFileSync(join(distDir, 'assets/search-index.js'), 'utf8');
    for (const id of ['mock-or-sandbox', 'start', 'ports', 'behaviour', 'control']) expect(index).toContain(`sandbox.html#${id}`);
  });
});

describe("each vendor's behaviour, read from the sandbox README", () => {
  const readme = readFileSync(join(repoRoot, 'packages/sandbox/README.md'), 'utf8');
  it('fails the build when the README says nothing of a vendor', () => {
    const without = readme.replace(/UserEcho keeps[^.]*\./, '');
    expect(() => vendorBehaviour(vendors, without)).toThrow('the Behaviour bullet says nothing of UserEcho');
  });
  it('has a typed control-client example for tests that compiles', () => {
    const examples = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((source) => source.includes('.control.'));
    expect(examples).toHaveLength(1);
    expect(typecheck(examples.map((source, i) => ({ name: `sandbox/readme.${i + 1}`, source })))).toEqual([]);
  });
  it('fails the build without the Behaviour bullet', () => {
    expect(() => vendorBehaviour(vendors, readme.replace('**Behaviour**', '**Conduct**'))).toThrow('no "- **Behaviour**:" bullet');
  });
});
