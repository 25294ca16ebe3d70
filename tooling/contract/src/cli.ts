#!/usr/bin/env -S npx tsx
// pnpm contract [--vendor <id> ...]                 Dredd against Prism mocks started for the run
// pnpm contract --live [--vendor <id>]              against the live APIs (credentials from the environment)
// pnpm contract --target <url> --vendor <id>        against any server (a staging host, a proxy)
//   --allow-writes         also send calls that change live data: POST, PUT, PATCH, DELETE (live only; read-only by default)
//   --allow-side-effects   also send calls that send messages or cost money (live only; implies --allow-writes)
//   --reports <dir>        JUnit XML per vendor and summary.txt (default reports/contract)
// pnpm contract --fuzz [--vendor <id>] [--target <url> | --live | --sandbox] [--seed N] [--runs N] [--operation <id> ...]
//                                                   property-based: requests generated from the schemas (src/fuzz);
//                                                   --sandbox: against the stateful sandbox, started for the run
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadApiModel, parseArgs, repoRoot, selectVendors, type Vendor } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks } from '@echo-openapi/mock';
import { failed, formatReport, junit, type VendorReport } from './report.js';
import { mockCredentials, runContract, type ContractRun } from './run.js';
import { fuzzFailed, formatFuzzReport, fuzzJunit } from './fuzz/report.js';
import { runFuzz, type FuzzReport } from './fuzz/run.js';

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

