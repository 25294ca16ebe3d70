// The consumer smoke test: pack every publishable package, install the tarballs with plain npm into a fresh
// project outside the workspace, type-check a program that uses each client and the runtime with the
// workspace's TypeScript (strict, NodeNext), and run it against Prism mocks of the specs, and each client's
// operations by name against the stateful sandbox (the workspace's, in this process).
//
// The program is written from specs/vendors.yaml and each bundled spec (factory, credentials, server
// variables, a GET that needs no parameters), so this file names no vendor.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startMocks, stopMocks, type RunningMock } from '@echo-openapi/mock';
import { type RunningSandbox, startSandbox } from '@echo-openapi/sandbox';
import { buildApiModel } from '@echo-openapi/api-model';
import { binPath, bundleSpec, loadVendors, runCommand, runNode, type OpenApiDocument, type Vendor } from '@echo-openapi/tooling-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, type Packed } from '../src/packaging.js';
import { npmEnv } from './npm-env.js';
import { npmRegistryProblem, skipWithoutRegistry } from './registry.js';
import { publishablePackages } from '../src/workspace.js';

const vendors = loadVendors();
const project = mkdtempSync(join(tmpdir(), 'echo-openapi-consumer-'));
const RUNTIME = '@echo-openapi/runtime';
// Checked first: offline, this fails (CI) or skips (elsewhere) in seconds instead of timing out in npm install.
const registryProblem = await npmRegistryProblem();
const skipped = skipWithoutRegistry(registryProblem);

interface Probe {
  vendor: Vendor;
  /** A GET the mock answers with 200 when only the credentials are sent, and its operationId. */
  path: string;
  operationId: string;
  /** Client options that are not credentials: the spec's server variables (e.g. a project alias). */
  serverVariables: Record<string, string>;
  /** A paginated list (`x-pagination`) with no required parameters, and an operation that is not one. */
  paginated?: { id: string; other: string };
}

/** The first `x-pagination` operation callable with no parameters, and any operation without pagination. */
function paginatedFor(spec: OpenApiDocument): Probe['paginated'] {
  const { operations } = buildApiModel(spec);
  const list = operations.find((op) => op.pagination && !op.parameters.some((p) => p.required || p.in === 'path'));
  const other = operations.find((op) => !op.pagination);
  return list && other ? { id: list.id, other: other.id } : undefined;
}

/** The first GET with no required parameters that documents both 200 and 401. */
function probeFor(vendor: Vendor, spec: OpenApiDocument): Probe {
  const probe = buildApiModel(spec).operations.find(
    (op) => op.method === 'get' && !op.parameters.some((p) => p.required || p.in === 'path') && op.responses['200'] && op.responses['401'],
  );
  if (!probe) throw new Error(`${vendor.spec}: no GET without required parameters that documents 200 and 401`);
  const variables = spec.servers?.[0]?.variables ?? {};
  const paginated = paginatedFor(spec);
  return {
    vendor,
    path: probe.path,
    operationId: probe.id,
    serverVariables: Object.fromEntries(Object.entries(variables).map(([name, v]) => [name, v.default])),
    ...(paginated ? { paginated } : {}),
  };
}

