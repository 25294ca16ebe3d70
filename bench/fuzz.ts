/**
 * Fuzz-run throughput (not a test). Run from the repo root:
 *
 *   node_modules/.bin/tsx bench/fuzz.ts [runs] [seed]
 *
 * Starts a Prism mock per vendor (free ports), then fuzzes all four at once, as `pnpm contract --fuzz` does,
 * with `runs` (default 25) generated requests per operation and kind. Prints, per vendor and in total,
 * operations and requests per second of the fuzz itself, and the wall time with Prism's start-up, which is
 * what the 60 s budget of the full four-vendor run on the mock is about.
 */
import { loadApiModel, loadVendors } from '../tooling/core/src/index.ts';
import { startMocks, stopMocks } from '../tooling/mock/src/mocks.ts';
import { runFuzz } from '../tooling/contract/src/fuzz/run.ts';
import { mockCredentials } from '../tooling/contract/src/run.ts';

const runs = Number(process.argv[2] ?? 25);
const seed = Number(process.argv[3] ?? 1);
const started = Date.now();
const vendors = loadVendors();
const models = await Promise.all(vendors.map((v) => loadApiModel(v)));
const mocks = await startMocks(vendors, { ports: 'free' });
const ready = Date.now();
try {
  const reports = await Promise.all(
    mocks.map((m, i) =>
      runFuzz({ vendor: m.vendor, model: models[i]!, url: m.url, mode: 'mock', credentials: mockCredentials(m.vendor), secrets: {}, seed, runs }),
    ),
  );
  const fuzzSeconds = (Date.now() - ready) / 1000;
  console.log(`fuzz of ${vendors.length} vendors on Prism mocks, ${runs} runs, seed ${seed}`);
  console.log('vendor      operations  requests  seconds  ops/s  requests/s  failures');
  for (const r of reports) {
    const s = r.durationMs / 1000;
    console.log(
      `${r.vendor.padEnd(12)}${String(r.operations.length).padStart(10)}${String(r.requests).padStart(10)}${s.toFixed(1).padStart(9)}${(r.operations.length / s).toFixed(2).padStart(7)}${(r.requests / s).toFixed(0).padStart(12)}${String(r.failures.length).padStart(10)}`,
    );
  }
  const operations = reports.reduce((n, r) => n + r.operations.length, 0);
  const requests = reports.reduce((n, r) => n + r.requests, 0);
  console.log(
    `${'all'.padEnd(12)}${String(operations).padStart(10)}${String(requests).padStart(10)}${fuzzSeconds.toFixed(1).padStart(9)}${(operations / fuzzSeconds).toFixed(2).padStart(7)}${(requests / fuzzSeconds).toFixed(0).padStart(12)}`,
  );
  console.log(
    `wall time with bundling and Prism start-up: ${((Date.now() - started) / 1000).toFixed(1)} s (Prism ready after ${((ready - started) / 1000).toFixed(1)} s)`,
  );
} finally {
  await stopMocks(mocks);
}
