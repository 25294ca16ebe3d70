import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, loadApiModel, runNode, type Vendor } from '@echo-openapi/tooling-core';
import { expectedCases } from './plan.js';
import { outcomes, type TransactionResult, type VendorReport } from './report.js';

const hooksFile = join(dirname(fileURLToPath(import.meta.url)), 'hooks.cjs');

export interface ContractRun {
  vendor: Vendor;
  /** The server under test: a Prism mock, a drifted server, or the live API. */
  url: string;
  /** `mock` steers Prism to every documented code; `live` sends only what a real API can answer. */
  mode: 'mock' | 'live';
  /** Credentials keyed by security scheme name. */
  credentials: Record<string, string>;
  allowSideEffects?: boolean;
  /** Live only: also send calls that change data (POST, PUT, PATCH, DELETE); implied by allowSideEffects. */
  allowWrites?: boolean;
}

/** Placeholder credentials for a mock, one per scheme: Prism checks presence, not value. */
export function mockCredentials(vendor: Vendor): Record<string, string> {
  return Object.fromEntries(Object.values(vendor.credentials).map(({ scheme }) => [scheme, `mock-${scheme}`]));
}

/**
 * Runs Dredd over every operation and documented response code of the vendor's spec against `url`,
 * validating each real response against the full schema, and reports per operation x code.
 */
export async function runContract(run: ContractRun): Promise<VendorReport> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), `echo-contract-${run.vendor.id}-`));
  try {
    const model = await loadApiModel(run.vendor);
    const results = join(work, 'results.jsonl');
    writeFileSync(results, '');
    const context = join(work, 'context.json');
    writeFileSync(
      context,
      JSON.stringify({
        vendor: run.vendor.id,
        spec: model.bundlePath,
        mode: run.mode,
        credentials: run.credentials,
        allowSideEffects: run.allowSideEffects ?? false,
        allowWrites: run.allowWrites ?? false,
        results,
      }),
      { mode: 0o600 },
    );
    const dredd = await runNode(
      binPath('dredd', 'dredd', import.meta.url),
      [model.bundlePath, run.url, '--hookfiles', hooksFile, '--loglevel', 'error', '--color', 'false'],
      {
        env: { ECHO_CONTRACT_CONTEXT: context },
      },
    );
    const recorded = readFileSync(results, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as TransactionResult);
    const { cases, unexpected } = outcomes(expectedCases(model), recorded);
    const problems = unexpected.map((r) => `transaction for ${r.method.toUpperCase()} ${r.path} ${r.code}, which the spec does not document`);
    if (dredd.code !== 0 && !cases.some((c) => c.outcome === 'failed')) {
      problems.push(`Dredd exited with code ${dredd.code}: ${dreddErrors(dredd.stdout + dredd.stderr)}`);
    }
    return { vendor: run.vendor.id, title: run.vendor.title, target: run.url, cases, problems, durationMs: Date.now() - started };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Dredd's own error lines, without its deprecation noise. */
function dreddErrors(output: string): string {
  const lines = output.split('\n').filter((l) => /error|fail/i.test(l) && !/padLevels|trace-warnings/.test(l));
  return lines.slice(0, 20).join('\n') || output.slice(-2000);
}
