// The fuzz run against the project's own Prism mocks, on a bounded budget: every vendor in
// specs/vendors.yaml is green, every check that a stateless mock can answer ran on every operation it
// applies to, and the others carry their reason. The same seed sends the same requests; credentials
// never reach the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiModel, loadVendors } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks, type RunningMock } from '@echo-openapi/mock';
import { mockCredentials } from '../src/run.js';
import { formatFuzzReport, fuzzFailed, fuzzJunit } from '../src/fuzz/report.js';
import { runFuzz, type FuzzRun } from '../src/fuzz/run.js';
import { VALID_REQUEST_CHECKS } from '../src/fuzz/checks.js';
import { plantedServer } from './fixtures/planted-server.js';

const SEED = 1;
const RUNS = 8;
const vendors = loadVendors();
let mocks: RunningMock[] = [];

beforeAll(async () => {
  mocks = await startMocks(vendors, { ports: 'free' });
});
afterAll(async () => {
  await stopMocks(mocks);
});

const run = async (mock: RunningMock, overrides: Partial<FuzzRun> = {}) =>
  runFuzz({
    vendor: mock.vendor,
    model: await loadApiModel(mock.vendor),
    url: mock.url,
    mode: 'mock',
    credentials: mockCredentials(mock.vendor),
    secrets: {},
    seed: SEED,
    runs: RUNS,
    ...overrides,
  });

describe.each(vendors)('$title fuzzed on its Prism mock', (vendor) => {
  it('is green, and every check a stateless mock can answer ran', async () => {
    const report = await run(mocks.find((m) => m.vendor.id === vendor.id)!);
    const summary = formatFuzzReport(report);
    expect(fuzzFailed(report), summary).toBe(false);
    expect(report.operations.length).toBe((await loadApiModel(vendor)).operations.length);
    for (const op of report.operations) {
      for (const check of VALID_REQUEST_CHECKS) {
        expect(op.checks[check], `${op.operationId} ${check}`).toEqual({ outcome: 'passed' });
      }
      for (const check of ['negative_data_rejection', 'ignored_auth'] as const)
        expect(['passed', 'skipped'], `${op.operationId} ${check}`).toContain(op.checks[check]?.outcome);
      expect(op.checks.use_after_free).toMatchObject({
        outcome: 'skipped',
        reason: expect.stringMatching(/Prism mock stores nothing|no OpenAPI links/),
      });
    }
    // Most operations take something a request can break, and need credentials.
    expect(report.operations.filter((o) => o.checks.negative_data_rejection?.outcome === 'passed').length).toBeGreaterThan(0);
    expect(report.operations.filter((o) => o.checks.ignored_auth?.outcome === 'passed').length).toBeGreaterThan(report.operations.length / 2);
    expect(fuzzJunit(report)).toContain(`failures="0"`);
  });
});

describe('a fuzz run', () => {
  it('sends the same requests for the same seed, and others for another seed', async () => {
    const mock = mocks[0]!;
    const model = await loadApiModel(mock.vendor);
    const seen: string[][] = [];
    for (const seed of [SEED, SEED, SEED + 1]) {
      const lines: string[] = [];
      const recorder = await plantedServer(model, mock.url, mockCredentials(mock.vendor), {
        request: (r) => (lines.push(`${r.op.id} ${r.url.pathname}${r.url.search} ${r.body}`), r),
      });
      try {
        await run(mock, { url: recorder.url, seed, operations: model.operations.slice(0, 4).map((o) => o.id) });
      } finally {
        await recorder.stop();
      }
      // Operations run concurrently; each one's requests are sequential.
      seen.push(lines.sort());
    }
    expect(seen[0]!.length).toBeGreaterThan(0);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).not.toEqual(seen[0]);
  });

  it('keeps credentials out of the report and the JUnit, printing the variable they come from', async () => {
    // A server that answers every request with a 500 echoing the headers it got, credentials included.
    const mock = mocks.find((m) => Object.keys(m.vendor.credentials).length > 0)!;
    const model = await loadApiModel(mock.vendor);
    const secrets = Object.fromEntries(Object.values(mock.vendor.credentials).map((c) => [c.scheme, `s3cret-${c.scheme}-value`]));
    const echo = await plantedServer(model, mock.url, secrets, { respond: (r) => ({ status: 500, body: JSON.stringify(r.headers) }) });
    try {
      const report = await run(mock, {
        url: echo.url,
        mode: 'live',
        credentials: secrets,
        secrets: Object.fromEntries(Object.values(mock.vendor.credentials).map((c) => [secrets[c.scheme]!, `$${c.env}`])),
        operations: model.operations
          .filter((o) => o.method === 'get')
          .slice(0, 3)
          .map((o) => o.id),
      });
      const text = formatFuzzReport(report) + fuzzJunit(report);
      expect(
        report.failures.some((f) => f.check === 'not_a_server_error' && f.curl.includes(`$${Object.values(mock.vendor.credentials)[0]!.env}`)),
        text,
      ).toBe(true);
      for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    } finally {
      await echo.stop();
    }
  });
});
