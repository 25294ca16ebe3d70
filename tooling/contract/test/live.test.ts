// Live mode is safe: without credentials `pnpm contract --live` names what is missing and sends nothing;
// with credentials it is read-only unless --allow-writes is given, never sends a call that sends a message
// or costs money (x-side-effects) unless --allow-side-effects is given, and the table says why each case
// was skipped. A recording server in
// front of a Prism mock stands in for the live API and counts what reached it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, bundleSpec, loadVendors, repoRoot, runNode, type OpenApiDocument, type Vendor } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks, type RunningMock } from '@echo-openapi/mock';
import { buildApiModel, SAFE_METHODS } from '@echo-openapi/api-model';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../src/cli.ts');
const work = mkdtempSync(join(tmpdir(), 'echo-live-'));
const vendors = loadVendors();
/** Every credential and base URL variable of every vendor, emptied: a live run must find none. */
const noCredentials = Object.fromEntries(
  vendors.flatMap((v) => [v.baseUrlEnv, ...Object.values(v.credentials).map((c) => c.env)]).map((name) => [name, '']),
);

function contract(args: string[], env: Record<string, string> = {}) {
  return runNode(binPath('tsx', 'tsx', import.meta.url), [cli, '--reports', work, ...args], { cwd: repoRoot, env: { ...noCredentials, ...env } });
}

/** An HTTP server that records each request line, then forwards it to `upstream`. */
async function recorder(upstream: string): Promise<{ url: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers)
          .filter(([k]) => k !== 'host' && k !== 'content-length')
          .map(([k, v]) => [k, String(v)]),
      );
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${upstream}${req.url}`, { method: req.method!, headers, ...(body ? { body } : {}) });
      res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([k]) => k !== 'content-encoding' && k !== 'transfer-encoding')));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, server };
}

/** Method and path pattern of each operation that sends a message or costs money. */
function sideEffectOperations(spec: OpenApiDocument): { operationId: string; method: string; path: RegExp; what: string }[] {
  return buildApiModel(spec).operations.flatMap((op) => {
    if (!op.sideEffects) return [];
    const pattern = new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/?]+')}(\\?|$)`);
    return [{ operationId: op.id, method: op.method.toUpperCase(), path: pattern, what: op.sideEffects }];
  });
}

/** How many operations change data without sending a message or costing money. */
function plainWrites(spec: OpenApiDocument): number {
  return buildApiModel(spec).operations.filter((op) => !SAFE_METHODS.has(op.method) && !op.sideEffects).length;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('pnpm contract --live without credentials', () => {
  it('names every missing variable for every vendor, exits 2 and writes no report', async () => {
    const { code, stdout, stderr } = await contract(['--live']);
    expect(code).toBe(2);
    for (const v of vendors) {
      const names = [...Object.values(v.credentials).map((c) => c.env), v.baseUrlEnv];
      expect(stderr).toContain(`${v.title}: a live contract run needs ${names.join(', ')} in the environment; nothing was sent.`);
    }
    expect(stdout).toBe('');
    expect(() => readFileSync(join(work, 'summary.txt'))).toThrow();
  });

  it('sends nothing to the target', async () => {
    const target = await recorder('http://127.0.0.1:9'); // never reached
    try {
      const vendor = vendors[0]!;
      const { code, stderr } = await contract(['--vendor', vendor.id, '--target', target.url]);
      expect(code).toBe(2);
      expect(stderr).toContain(Object.values(vendor.credentials)[0]!.env);
      expect(target.seen).toEqual([]);
    } finally {
      target.server.close();
    }
  });
});

describe('pnpm contract --live with credentials', () => {
  let vendor: Vendor;
  let spec: OpenApiDocument;
  let mock: RunningMock | undefined;
  let target: Awaited<ReturnType<typeof recorder>> | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    // The cheapest full live run that has both kinds of risky call: side effects, and plain writes.
    const candidates = (await Promise.all(vendors.map(async (v) => ({ v, document: (await bundleSpec(v, { dereferenced: true })).document }))))
      .filter(({ document }) => sideEffectOperations(document).length > 0 && plainWrites(document) > 0)
      .sort((a, b) => Object.keys(a.document.paths ?? {}).length - Object.keys(b.document.paths ?? {}).length);
    expect(candidates.length, 'some spec has x-side-effects calls and plain writes').toBeGreaterThan(0);
    ({ v: vendor, document: spec } = candidates[0]!);
    [mock] = await startMocks([vendor], { ports: 'free' });
    target = await recorder(mock!.url);
    env = Object.fromEntries(Object.values(vendor.credentials).map((c) => [c.env, `live-test-${c.scheme}`]));
  });
  afterAll(async () => {
    target?.server.close();
    if (mock) await stopMocks([mock]);
  });

  it('skips every side-effect call, with the reason in the table, and never sends it', async () => {
    const { code, stdout, stderr } = await contract(['--vendor', vendor.id, '--target', target!.url], env);
    expect(code, stdout + stderr).toBe(0);
    const risky = sideEffectOperations(spec);
    for (const op of risky) {
      expect(stdout).toMatch(
        new RegExp(
          `^ {2}skip ${op.operationId} 2\\d\\d \\(${op.method} [^)]+\\):\\n {6}side effects \\(${op.what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\); pass --allow-side-effects to send it$`,
          'm',
        ),
      );
      const sent = target!.seen.filter((line) => line.startsWith(`${op.method} `) && op.path.test(line.slice(op.method.length + 1)));
      expect(sent, `${op.operationId} reached the API`).toEqual([]);
    }
    // Every other write is skipped too (read-only by default), with its reason; only safe methods went out.
    expect(stdout).toMatch(/changes live data \((POST|PUT|PATCH|DELETE)\); pass --allow-writes to send it/);
    expect(target!.seen.filter((line) => !/^(GET|HEAD|OPTIONS) /.test(line))).toEqual([]);
    // Codes a live API cannot be made to answer are skipped with their reason too, never silently.
    expect(stdout).toContain('a live API cannot be steered to answer');
    expect(stdout).not.toMatch(/NOT RUN|FAIL/);
    expect(target!.seen.length).toBeGreaterThan(0);
    // Credentials stay out of the output.
    for (const secret of Object.values(env)) expect(stdout + stderr).not.toContain(secret);
  });

  it('sends writes with --allow-writes, but still no side-effect call', async () => {
    target!.seen.length = 0;
    const { code, stdout, stderr } = await contract(['--vendor', vendor.id, '--target', target!.url, '--allow-writes'], env);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).not.toContain('pass --allow-writes');
    expect(target!.seen.some((line) => !/^(GET|HEAD|OPTIONS) /.test(line))).toBe(true);
    for (const op of sideEffectOperations(spec)) {
      expect(
        target!.seen.some((line) => line.startsWith(`${op.method} `) && op.path.test(line.slice(op.method.length + 1))),
        op.operationId,
      ).toBe(false);
    }
  });

  it('sends the side-effect calls with --allow-side-effects, and they pass', async () => {
    target!.seen.length = 0;
    const { code, stdout, stderr } = await contract(['--vendor', vendor.id, '--target', target!.url, '--allow-side-effects'], env);
    expect(code, stdout + stderr).toBe(0);
    for (const op of sideEffectOperations(spec)) {
      expect(stdout).toMatch(new RegExp(`^ {2}${op.operationId} +2\\d\\d pass`, 'm'));
      expect(
        target!.seen.some((line) => line.startsWith(`${op.method} `) && op.path.test(line.slice(op.method.length + 1))),
        op.operationId,
      ).toBe(true);
    }
  });
});