/** The consumer's program: one block per client, typed calls only. */
function program(probes: Probe[], mocks: RunningMock[], sandboxes: RunningSandbox[]): string {
  const imports = probes.map((p) => `import { ${p.vendor.factory} } from '${p.vendor.package}';`);
  const blocks = probes.map((p, i) => {
    const mock = mocks.find((m) => m.vendor.id === p.vendor.id)!;
    const options = {
      ...Object.fromEntries(Object.keys(p.vendor.credentials).map((name) => [name, `smoke-${name}`])),
      ...p.serverVariables,
      baseUrl: mock.url, // Prism serves the paths without the server's base path
    };
    const sandboxUrl = sandboxes.find((s) => s.vendor.id === p.vendor.id)!.url;
    return `
{
  const client${i} = ${p.vendor.factory}(${JSON.stringify(options)});
  const { data, response } = await client${i}.GET(${JSON.stringify(p.path)});
  // The response data is typed from the spec, not \`any\`.
  const typed: IsAny<typeof data> = false;
  const unwrapped = await unwrap(client${i}.GET(${JSON.stringify(p.path)}));
  let failure: unknown;
  try {
    await unwrap(client${i}.GET(${JSON.stringify(p.path)}, { headers: { Prefer: 'code=401' } }));
  } catch (error) {
    failure = error;
  }
  const misuse = () => {
    // @ts-expect-error a path the spec does not have is a compile error
    void client${i}.GET('/no/such/path/in/the/spec');
    // @ts-expect-error a per-call option typo (timeoutMS for timeoutMs) is a compile error
    void client${i}.GET(${JSON.stringify(p.path)}, { timeoutMS: 1000 });
    // @ts-expect-error and so is a per-call option of the wrong type
    void client${i}.GET(${JSON.stringify(p.path)}, { retry: { attempts: 'five' } });
  };
  // The same operation by name (the spec's operationId), against the stateful sandbox.
  const byName = await ${p.vendor.factory}({ ...${JSON.stringify(options)}, baseUrl: ${JSON.stringify(sandboxUrl)} }).${p.operationId}();
  const byNameTyped: IsAny<typeof byName.data> = false;
  const misuseByName = () => {
    // @ts-expect-error an operation the spec does not have is a compile error
    void client${i}.noSuchOperation();
  };
  let walked = -1;
  let itemsTyped = false;${
    p.paginated
      ? `
  {
    const items = [];
    for await (const item of paginate(client${i}, ${JSON.stringify(p.paginated.id)}, undefined, { maxItems: 3, maxPages: 2 })) items.push(item);
    walked = items.length;
    // The items are typed as the spec's item schema: neither any nor unknown.
    type Item = (typeof items)[number];
    const notAny: IsAny<Item> = false;
    const notUnknown: IsUnknown<Item> = false;
    itemsTyped = !notAny && !notUnknown;
    const wrongId = () =>
      // @ts-expect-error paginate() accepts only the client's paginated operations
      paginate(client${i}, ${JSON.stringify(p.paginated.other)});
    void wrongId;
  }`
      : ''
  }
  results[${JSON.stringify(p.vendor.id)}] = {
    status: response.status,
    typed,
    hasData: data !== undefined && data !== null,
    unwrapped: unwrapped !== undefined && unwrapped !== null,
    // instanceof across packages holds only if every client shares this one runtime.
    errorIsRuntimeError: failure instanceof EchoApiError,
    errorStatus: failure instanceof EchoApiError ? failure.status : String(failure),
    misuse: typeof misuse,
    byNameStatus: byName.response.status,
    byNameTyped: byNameTyped || typeof misuseByName !== 'function',
    walked,
    itemsTyped,
  };
}`;
  });
  return [
    ...imports,
    `import { EchoApiError, paginate, unwrap } from '${RUNTIME}';`,
    '',
    'type IsAny<T> = 0 extends 1 & T ? true : false;',
    'type IsUnknown<T> = unknown extends T ? (IsAny<T> extends true ? false : true) : false;',
    'const results: Record<string, unknown> = {};',
    ...blocks,
    '',
    'console.log(JSON.stringify(results));',
    '',
  ].join('\n');
}

let mocks: RunningMock[] = [];
let sandboxes: RunningSandbox[] = [];
let packed: Packed[] = [];
let probes: Probe[] = [];

