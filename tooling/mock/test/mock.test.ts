// The mocks and the proxy, as a user meets them: every vendor's mock answers a malformed JSON body with a 400
// in its own envelope at once (Prism alone never answers), a busy port is one clear line, and the validating
// proxy in front of a mock passes a whole contract run, carries `sl-violations` on its 422 and leaves
// credentials to the API behind it.
import { join } from 'node:path';
import type { ApiOperation } from '@echo-openapi/api-model';
import { binPath, holdPort, loadApiModel, loadVendors, portHolder, repoRoot, runNode, type Vendor } from '@echo-openapi/tooling-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMocks, stopMocks, type RunningMock } from '../src/mocks.js';
import { startProxy, type RunningProxy } from '../src/proxy.js';

const vendors = loadVendors();
const tsx = binPath('tsx', 'tsx', import.meta.url);
let mocks: RunningMock[] = [];
const mockOf = (vendor: Vendor) => mocks.find((m) => m.vendor.id === vendor.id)!;

beforeAll(async () => {
  mocks = await startMocks(vendors, { ports: 'free' });
});
afterAll(() => stopMocks(mocks));

const at = (body: unknown, dotted: string) =>
  dotted.split('.').reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[k] : undefined), body);
/** The operation's path with each parameter filled in (the front answers before any parameter is checked). */
const concrete = (op: ApiOperation) => op.path.replace(/\{[^}]+\}/g, '1');
const firstJsonBodyOperation = async (vendor: Vendor) => {
  const model = await loadApiModel(vendor);
  const op = model.operations.find((o) => o.requestBody?.content['application/json']);
  if (!op) throw new Error(`${vendor.id}: no operation takes a JSON body`);
  return { model, op };
};

