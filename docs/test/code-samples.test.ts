// The code samples are generated from the specs at build time; here every TypeScript sample (one per
// operation, plus the getting-started pages') is type-checked against the published clients, proven able to
// fail, and a few are run against Prism mocks through the real client.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, loadVendors, repoRoot, runNode, type Vendor } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks, type RunningMock } from '@echo-openapi/mock';
import { clientVariable, curlSample, operationsOf, pythonSample, serverUrl, typescriptSample, type Operation } from '../src/code-samples.js';
import { firstCallOperation, gettingStartedModules, localCredential, localCurl, tryItTargets } from '../src/getting-started.js';
import { operationRoute } from '../src/redoc.js';
import { builtSpec, pyCompile, pythonUnavailable, scratchDir, sitePythonSamples, siteSamples, typecheck, writeModules } from './helpers/samples.js';

const vendors = loadVendors();

describe('TypeScript samples', () => {
  it('every sample on the site type-checks against the published clients', () => {
    const samples = siteSamples(vendors);
    const operations = vendors.reduce((n, v) => n + operationsOf(builtSpec(v)).length, 0);
    expect(samples.length).toBe(operations + 3 * vendors.length);
    expect(typecheck(samples)).toEqual([]);
  }, 180_000);

  it('a sample that no longer matches the spec fails, naming its operation', () => {
    // Two operations from the data: one with a path parameter, one with a JSON body.
    const all = vendors.flatMap((vendor) => operationsOf(builtSpec(vendor)).map((op) => ({ vendor, op })));
    const withPathParam = all.find(({ op }) => op.parameters.some((p) => p.in === 'path'));
    const withBody = all.find(
      ({ op }) => op.body && typeof op.body.example === 'object' && op.body.example !== null && Object.keys(op.body.example).length > 0,
    );
    if (!withPathParam || !withBody) throw new Error('the specs have no operation with a path parameter or a JSON body');
    const param = withPathParam.op.parameters.find((p) => p.in === 'path')!.name;
    const field = Object.keys(withBody.op.body!.example as object)[0]!;
    const sample = (x: { vendor: Vendor; op: Operation }) => typescriptSample(x.vendor, builtSpec(x.vendor), x.op);
    const broken = [
      // A renamed path parameter (the spec renamed it; the sample did not follow).
      { name: `renamed/${withPathParam.op.operationId}`, source: sample(withPathParam).replace(`${param}:`, `${param}_renamed:`) },
      // An operation the client does not know (the spec renamed its operationId).
      {
        name: `operation/${withPathParam.op.operationId}`,
        source: sample(withPathParam).replace(`.${withPathParam.op.operationId}(`, `.${withPathParam.op.operationId}Typo(`),
      },
      // A body field of the wrong type.
      { name: `body/${withBody.op.operationId}`, source: sample(withBody).replace(new RegExp(`(\\b${field}: )[^,\\n]+`), '$1Symbol()') },
    ];
    for (const b of broken) expect(b.source, b.name).not.toBe(sample(b.name.startsWith('body/') ? withBody : withPathParam));
    const diagnostics = typecheck(broken);
    for (const b of broken)
      expect(
        diagnostics.some((d) => d.startsWith(`${b.name}:`)),
        `${b.name}\n${diagnostics.join('\n')}`,
      ).toBe(true);
  }, 180_000);
});