beforeAll(async () => {
  if (skipped) return;
  if (registryProblem) throw new Error(registryProblem);
  const tarballs = join(project, 'tarballs');
  mkdirSync(tarballs);
  mkdirSync(join(project, 'src'));
  // Mocks are recorded as soon as they run, so afterAll stops them even if packing fails.
  const steps = await Promise.allSettled([
    startMocks(vendors, { ports: 'free' }).then((started) => (mocks = started)),
    Promise.all(vendors.map((v) => startSandbox({ vendor: v.id, port: 0, ticker: false }))).then((started) => (sandboxes = started)),
    Promise.all(publishablePackages().map((p) => packPackage(p.dir, tarballs))).then((packs) => (packed = packs)),
    Promise.all(vendors.map(async (v) => probeFor(v, (await bundleSpec(v, { dereferenced: true, outDir: join(project, 'bundles') })).document))).then(
      (found) => (probes = found),
    ),
  ]);
  for (const step of steps) if (step.status === 'rejected') throw step.reason;
}, 600_000);

afterAll(async () => {
  await stopMocks(mocks);
  await Promise.all(sandboxes.map((s) => s.close()));
  rmSync(project, { recursive: true, force: true });
});

describe.skipIf(skipped)('the packed packages in a fresh npm project', () => {
  it('install with plain npm, every @echo-openapi package from its tarball and one shared runtime', async () => {
    const spec = (p: Packed) => `file:./tarballs/${basename(p.tarball)}`;
    const runtime = packed.find((p) => p.name === RUNTIME);
    expect(runtime, 'the runtime is publishable').toBeDefined();
    const manifest = {
      name: 'echo-openapi-consumer',
      private: true,
      type: 'module',
      dependencies: Object.fromEntries(packed.map((p) => [p.name, spec(p)])),
      // The clients depend on the runtime by semver range; this makes npm take it from the tarball,
      // never from the public registry.
      overrides: { [RUNTIME]: spec(runtime!) },
    };
    writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const install = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
      cwd: project,
      env: npmEnv(),
    });
    expect(install.code, install.stderr + install.stdout).toBe(0);

    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string; version?: string }>;
    };
    const ours = Object.entries(lock.packages).filter(([key]) => /node_modules\/@echo-openapi\//.test(key));
    // Exactly one copy of each package, all at the top level, all from the tarballs.
    expect(ours.map(([key]) => key).sort()).toEqual(packed.map((p) => `node_modules/${p.name}`).sort());
    for (const [key, entry] of ours) expect(entry.resolved, key).toMatch(/^file:tarballs\//);
  });

  it('type-check under strict NodeNext, with a misuse that must not compile', async () => {
    writeFileSync(join(project, 'src/main.ts'), program(probes, mocks, sandboxes));
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        // The published .d.ts files are checked too, without @types/node: a consumer may not have it.
        skipLibCheck: false,
        types: [],
        rootDir: 'src',
        outDir: 'dist',
      },
      include: ['src'],
    };
    writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
    const tsc = await runNode(binPath('typescript', 'tsc', import.meta.url), ['-p', 'tsconfig.json'], { cwd: project });
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
  });

  it('run against the Prism mocks and the sandbox: typed data from every client, by path and by operation name, and the runtime error for a 401', async () => {
    const result = await runNode(join(project, 'dist/main.js'), [], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    const results = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(Object.keys(results).sort()).toEqual(vendors.map((v) => v.id).sort());
    for (const vendor of vendors) {
      const probe = probes.find((p) => p.vendor.id === vendor.id)!;
      expect(results[vendor.id], vendor.id).toEqual({
        status: 200,
        typed: false,
        hasData: true,
        unwrapped: true,
        errorIsRuntimeError: true,
        errorStatus: 401,
        misuse: 'function',
        byNameStatus: 200,
        byNameTyped: false,
        // A vendor with a parameterless paginated list walks it: up to 3 items (the mock's examples), typed.
        walked: probe.paginated ? expect.any(Number) : -1,
        itemsTyped: probe.paginated !== undefined,
      });
      if (probe.paginated) expect((results[vendor.id] as { walked: number }).walked, vendor.id).toBeGreaterThan(0);
    }
    expect(probes.filter((p) => p.paginated).length, 'at least one vendor has a paginated list to walk').toBeGreaterThan(0);
  });
});