function integerOption(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, not "${value}"`);
  return Number(value);
}

/** What a report prints in place of each credential: the environment variable it came from (mock placeholders are no secret). */
function secretNames(run: ContractRun): Record<string, string> {
  if (run.mode === 'mock') return {};
  return Object.fromEntries(
    Object.values(run.vendor.credentials).flatMap(({ scheme, env }) => (run.credentials[scheme] ? [[run.credentials[scheme], `$${env}`]] : [])),
  );
}

async function main(): Promise<number> {
  const started = Date.now();
  const { values, flags } = parseArgs(process.argv.slice(2), {
    values: ['vendor', 'target', 'reports', 'seed', 'runs', 'operation'],
    flags: ['live', 'allow-writes', 'allow-side-effects', 'fuzz', 'sandbox'],
    repeatable: ['vendor', 'operation'],
    usage: {
      usage:
        'pnpm contract [--vendor <id> ...] [--live | --target <url>] [--allow-writes] [--allow-side-effects] [--reports <dir>]\n' +
        '       pnpm contract --fuzz [--vendor <id> ...] [--live | --target <url> | --sandbox] [--seed N] [--runs N] [--operation <id> ...] [--allow-writes] [--allow-side-effects]',
      description:
        'Contract tests: Dredd sends every operation x documented response code and validates each answer against its full schema\n' +
        '(against Prism mocks started for the run unless --live or --target); --fuzz generates requests from the schemas instead.\n' +
        'A live or target run is read-only unless --allow-writes. Coverage table on stdout, JUnit in reports/contract/.',
      options: {
        '--vendor <id>': `only this vendor (repeatable): ${selectVendors([])
          .map((v) => v.id)
          .join(', ')}`,
        '--live': "against the live APIs: <VENDOR>_BASE_URL and the credentials' variables from specs/vendors.yaml",
        '--target <url>': 'against any server (staging, a proxy, a sandbox); needs exactly one --vendor',
        '--allow-writes': 'live/target: also send POST, PUT, PATCH, DELETE',
        '--allow-side-effects': 'live/target: also send calls that send messages or cost money (x-side-effects)',
        '--reports <dir>': 'where JUnit XML and the summary go (default reports/contract)',
        '--fuzz': 'property-based run: requests generated from the schemas, checks named as Schemathesis names them',
        '--sandbox': '--fuzz against the stateful sandbox, started for the run (every check, stateful sequences included)',
        '--seed <n>': '--fuzz: the seed (a failure prints the seed and command that reruns it)',
        '--runs <n>': '--fuzz: generated requests per operation (default 25)',
        '--operation <id>': '--fuzz: only this operationId (repeatable)',
      },
      examples: [
        'pnpm contract                                          # every vendor against fresh mocks',
        'pnpm contract --vendor echocue --live                  # read-only against the live API',
        'pnpm contract --vendor echowin --target http://127.0.0.1:4022',
        'pnpm contract --fuzz --sandbox --vendor userecho --runs 10',
        'pnpm contract --fuzz --seed 42 --operation sendSms     # rerun a failure',
      ],
    },
  });
  const fuzz = flags.has('fuzz');
  for (const name of ['seed', 'runs', 'operation'] as const) if (values[name] && !fuzz) throw new Error(`--${name} needs --fuzz`);
  const seed = values.seed ? integerOption('seed', values.seed[0]!) : Date.now() % 2 ** 31;
  const fuzzRuns = values.runs ? integerOption('runs', values.runs[0]!) : 25;
  const vendors = selectVendors(values.vendor ?? []);
  const target = values.target?.[0];
  const live = flags.has('live') || target !== undefined;
  const reportsDir = resolve(repoRoot, values.reports?.[0] ?? 'reports/contract');
  if (target && vendors.length !== 1) throw new Error('--target needs exactly one --vendor');
  const sandbox = flags.has('sandbox');
  if (sandbox && !fuzz) throw new Error('--sandbox needs --fuzz');
  if (sandbox && live) throw new Error('--sandbox starts its own target: leave out --live and --target');

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
      runs.push({
        vendor,
        url: url!,
        mode: 'live',
        credentials,
        allowSideEffects: flags.has('allow-side-effects'),
        allowWrites: flags.has('allow-writes'),
      });
    }
    if (runs.length < vendors.length) return 2;
  } else if (sandbox) {
    // In memory, on free ports, rate limits off (a fuzz run is hundreds of requests a second): nothing real to protect.
    // Loaded only here: a run on the mocks or a target needs no built sandbox.
    const { startSandbox } = await import('@echo-openapi/sandbox');
    const sandboxes = await Promise.all(vendors.map((vendor) => startSandbox({ vendor: vendor.id, port: 0, rateLimits: false, ticker: false })));
    cleanup = async () => {
      await Promise.all(sandboxes.map((s) => s.close()));
    };
    runs = sandboxes.map((s, i) => ({ vendor: vendors[i]!, url: s.url, mode: 'live', credentials: mockCredentials(vendors[i]!) }));
  } else {
    const mocks = await startMocks(vendors, { ports: 'free' });
    cleanup = () => stopMocks(mocks);
    runs = mocks.map((m) => ({ vendor: m.vendor, url: m.url, mode: 'mock', credentials: mockCredentials(m.vendor) }));
  }

  if (fuzz) {
    let fuzzReports: FuzzReport[];
    try {
      fuzzReports = await Promise.all(
        runs.map(async (run) =>
          runFuzz({
            vendor: run.vendor,
            model: await loadApiModel(run.vendor),
            url: run.url,
            mode: sandbox ? 'sandbox' : run.mode,
            credentials: run.credentials,
            secrets: sandbox ? {} : secretNames(run),
            seed,
            runs: fuzzRuns,
            allowWrites: run.allowWrites ?? false,
            allowSideEffects: run.allowSideEffects ?? false,
            ...(values.operation ? { operations: values.operation } : {}),
          }),
        ),
      );
    } finally {
      await cleanup();
    }
    mkdirSync(reportsDir, { recursive: true });
    const summary = fuzzReports.map(formatFuzzReport).join('\n\n');
    for (const report of fuzzReports) writeFileSync(join(reportsDir, `${report.vendor}.fuzz.junit.xml`), fuzzJunit(report));
    writeFileSync(join(reportsDir, 'fuzz-summary.txt'), `${summary}\n`);
    console.log(summary);
    console.log(`\n${fuzzReports.length} vendor(s), seed ${seed}, in ${((Date.now() - started) / 1000).toFixed(1)} s. Reports: ${reportsDir}`);
    return fuzzReports.some(fuzzFailed) ? 1 : 0;
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
