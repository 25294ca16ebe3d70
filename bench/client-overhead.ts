/**
 * Client overhead benchmark (not a test). Run from the repo root:
 *
 *   node_modules/.bin/tsx bench/client-overhead.ts [requests]
 *
 * 1. Starts a node:http server on 127.0.0.1 and sends N (default 10,000) GET requests through a
 *    createVendorClient client with the full stack (auth middleware, retrying transport with timeout,
 *    rate limit off, logger off) and N through raw fetch with the same headers, alternating one by one so
 *    both see the same machine state. Prints the median (and p90) per-request time of each and the ratio.
 * 2. Bundles packages/runtime/src/index.ts with esbuild (minify, bundle, esm; openapi-fetch included) and
 *    prints its minified and gzipped size, plus the runtime alone and openapi-fetch alone for context.
 */
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createVendorClient, type VendorMetadata } from '../packages/runtime/src/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 10_000);
const WARMUP = 500;

const vendor: VendorMetadata = {
  id: 'bench',
  title: 'Bench',
  specVersion: '1.0.0',
  serverUrl: 'http://127.0.0.1/v1',
  serverVariables: {},
  securitySchemes: {
    bearerAuth: { type: 'http', scheme: 'bearer' },
    apiSecret: { type: 'apiKey', in: 'header', name: 'X-API-SECRET' },
  },
  rateLimits: { policies: [{ limit: 60, windowSeconds: 60 }] },
  errorEnvelope: { message: 'message', code: 'status_id' },
  operations: {
    getDevice: { method: 'get', path: '/api/device/{device_id}', idempotent: true, security: [['bearerAuth', 'apiSecret']] },
  },
};

interface BenchPaths {
  '/api/device/{device_id}': {
    parameters: { path: { device_id: number } };
    get: {
      parameters: { path: { device_id: number } };
      responses: { 200: { content: { 'application/json': { status_id: number; data: { device_id: number } } } } };
    };
  };
}

const API_KEY = 'bench-key-0123456789';
const API_SECRET = 'bench-secret-9876543210';
const BODY = JSON.stringify({ status_id: 200, message: 'ok', data: { device_id: 7, name: 'Front desk', status: 'online' } });

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
  const server = createServer((req, res) => {
    served++;
    if (req.headers.authorization !== `Bearer ${API_KEY}` || req.headers['x-api-secret'] !== API_SECRET) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"status_id":401,"message":"unauthorized"}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(BODY)) });
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

  const client = createVendorClient<BenchPaths>(vendor, { baseUrl: base, auth: { bearerAuth: API_KEY, apiSecret: API_SECRET } });
  const viaClient = async (id: number) => {
    const { data, error } = await client.GET('/api/device/{device_id}', { params: { path: { device_id: id } } });
    if (error || !data) throw new Error('client call failed');
  };
  const viaFetch = async (id: number) => {
    const response = await fetch(`${base}/api/device/${id}`, { headers: { Authorization: `Bearer ${API_KEY}`, 'X-API-SECRET': API_SECRET } });
    if (!response.ok) throw new Error('fetch failed');
    await response.json();
  };

  for (let i = 0; i < WARMUP; i++) {
    await viaClient(i);
    await viaFetch(i);
  }
  const clientTimes: number[] = [];
  const fetchTimes: number[] = [];
  for (let i = 0; i < N; i++) {
    // Alternate which goes first so neither always runs on a freshly-warmed socket.
    const order = i % 2 === 0 ? ([viaClient, viaFetch] as const) : ([viaFetch, viaClient] as const);
    for (const run of order) {
      const start = performance.now();
      await run(i);
      (run === viaClient ? clientTimes : fetchTimes).push(performance.now() - start);
    }
  }
  server.closeAllConnections();
  await new Promise<void>((done) => server.close(() => done()));

  const mc = median(clientTimes);
  const mf = median(fetchTimes);
  console.log(`requests: ${N} through the client + ${N} through raw fetch (alternating; ${WARMUP} warm-up each; server saw ${served})`);
  console.log(`createVendorClient  median ${(mc * 1000).toFixed(1)} µs   p90 ${(percentile(clientTimes, 90) * 1000).toFixed(1)} µs`);
  console.log(`raw fetch           median ${(mf * 1000).toFixed(1)} µs   p90 ${(percentile(fetchTimes, 90) * 1000).toFixed(1)} µs`);
  console.log(`ratio (client / raw fetch, medians): ${(mc / mf).toFixed(2)}x   overhead ${((mc - mf) * 1000).toFixed(1)} µs per request`);
}

interface EsbuildResult {
  outputFiles: { contents: Uint8Array }[];
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<EsbuildResult>;
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
  const bundle = async (options: Record<string, unknown>) => {
    const result = await esbuild.build({ bundle: true, minify: true, format: 'esm', write: false, platform: 'neutral', mainFields: ['module', 'main'], logLevel: 'silent', ...options });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
  };
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const full = await bundle({ entryPoints: [join(root, 'packages/runtime/src/index.ts')] });
  const own = await bundle({ entryPoints: [join(root, 'packages/runtime/src/index.ts')], external: ['openapi-fetch'] });
  const openapiFetch = await bundle({ stdin: { contents: "export { default } from 'openapi-fetch';", resolveDir: join(root, 'packages/runtime/src'), loader: 'ts' } });
  console.log(`bundle size (esbuild ${esbuild.version}, minify + bundle, esm; gzip level 9):`);
  console.log(`  runtime + openapi-fetch   min ${kb(full.min)}   min+gzip ${kb(full.gzip)}`);
  console.log(`  runtime alone             min ${kb(own.min)}   min+gzip ${kb(own.gzip)}`);
  console.log(`  openapi-fetch alone       min ${kb(openapiFetch.min)}   min+gzip ${kb(openapiFetch.gzip)}`);
}

console.log(`node ${process.version}`);
await latency();
await size();
