#!/usr/bin/env -S npx tsx
// pnpm contract [--vendor <id> ...]                 Dredd against Prism mocks started for the run
// pnpm contract --live [--vendor <id>]              against the live APIs (credentials from the environment)
// pnpm contract --target <url> --vendor <id>        against any server (a staging host, a proxy)
//   --allow-writes         also send calls that change live data: POST, PUT, PATCH, DELETE (live only; read-only by default)
//   --allow-side-effects   also send calls that send messages or cost money (live only; implies --allow-writes)
//   --reports <dir>        JUnit XML per vendor and summary.txt (default reports/contract)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, repoRoot, selectVendors, type Vendor } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks } from '@echo-openapi/mock';
import { failed, formatReport, junit, type VendorReport } from './report.js';
import { mockCredentials, runContract, type ContractRun } from './run.js';

/** Credentials for a live run, from the environment variables vendors.yaml names; what is missing, named. */
function liveCredentials(vendor: Vendor, env: NodeJS.ProcessEnv): { credentials: Record<string, string>; missing: string[] } {
  const credentials: Record<string, string> = {};
  const missing: string[] = [];
  for (const { scheme, env: name } of Object.values(vendor.credentials)) {
    const value = env[name];
    if (value) credentials[scheme] = value;
    else missing.push(name);
  }
  return { credentials, missing };
}

async function main(): Promise<number> {
  const started = Date.now();
  const { values, flags } = parseArgs(process.argv.slice(2), {
    values: ['vendor', 'target', 'reports'],
    flags: ['live', 'allow-writes', 'allow-side-effects'],
    repeatable: ['vendor'],
    usage: 'pnpm contract [--vendor <id> ...] [--live | --target <url>] [--allow-writes] [--allow-side-effects] [--reports <dir>]',
  });
  const vendors = selectVendors(values.vendor ?? []);
  const target = values.target?.[0];
  const live = flags.has('live') || target !== undefined;
  const reportsDir = resolve(repoRoot, values.reports?.[0] ?? 'reports/contract');
  if (target && vendors.length !== 1) throw new Error('--target needs exactly one --vendor');

  let runs: ContractRun[];
  let cleanup = async () => {};
  if (live) {
    runs = [];
    for (const vendor of vendors) {
      const { credentials, missing } = liveCredentials(vendor, process.env);
      const url = target ?? process.env[vendor.baseUrlEnv];
      if (!url) missing.push(vendor.baseUrlEnv);
      if (missing.length > 0) {
        console.error(`${vendor.title}: a live contract run needs ${missing.join(', ')} in the environment; nothing was sent.`);
        continue;
      }
      runs.push({ vendor, url: url!, mode: 'live', credentials, allowSideEffects: flags.has('allow-side-effects'), allowWrites: flags.has('allow-writes') });
    }
    if (runs.length < vendors.length) return 2;
  } else {
    const mocks = await startMocks(vendors, { ports: 'free' });
    cleanup = () => stopMocks(mocks);
    runs = mocks.map((m) => ({ vendor: m.vendor, url: m.url, mode: 'mock', credentials: mockCredentials(m.vendor) }));
  }

  let reports: VendorReport[];
  try {
    reports = await Promise.all(runs.map((run) => runContract(run)));
  } finally {
    await cleanup();
  }

  mkdirSync(reportsDir, { recursive: true });
  const summary = reports.map(formatReport).join('\n\n');
  for (const report of reports) writeFileSync(join(reportsDir, `${report.vendor}.junit.xml`), junit(report));
  writeFileSync(join(reportsDir, 'summary.txt'), `${summary}\n`);
  console.log(summary);
  console.log(`\n${reports.length} vendor(s) in ${((Date.now() - started) / 1000).toFixed(1)} s. Reports: ${reportsDir}`);
  return reports.some(failed) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