describe('the TypeScript samples call each operation by name', () => {
  it('every operation’s sample calls the client method named by its operationId, with the parameters by location', () => {
    for (const vendor of vendors) {
      const spec = builtSpec(vendor);
      for (const op of operationsOf(spec)) {
        const ts = typescriptSample(vendor, spec, op);
        expect(ts, op.operationId).toContain(`await ${clientVariable(vendor)}.${op.operationId}(`);
        expect(ts, op.operationId).not.toMatch(/\.(GET|POST|PUT|PATCH|DELETE)\(|params:/);
      }
    }
  });

  it('each method’s editor help links to the operation’s entry in this site’s reference', () => {
    for (const vendor of vendors) {
      const generated = readFileSync(join(repoRoot, vendor.packageDir, 'src/generated/operations.ts'), 'utf8');
      const links = Object.fromEntries([...generated.matchAll(/@see \{@link (\S+) \| (\w+) in /g)].map((m) => [m[2]!, m[1]!]));
      const operations = operationsOf(builtSpec(vendor));
      expect(Object.keys(links).sort()).toEqual(operations.map((op) => op.operationId).sort());
      for (const op of operations)
        expect(links[op.operationId], op.operationId).toMatch(new RegExp(`/${vendor.id}/index\\.html#${operationRoute(op.tag, op.operationId)}$`));
    }
  });
});

describe('getting-started pages: one credential per server', () => {
  it('the TypeScript and the curl sample for the mock and for the sandbox send the same credential values (one sandbox tenant)', () => {
    for (const vendor of vendors) {
      const spec = builtSpec(vendor);
      const modules = gettingStartedModules(vendor, spec);
      const operation = firstCallOperation(vendor, spec);
      for (const target of tryItTargets(vendor)) {
        const ts = modules[target.id];
        const curl = localCurl(vendor, spec, operation, target);
        const needed = Object.keys(vendor.credentials).filter((option) => ts.includes(`${option}: '`));
        expect(needed.length, `${vendor.id} ${target.id}`).toBeGreaterThan(0);
        for (const option of needed) {
          expect(ts, `${vendor.id} ${target.id}`).toContain(`${option}: '${localCredential(target, option)}'`);
          expect(curl, `${vendor.id} ${target.id}`).toContain(localCredential(target, option));
        }
        expect(curl, `${vendor.id} ${target.id}`).not.toMatch(/\$[A-Z]/);
      }
    }
  });
});

// Python is only syntax-checked (py_compile): running the samples would need `requests` installed.
const noPython = pythonUnavailable();
describe.skipIf(noPython !== undefined)(`Python samples${noPython ? ` (skipped: ${noPython})` : ''}`, () => {
  it('every sample compiles with python3 -m py_compile', () => {
    const samples = sitePythonSamples(vendors);
    expect(samples.length).toBe(vendors.reduce((n, v) => n + operationsOf(builtSpec(v)).length, 0));
    expect(pyCompile(samples)).toEqual([]);
  });

  it('a sample with a syntax error fails, naming its operation', () => {
    const [good, bad] = sitePythonSamples(vendors);
    const broken = { name: `broken/${bad!.name}`, source: bad!.source.replace('timeout=30,', 'timeout=30,,') };
    expect(broken.source).not.toBe(bad!.source);
    expect(pyCompile([good!, broken])).toEqual([expect.stringMatching(new RegExp(`^broken/${bad!.name}: `))]);
  });
});

describe('samples carry no secrets', () => {
  it.each(vendors)('$title samples read every credential from its environment variable', (vendor) => {
    const spec = builtSpec(vendor);
    for (const op of operationsOf(spec)) {
      const ts = typescriptSample(vendor, spec, op);
      const curl = curlSample(vendor, spec, op);
      const python = pythonSample(vendor, spec, op);
      const envs = Object.values(vendor.credentials).map((c) => c.env);
      expect(
        envs.some((env) => ts.includes(`process.env.${env}!`)),
        op.operationId,
      ).toBe(true);
      expect(
        envs.some((env) => curl.includes(`$${env}`)),
        op.operationId,
      ).toBe(true);
      expect(
        envs.some((env) => python.includes(`os.environ['${env}']`) || python.includes(`os.environ["${env}"]`)),
        op.operationId,
      ).toBe(true);
      expect(python, op.operationId).toContain(serverUrl(spec));
      expect(curl, op.operationId).toContain(serverUrl(spec));
    }
  });
});

describe('samples run against the mocks', () => {
  let mocks: RunningMock[] = [];
  let dir = '';
  beforeAll(async () => {
    mocks = await startMocks(vendors, { ports: 'free' });
    dir = scratchDir('run');
    // Sends the sample's requests for the real server to the mock instead; anything else is an error.
    writeFileSync(
      join(dir, 'redirect-fetch.mjs'),
      `const real = process.env.SAMPLE_REAL_BASE, mock = process.env.SAMPLE_MOCK_BASE, original = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  if (!request.url.startsWith(real)) throw new Error('sample called ' + request.url + ', not ' + real);
  const body = request.body ? await request.arrayBuffer() : undefined;
  return original(mock + request.url.slice(real.length), { method: request.method, headers: request.headers, body });
};
`,
    );
  }, 240_000);
  afterAll(async () => {
    await stopMocks(mocks);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function run(vendor: Vendor, operation: Operation): Promise<{ code: number; stdout: string; stderr: string }> {
    const spec = builtSpec(vendor);
    const mock = mocks.find((m) => m.vendor.id === vendor.id)!;
    const [file] = writeModules(dir, [{ name: `${vendor.id}/${operation.operationId}`, source: typescriptSample(vendor, spec, operation) }]);
    const env: NodeJS.ProcessEnv = { ...process.env, SAMPLE_REAL_BASE: serverUrl(spec), SAMPLE_MOCK_BASE: mock.url };
    for (const c of Object.values(vendor.credentials)) env[c.env] = `sample-${c.env.toLowerCase()}`;
    return runNode(binPath('tsx', 'tsx', import.meta.url), ['--import', pathToFileURL(join(dir, 'redirect-fetch.mjs')).href, file!], { env });
  }

  // Per vendor: the getting-started call, and the first call with a body that has no side effects.
  const cases = vendors.flatMap((vendor) => {
    const spec = builtSpec(vendor);
    const first = firstCallOperation(vendor, spec);
    const withBody = operationsOf(spec).find((op) => op.body && !op.sideEffects);
    return [first, ...(withBody ? [withBody] : [])].map((operation) => ({ vendor, operation, label: `${vendor.title} ${operation.operationId}` }));
  });

  it.each(cases)(
    "$label prints the mock's answer",
    async ({ vendor, operation }) => {
      const result = await run(vendor, operation);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.trim().length).toBeGreaterThan(0);
      expect(result.stdout).not.toMatch(/^undefined$/m);
    },
    120_000,
  );
});
