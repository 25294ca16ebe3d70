/**
 * Client overhead benchmark (not a test). Run from the repo root after `pnpm build`:
 *
 *   node_modules/.bin/tsx bench/client-overhead.ts [requests]
 *
 * 1. Latency: one node:http server on 127.0.0.1 answers every request with a small JSON body. In one run it
 *    sends N (default 5,000) GETs through each of: raw fetch, bare openapi-fetch (createClient with the same
 *    headers), bare openapi-fetch given an AbortSignal (what a signal alone costs undici: the floor for a
 *    client whose timeout aborts through one) and each vendor client with default options (retries and timeout on, rate limit and logging
 *    off), round-robin one request at a time so all see the same machine state. It prints each one's median
 *    and p90 per request and its ratio to bare openapi-fetch (the budget: <= 1.05x).
 * 2. Size: esbuild bundles an app importing one client with defaults (minified, gzip level 9), per client,
 *    next to openapi-fetch alone and to each client's floor: openapi-fetch plus the vendor's generated
 *    metadata, no behaviour (what the budget leaves for the runtime is 5 kB minus the floor). `pnpm run size` (size-limit, .size-limit.json, part of `npm test`) holds each to its
 *    ratchet limit; the budget is 5 kB (see the README).
 */
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
// openapi-fetch as the runtime resolves it (it is not a dependency of the repo root).
import createClient from '../packages/runtime/node_modules/openapi-fetch/dist/index.mjs';
import { createEchoCommClient } from '../packages/echocomm/src/index.ts';
import { createEchoCueClient } from '../packages/echocue/src/index.ts';
import { createEchowinClient } from '../packages/echowin/src/index.ts';
import { createUserEchoClient } from '../packages/userecho/src/index.ts';
import { loadVendors } from '../tooling/core/src/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 5_000);
const WARMUP = 500;
const KEY = 'bench-key-0123456789';
const SECRET = 'bench-secret-9876543210';
const BODY = JSON.stringify({ status: 'success', status_id: 200, message: 'ok', data: { id: 7, name: 'Front desk', status: 'online' } });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function latency(): Promise<void> {
  let served = 0;
  const server = createServer((_, res) => {
    served++;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(BODY)) });
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { Authorization: `Bearer ${KEY}`, 'X-API-SECRET': SECRET };

  const bare = createClient<
    Record<string, { get: { parameters: { path: { id: number } }; responses: { 200: { content: { 'application/json': unknown } } } } }>
  >({ baseUrl: base, headers });
  const echocue = createEchoCueClient({ apiKey: KEY, apiSecret: SECRET, baseUrl: base });
  const echocomm = createEchoCommClient({ apiKey: KEY, baseUrl: base });
  const echowin = createEchowinClient({ apiKey: KEY, baseUrl: base });
  const userecho = createUserEchoClient({ alias: 'bench', accessToken: KEY, baseUrl: base });
  const must = (ok: unknown) => {
    if (!ok) throw new Error('call failed');
  };
  const variants: [string, (i: number) => Promise<void>][] = [
    ['raw fetch', async (i) => must((await (await fetch(`${base}/api/device/${i}`, { headers })).json()) as unknown)],
    ['bare openapi-fetch', async (i) => must((await bare.GET('/api/device/{id}', { params: { path: { id: i } } })).data)],
    // What any AbortSignal costs undici (the floor for a client whose default timeout aborts through one).
    [
      'bare + AbortSignal',
      async (i) => must((await bare.GET('/api/device/{id}', { params: { path: { id: i } }, signal: new AbortController().signal })).data),
    ],
    ['EchoCue client', async (i) => must((await echocue.GET('/api/device/{device_id}', { params: { path: { device_id: i } } })).data)],
    // The same call by operation name: each follows its path-style call (compared with it below).
    ['  by operation', async (i) => must((await echocue.getDevice({ path: { device_id: i } })).data)],
    ['EchoComm client', async () => must((await echocomm.GET('/numbers/search', { params: { query: { country: 'US' } } } as never)).data)],
    ['  by operation', async () => must((await echocomm.searchNumbers({ query: { country: 'US' } } as never)).data)],
    ['echowin client', async (i) => must((await echowin.GET('/contacts/{contactId}', { params: { path: { contactId: String(i) } } })).data)],
    ['  by operation', async (i) => must((await echowin.getContact({ path: { contactId: String(i) } })).data)],
    ['UserEcho client', async (i) => must((await userecho.GET('/users/{user_id}.json', { params: { path: { user_id: i } } })).data)],
    ['  by operation', async (i) => must((await userecho.getUser({ path: { user_id: i } })).data)],
  ];

  for (let i = 0; i < WARMUP; i++) for (const [, run] of variants) await run(i);
  const times = variants.map(() => [] as number[]);
  for (let i = 0; i < N; i++) {
    // Rotate the order so no variant always runs first on a freshly used socket.
    for (let k = 0; k < variants.length; k++) {
      const v = (i + k) % variants.length;
      const start = performance.now();
      await variants[v]![1](i);
      times[v]!.push(performance.now() - start);
    }
  }
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));

  const baseline = median(times[1]!);
  console.log(`latency: ${N} GETs per variant, round-robin (${WARMUP} warm-up rounds; server saw ${served})`);
  for (const [v, [name]] of variants.entries()) {
    const m = median(times[v]!);
    const byOperation = name.trim() === 'by operation' ? `   ${(m / median(times[v - 1]!)).toFixed(3)}x its path call` : '';
    console.log(
      `  ${name.padEnd(20)} median ${(m * 1000).toFixed(1).padStart(6)} µs   p90 ${(percentile(times[v]!, 90) * 1000).toFixed(1).padStart(6)} µs   ${(m / baseline).toFixed(3)}x openapi-fetch${byOperation}`,
    );
  }
}

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
  version: string;
}