describe('a malformed JSON body', () => {
  it.each(vendors.map((v) => [v.id, v] as const))("%s: the mock answers 400 at once, in the vendor's error envelope", async (_id, vendor) => {
    const { model, op } = await firstJsonBodyOperation(vendor);
    const response = await fetch(`${mockOf(vendor).url}${concrete(op)}`, {
      method: op.method.toUpperCase(),
      headers: { 'content-type': 'application/json' },
      body: '{"broken": ',
      signal: AbortSignal.timeout(10_000), // Prism alone never answers: this would abort
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as unknown;
    expect(at(body, vendor.errorEnvelope.message)).toMatch(/^Malformed JSON body: /);
    // The body is the documented error's shape, where the operation documents a 400.
    const documented = op.responses['400']?.content?.['application/json']?.schema;
    if (documented) expect(model.validator.schema(documented)(body).errors).toEqual([]);
    // Details, where the envelope has them, describe this request's problem, never the example's.
    if (vendor.errorEnvelope.details)
      expect(at(body, vendor.errorEnvelope.details)).toEqual([{ field: 'body', message: expect.stringMatching(/^Malformed JSON body: /) }]);
  });
});

describe("a request that breaks the spec: the mock's error describes this request, not the example", () => {
  const post = (url: string, headers: Record<string, string>, body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      violations: r.headers.get('sl-violations'),
      body: (await r.json()) as unknown,
    }));
  const vendor = (id: string) => vendors.find((v) => v.id === id)!;

  it('echowin: a contact without `number` names `number` in details (the example names `email`)', async () => {
    const answer = await post(`${mockOf(vendor('echowin')).url}/contacts`, { 'x-api-key': 'k' }, { firstName: 'Ada' });
    expect(answer).toMatchObject({ status: 400, body: { error: 'Validation error', details: [{ field: 'number', message: 'is required' }] } });
    expect(answer.violations).toMatch(/number/); // Prism's own finding, still in the header
  });

  it('EchoCue: each broken field once in the message, in the words the sandbox uses', async () => {
    const answer = await post(
      `${mockOf(vendor('echocue')).url}/api/sms/send`,
      { authorization: 'Bearer k', 'x-api-secret': 's' },
      { recipient_contact: '555' },
    );
    expect(answer).toMatchObject({
      status: 400,
      body: { status_id: 400, message: 'recipient_contact must match ^\\+[1-9]\\d{1,14}$; message or template_id is required', data: null },
    });
  });

  it("echowin's proxy: a malformed body's details are this request's", async () => {
    const proxy = await startProxy(vendor('echowin'), { target: mockOf(vendor('echowin')).url });
    try {
      const response = await fetch(`${proxy.url}/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
        body: '{',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: expect.stringMatching(/^Malformed JSON body: /),
        details: [{ field: 'body', message: expect.stringMatching(/^Malformed JSON body: /) }],
      });
    } finally {
      await proxy.stop();
    }
  });
});

describe('a busy port', () => {
  let held: Awaited<ReturnType<typeof holdPort>>;
  let port: number;
  beforeAll(async () => {
    held = await holdPort();
    port = held.port;
  });
  afterAll(() => held.close());

  it('is one line naming the port, the vendor and what holds it, offering --port and --vendor (startMocks and `pnpm mock`)', async () => {
    const vendor = vendors[0]!;
    // This test process holds the port: the line names it (its pid), not a guess.
    const line = `${vendor.title} mock: port ${port} is busy, held by ${portHolder(port)}. Stop it, or run \`pnpm mock --vendor ${vendor.id} --port <free port>\`, or leave ${vendor.id} out with --vendor.`;
    expect(line).toContain(`held by pid ${process.pid} (`);
    await expect(startMocks([{ ...vendor, mockPort: port }], { ports: 'fixed' })).rejects.toThrow(new Error(line));
    const cli = await runNode(tsx, [join(repoRoot, 'tooling/mock/src/cli.ts'), '--vendor', vendor.id, '--port', String(port)]);
    expect(cli.stderr.trim()).toBe(line);
    expect(cli.stdout).toBe('');
    expect(cli.code).toBe(1);
  });
});

describe('pnpm proxy in front of a mock', () => {
  const vendor = vendors[0]!;
  let proxy: RunningProxy;
  beforeAll(async () => {
    proxy = await startProxy(vendor, { target: mockOf(vendor).url });
  });
  afterAll(() => proxy?.stop());

  it('answers a request that breaks the spec with 422 and an sl-violations header naming the field', async () => {
    const { op } = await firstJsonBodyOperation(vendor);
    const response = await fetch(`${proxy.url}${concrete(op)}`, {
      method: op.method.toUpperCase(),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ not_a_documented_field: [] }),
    });
    expect(response.status).toBe(422);
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as { location: string[] }[];
    const body = (await response.json()) as { validation: { location: string[] }[] };
    expect(violations.length).toBeGreaterThan(0);
    expect(violations).toEqual(body.validation);
    expect(violations.every((v) => v.location[0] === 'body')).toBe(true);
  });

  it("forwards a request without credentials: the 401 is the API's, in its envelope", async () => {
    const model = await loadApiModel(vendor);
    const op = model.operations.find((o) => o.method === 'get' && o.security.length > 0 && o.responses['401'])!;
    const response = await fetch(`${proxy.url}${concrete(op)}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(at(await response.json(), vendor.errorEnvelope.message)).toEqual(expect.any(String));
  });

  it("answers a malformed JSON body with 400 in the vendor's envelope, not forwarded", async () => {
    const { op } = await firstJsonBodyOperation(vendor);
    const response = await fetch(`${proxy.url}${concrete(op)}`, {
      method: op.method.toUpperCase(),
      headers: { 'content-type': 'application/json' },
      body: '{',
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(400);
    expect(at(await response.json(), vendor.errorEnvelope.message)).toMatch(/^Malformed JSON body: /);
  });

  it('passes a whole contract run through it (`pnpm contract --target <proxy>`)', async () => {
    const env = Object.fromEntries(Object.values(vendor.credentials).map(({ env: name }) => [name, `proxy-test-${name.toLowerCase()}`]));
    const run = await runNode(
      tsx,
      [
        join(repoRoot, 'tooling/contract/src/cli.ts'),
        '--target',
        proxy.url,
        '--vendor',
        vendor.id,
        '--allow-side-effects',
        '--reports',
        join(repoRoot, 'reports/mock-proxy'),
      ],
      { env },
    );
    expect(run.stdout + run.stderr).not.toMatch(/FAIL/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });
});

describe('Ctrl-C', () => {
  it('stops `pnpm mock` quietly: exit 0, nothing on stderr, no pnpm failure line', async () => {
    const { spawn } = await import('node:child_process');
    const { freePort } = await import('@echo-openapi/tooling-core');
    const port = await freePort();
    // The whole process group gets the signal, as a terminal's Ctrl-C sends it (pnpm, its shell, node).
    const child = spawn('pnpm', ['run', 'mock', '--vendor', vendors[0]!.id, '--port', String(port)], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Ctrl-C stops all')) process.kill(-child.pid!, 'SIGINT');
    });
    const { code, signal } = await exited;
    expect(stdout).not.toMatch(/ELIFECYCLE|ERR_PNPM/);
    expect(stderr).toBe('');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
