/**
 * `pnpm test:stress`: runs the unit suites with every core kept busy by processes this script starts and
 * stops itself, several times in a row. A test that races a wall-clock timer against real work fails here
 * long before it flakes in CI; a green run means each suite passed every time under saturation.
 *
 * Default suites: every package's vitest suite except the ones that take minutes per run with nothing in
 * them that waits on time: contract (Dredd and fuzz runs), docs (Chromium), release (packs and installs from
 * the npm registry), tooling/core (the fifth-vendor copy of the workspace installs from the registry) and
 * tooling/lint (Redocly and Spectral processes run to completion). Name any of them with --suite to include
 * it. Each suite finds a free port for what it starts, so runs never clash.
 *
 * Usage: pnpm test:stress [--runs 3] [--busy <cores>] [--suite <dir> ...]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type CommandHelp, parseArgs, usageError } from './args.js';
import { repoRoot } from './vendors.js';

const USAGE: CommandHelp = {
  usage: 'pnpm test:stress [--runs 3] [--busy <processes>] [--suite <dir> ...]',
  description:
    'Runs the unit suites with every core kept busy by processes it starts and stops itself, several times in a row;\n' +
    'exits 1 naming each run, suite and test that failed (logs and vitest JSON in reports/stress/).',
  options: {
    '--runs <n>': 'how many times in a row (default 3)',
    '--busy <n>': 'busy processes (default: one per core)',
    '--suite <dir>': 'a package directory to run instead of the defaults (repeatable): packages/*, tooling/codegen, tooling/mock',
  },
  examples: ['pnpm test:stress                              # the default suites, three times', 'pnpm test:stress --suite packages/runtime --runs 5'],
};

/** The unit suites (directories with a vitest suite), run in this order. */
const DEFAULT_SUITES = [
  'packages/api-model',
  'packages/runtime',
  'packages/sandbox',
  'packages/echocue',
  'packages/echocomm',
  'packages/echowin',
  'packages/userecho',
  'tooling/codegen',
  'tooling/mock',
];

interface FailedTest {
  file: string;
  /** Its describe blocks and title. */
  name: string;
  title: string;
  message: string;
}

const { values } = parseArgs(process.argv.slice(2), { values: ['runs', 'busy', 'suite'], repeatable: ['suite'], usage: USAGE });
const runs = positiveInt('runs', values.runs?.[0] ?? '3');
const busyCount = positiveInt('busy', values.busy?.[0] ?? String(availableParallelism()));
const suites = values.suite ?? DEFAULT_SUITES;
for (const suite of suites) {
  try {
    readFileSync(join(repoRoot, suite, 'package.json'));
  } catch {
    usageError(`--suite ${suite}: no package.json there (give a directory such as packages/runtime)`, USAGE);
  }
}
const reportDir = join(repoRoot, 'reports/stress');
mkdirSync(reportDir, { recursive: true });

// ---- the busy processes -----------------------------------------------------------------------------------

const busy: ChildProcess[] = [];
function stopBusy(): void {
  for (const child of busy) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
// Whatever ends this script (a failure, Ctrl-C, a kill) ends the spinners too: they must never outlive it.
process.on('exit', stopBusy);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    stopBusy();
    console.error(`\n${signal}: stopped the busy processes`);
    process.exit(130);
  });
}
// Each spinner also checks now and then that this script is still its parent, so even a SIGKILL here (no exit
// handler runs) leaves nothing spinning.
const spin = `for (let i = 0; ; i++) if (i % 5e7 === 0 && process.ppid !== ${process.pid}) process.exit(0);`;
for (let i = 0; i < busyCount; i++) {
  busy.push(spawn(process.execPath, ['-e', spin], { stdio: 'ignore' }));
}
console.log(`${busyCount} busy process(es) spinning (one per core); ${runs} run(s) of: ${suites.join(', ')}`);

// ---- the runs ---------------------------------------------------------------------------------------------

let failures = 0;
const started = Date.now();
for (let run = 1; run <= runs; run++) {
  for (const suite of suites) {
    const name = suite.replaceAll('/', '-');
    const jsonFile = join(reportDir, `run-${run}-${name}.json`);
    const logFile = join(reportDir, `run-${run}-${name}.log`);
    const t0 = Date.now();
    const { code, output } = await vitest(join(repoRoot, suite), jsonFile);
    writeFileSync(logFile, output);
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    const failed = failedTests(jsonFile);
    if (code === 0) {
      console.log(`run ${run}/${runs}  ${suite}  ok  ${seconds} s`);
      continue;
    }
    failures++;
    console.log(`run ${run}/${runs}  ${suite}  FAILED  ${seconds} s  (log: ${logFile})`);
    for (const test of failed) console.log(`  ✗ ${test.file} > ${test.name}\n    ${reason(test, output)}`);
    // No JSON (vitest itself failed: config, a crashed worker, a hook timeout): the end of its output says why.
    if (failed.length === 0) console.log(output.split('\n').slice(-30).join('\n'));
  }
}
stopBusy();
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
if (failures > 0) {
  console.log(`\n${failures} suite run(s) failed under saturation (${minutes} min); logs in reports/stress/`);
  process.exit(1);
}
console.log(`\nAll ${suites.length} suites passed ${runs} time(s) in a row with ${busyCount} busy process(es) (${minutes} min)`);

// ---- helpers ----------------------------------------------------------------------------------------------

function positiveInt(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) usageError(`--${name} must be a positive whole number, got "${text}"`, USAGE);
  return value;
}

/** Runs a package's vitest suite once, uncached; the JSON report names each failed test. */
function vitest(cwd: string, jsonFile: string): Promise<{ code: number; output: string }> {
  const bin = join(repoRoot, 'node_modules/vitest/vitest.mjs');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`], {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

/**
 * The first line of why a test failed. Vitest's JSON report sometimes carries only a placeholder
 * (STACK_TRACE_ERROR, e.g. for a timeout); its own output then has the line after the test's FAIL header.
 */
function reason(test: FailedTest, output: string): string {
  const first = test.message.split('\n')[0] ?? '';
  if (first !== '' && !first.includes('STACK_TRACE_ERROR')) return first;
  const lines = output.split('\n');
  const header = lines.findIndex((line) => line.includes(' FAIL ') && line.trimEnd().endsWith(test.title));
  return (
    (header >= 0
      ? lines
          .slice(header + 1)
          .find((line) => line.trim() !== '')
          ?.trim()
      : undefined) ??
    (first || '(no message)')
  );
}

function failedTests(jsonFile: string): FailedTest[] {
  let report: {
    testResults?: {
      name: string;
      message?: string;
      assertionResults?: { status: string; title: string; fullName: string; failureMessages?: string[] }[];
    }[];
  };
  try {
    report = JSON.parse(readFileSync(jsonFile, 'utf8'));
  } catch {
    return [];
  }
  const failed: FailedTest[] = [];
  for (const file of report.testResults ?? []) {
    const relative = file.name.startsWith(repoRoot) ? file.name.slice(repoRoot.length + 1) : file.name;
    const tests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    for (const test of tests) failed.push({ file: relative, name: test.fullName, title: test.title, message: test.failureMessages?.[0] ?? '' });
    // A file that failed outside any test (an import error, a hook) has no failed assertion to name.
    if (tests.length === 0 && file.message) failed.push({ file: relative, name: '(file)', title: '', message: file.message });
  }
  return failed;
}