/** esbuild is installed by pnpm under node_modules/.pnpm/esbuild@<version>; not hoisted, so load it by path. */
function loadEsbuild(): Esbuild {
  const store = join(root, 'node_modules/.pnpm');
  const dir = readdirSync(store).find((name) => /^esbuild@\d/.test(name));
  if (!dir) throw new Error('esbuild not found under node_modules/.pnpm');
  return createRequire(import.meta.url)(join(store, dir, 'node_modules/esbuild')) as Esbuild;
}

async function size(): Promise<void> {
  const esbuild = loadEsbuild();
  const bundle = async (contents: string, resolveDir: string) => {
    const result = await esbuild.build({
      stdin: { contents, resolveDir, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
  };
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
  console.log(`size: an app importing one client with defaults (esbuild ${esbuild.version}, minify + bundle, esm, built dist; gzip -9)`);
  const openapiFetch = "import createClient from 'openapi-fetch';";
  const alone = await bundle(`${openapiFetch} console.log(createClient);`, join(root, 'packages/runtime'));
  console.log(`  ${'openapi-fetch alone'.padEnd(24)} min ${kb(alone.min).padStart(9)}   min+gzip ${kb(alone.gzip).padStart(8)}`);
  // The floor: openapi-fetch and the vendor's generated metadata, with no runtime behaviour at all; what the
  // 5 kB budget leaves for retries, timeouts, errors, redaction and the rest is 5 kB minus this.
  for (const { package: name, packageDir, factory } of loadVendors()) {
    const client = await bundle(`import { ${factory} } from './dist/index.js'; console.log(${factory});`, join(root, packageDir));
    const floor = await bundle(
      `${openapiFetch} import { vendor } from '${join(root, packageDir)}/dist/generated/vendor.js'; console.log(createClient, vendor);`,
      join(root, 'packages/runtime'),
    );
    console.log(
      `  ${name.padEnd(24)} min ${kb(client.min).padStart(9)}   min+gzip ${kb(client.gzip).padStart(8)}   floor (openapi-fetch + metadata) ${kb(floor.gzip)}: the 5 kB budget leaves ${kb(5000 - floor.gzip)} for the runtime, which takes ${kb(client.gzip - floor.gzip)}`,
    );
  }
}

console.log(`node ${process.version}`);
await latency();
await size();
