/**
 * Sandbox vs Prism benchmark (not a test). Run from the repo root:
 *
 *   node_modules/.bin/tsx bench/sandbox.ts [--vendor echowin] [--seconds 5] [--connections 10] [--rounds 3]
 *
 * Starts the stateful sandbox (in memory) and the Prism mock of the same spec, each in its own process on a
 * free port on 127.0.0.1 (as a user runs them; autocannon, in this process, does not share an event loop
 * with either), then drives each with autocannon on the same operations, one after the other in one run: a
 * read of a documented record and a list (GET), with the same credentials. Prints requests per second and
 * p50/p99 latency of each, and the ratios. The two take turns for `--rounds` rounds of `--seconds` each, so a
 * burst of other load on the machine falls on both rather than on one; each figure is the median of its
 * rounds. Every answer must be 2xx: a run with errors or non-2xx answers says so instead of reporting a speed.
 *
 * A third server, the floor, is a bare node:http server in its own process answering each path with the
 * bytes the sandbox answered (no routing, no validation, no storage): what any Node server reaches on this
 * machine under the same load, so the run shows how far the sandbox is from it and the most any Node
 * server could be ahead of Prism here.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import autocannon from 'autocannon';
import { bundleSpec, killTree, loadVendors, parseArgs, selectVendors, startPrism } from '../tooling/core/src/index.ts';
import { startSandbox } from '../packages/sandbox/src/index.ts';

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

/** The median of each figure over the rounds; every error and non-2xx answer of every round. */
function summary(results: Result[]): Result {
  return {
    rps: median(results.map((r) => r.rps)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

// The sandbox's own process: this file again with `--serve-sandbox <vendor>`; it prints its URL and serves.
if (process.argv[2] === '--serve-sandbox') {
  // Rate limits would turn most of a benchmark into 429s: the bench measures serving.
  const running = await startSandbox({ vendor: process.argv[3]!, port: 0, ticker: false, rateLimits: false });
  console.log(running.url);
  await new Promise(() => {});
}

// The floor's process: `--serve-floor <answers as JSON>`; it prints its URL and serves those bytes.
if (process.argv[2] === '--serve-floor') {
  const answers = new Map(
    Object.entries(JSON.parse(process.argv[3]!) as Record<string, { headers: Record<string, string>; body: string }>).map(([path, answer]) => [
      path,
      { headers: answer.headers, body: Buffer.from(answer.body) },
    ]),
  );
  const server = createServer((request, response) => {
    const answer = answers.get(request.url!);
    if (!answer) return response.writeHead(404).end();
    response.writeHead(200, answer.headers).end(answer.body);
  });
  server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
  await new Promise(() => {});
}

/** The operations benchmarked per vendor: documented example paths, a read and a list, with credentials. */
const WORKLOADS: Record<string, { headers: Record<string, string>; paths: string[] }> = {
  echowin: { headers: { 'X-API-Key': 'bench-key' }, paths: ['/contacts/123e4567-e89b-12d3-a456-426614174000', '/contacts?page=1&limit=20'] },
  echocue: { headers: { Authorization: 'Bearer bench-key', 'X-API-Secret': 'bench-secret' }, paths: ['/api/contact/456', '/api/contact/list'] },
  echocomm: { headers: { Authorization: 'Bearer bench-key' }, paths: ['/numbers/search?area_code=415&limit=10'] },
  userecho: { headers: { Authorization: 'Bearer bench-key' }, paths: ['/topics/1234.json', '/forums.json'] },
};

const { values } = parseArgs(process.argv.slice(2), { values: ['vendor', 'seconds', 'connections', 'rounds'] });
const [vendor] = selectVendors(values.vendor ?? ['echowin'], loadVendors());
const seconds = Number(values.seconds?.[0] ?? 5);
const connections = Number(values.connections?.[0] ?? 10);
const rounds = Number(values.rounds?.[0] ?? 3);
const workload = WORKLOADS[vendor!.id]!;

interface Result {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function drive(url: string): Promise<Result> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: workload.paths.map((path) => ({ method: 'GET', path, headers: workload.headers })),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** This file again as a server process (`--serve-sandbox <vendor>` or `--serve-floor <answers>`); it prints its URL. */
async function spawnServer(...args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: chunk.toString().trim(), stop: () => killTree(child) };
}

/** What the sandbox answers each benchmarked path (status 200 required), for the floor to repeat byte for byte. */
async function answersOf(url: string): Promise<Record<string, { headers: Record<string, string>; body: string }>> {
  const answers: Record<string, { headers: Record<string, string>; body: string }> = {};
  for (const path of workload.paths) {
    const response = await fetch(url + path, { headers: workload.headers });
    if (response.status !== 200) throw new Error(`${path}: the sandbox answered ${response.status}, not 200`);
    const headers = Object.fromEntries(
      [...response.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)),
    );
    answers[path] = { headers, body: await response.text() };
  }
  return answers;
}

const sandbox = await spawnServer('--serve-sandbox', vendor!.id);
const floor = await spawnServer('--serve-floor', JSON.stringify(await answersOf(sandbox.url)));
const spec = await bundleSpec(vendor!);
const prism = await startPrism({ spec: spec.path });
try {
  // Warm both (JIT, Ajv compilation, Prism's first-request setup).
  await autocannon({
    url: sandbox.url,
    connections: 2,
    amount: 500,
    requests: workload.paths.map((path) => ({ method: 'GET', path, headers: workload.headers })),
  });
  await autocannon({
    url: prism.url,
    connections: 2,
    amount: 200,
    requests: workload.paths.map((path) => ({ method: 'GET', path, headers: workload.headers })),
  });
  const runs: { sandbox: Result[]; prism: Result[]; floor: Result[] } = { sandbox: [], prism: [], floor: [] };
  for (let round = 0; round < rounds; round++) {
    runs.sandbox.push(await drive(sandbox.url));
    runs.prism.push(await drive(prism.url));
    runs.floor.push(await drive(floor.url));
  }
  const results = { sandbox: summary(runs.sandbox), prism: summary(runs.prism), floor: summary(runs.floor) };
  console.log(`${vendor!.title}: GET ${workload.paths.join(', ')} — ${connections} connections, ${rounds} rounds of ${seconds} s each`);
  console.log('            req/s      p50 ms   p99 ms   non-2xx  errors');
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(10)}${r.rps.toFixed(0).padStart(8)}${String(r.p50).padStart(11)}${String(r.p99).padStart(9)}${String(r.non2xx).padStart(10)}${String(r.errors).padStart(8)}`,
    );
  }
  const broken = Object.entries(results).filter(([, r]) => r.non2xx > 0 || r.errors > 0);
  if (broken.length > 0) {
    console.log(`Not comparable: ${broken.map(([name]) => name).join(', ')} answered errors or non-2xx.`);
    process.exitCode = 1;
  } else {
    console.log(
      `sandbox / prism: ${(results.sandbox.rps / results.prism.rps).toFixed(1)}x requests per second; p99 ${results.sandbox.p99} ms vs ${results.prism.p99} ms`,
    );
    console.log(
      `floor / prism:   ${(results.floor.rps / results.prism.rps).toFixed(1)}x (the most any Node server reaches here); sandbox / floor: ${(results.sandbox.rps / results.floor.rps).toFixed(2)}`,
    );
  }
} finally {
  await prism.stop();
  await floor.stop();
  await sandbox.stop();
}
