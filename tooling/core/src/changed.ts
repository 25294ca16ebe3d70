/**
 * `pnpm test:changed`: the checks one change affects, for the everyday loop (CI still runs everything).
 *
 * The change is every file that differs from the base (commits since it, staged, unstaged and untracked):
 * - a file under a vendor's spec folder: that vendor's spec lint, `generate --check`, `release:check`, its
 *   client package (build, typecheck, tests against Prism) and its Dredd contract run;
 * - a file inside a package: that package's build, typecheck and tests (turbo, `--filter=[base]`); with
 *   `--dependents`, also every package that depends on it (slower: the docs and release suites are minutes);
 * - any TypeScript, JavaScript or JSON file: Biome on those files.
 *
 * Usage: pnpm test:changed [--base <git ref, default: where HEAD left origin/main>] [--dependents]
 */
import { spawn } from 'node:child_process';
import { dirname, relative } from 'node:path';
import { type CommandHelp, parseArgs, usageError } from './args.js';
import { runCommand } from './process.js';
import { loadVendors, repoRoot, specPath } from './vendors.js';

const USAGE: CommandHelp = {
  usage: 'pnpm test:changed [--base <git ref>] [--dependents]',
  description: 'Runs the checks one change affects (files changed since the base: commits, staged, unstaged, untracked); CI still runs everything.',
  options: {
    '--base <ref>': 'compare with this commit (default: where HEAD left origin/main, or main)',
    '--dependents': 'also test every package that depends on a changed one',
  },
  examples: ['pnpm test:changed                  # after editing a spec or a package', 'pnpm test:changed --base HEAD~3 --dependents'],
};
const { values, flags } = parseArgs(process.argv.slice(2), { values: ['base'], flags: ['dependents'], usage: USAGE });

async function git(...args: string[]): Promise<string | undefined> {
  const result = await runCommand('git', args);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** The commit the change started from: the given ref, else where HEAD left origin/main (or main), else HEAD. */
async function baseRef(): Promise<string> {
  const given = values.base?.[0];
  if (given) {
    if ((await git('rev-parse', '--verify', '--quiet', `${given}^{commit}`)) === undefined) {
      usageError(`--base ${given}: no such commit here`, USAGE);
    }
    return given;
  }
  for (const main of ['origin/main', 'main']) {
    const base = await git('merge-base', 'HEAD', main);
    if (base) return base;
  }
  return 'HEAD';
}

const base = await baseRef();
const files = [
  ...new Set([
    ...((await git('diff', '--name-only', base)) ?? '').split('\n'),
    ...((await git('ls-files', '--others', '--exclude-standard')) ?? '').split('\n'),
  ]),
].filter(Boolean);
if (files.length === 0) {
  console.log(`Nothing changed since ${base}: nothing to check.`);
  process.exit(0);
}

const vendors = loadVendors().filter((vendor) => {
  const folder = relative(repoRoot, dirname(specPath(vendor)));
  return files.some((file) => file.startsWith(`${folder}/`));
});
const biomeFiles = files.filter((file) => /\.(ts|tsx|js|mjs|cjs|json|jsonc)$/.test(file) && !file.includes('/generated/'));

interface Step {
  name: string;
  command: string;
  args: string[];
}

const vendorFlags = vendors.flatMap((vendor) => ['--vendor', vendor.id]);
const filters = [`--filter=${flags.has('dependents') ? '...' : ''}[${base}]`, ...vendors.map((vendor) => `--filter=${vendor.package}`)];
/**
 * Every check is independent of the others (turbo builds what the tests need; the contract run starts its own
 * mocks on free ports), so they run two at a time, longest first: the cores a laptop or CI runner has.
 */
const steps: Step[] = [
  ...(vendors.length > 0
    ? [
        { name: 'generated code is current', command: 'pnpm', args: ['run', '--silent', 'generate', '--check'] },
        { name: 'contract (Dredd against the mocks)', command: 'pnpm', args: ['run', '--silent', 'contract', ...vendorFlags] },
        { name: `spec lint (${vendors.map((v) => v.id).join(', ')})`, command: 'pnpm', args: ['run', '--silent', 'lint:specs', ...vendorFlags] },
      ]
    : []),
  {
    name: 'build, typecheck, tests (turbo)',
    command: 'pnpm',
    args: ['exec', 'turbo', 'run', 'build', 'typecheck', 'test', 'test:browser', '--output-logs=errors-only', ...filters],
  },
  ...(vendors.length > 0 ? [{ name: 'release check (versions, changeset)', command: 'pnpm', args: ['run', '--silent', 'release:check'] }] : []),
  ...(biomeFiles.length > 0
    ? [{ name: `biome (${biomeFiles.length} file(s))`, command: 'pnpm', args: ['exec', 'biome', 'check', '--no-errors-on-unmatched', ...biomeFiles] }]
    : []),
];

console.log(`${files.length} file(s) changed since ${base.slice(0, 12)}; vendors: ${vendors.map((v) => v.id).join(', ') || 'none'}`);
const started = Date.now();
let failed = 0;

function run(step: Step): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(step.command, step.args, { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => (output += String(error)));
    child.on('close', (code) => {
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      if (code === 0) {
        console.log(`  ok      ${step.name}  ${seconds} s`);
      } else {
        failed++;
        console.log(`  FAILED  ${step.name}  ${seconds} s  (${step.command} ${step.args.join(' ')})\n${output.trimEnd()}\n`);
      }
      resolvePromise();
    });
  });
}

async function inPairs(steps: Step[]): Promise<void> {
  const queue = [...steps];
  await Promise.all(
    [0, 1].map(async () => {
      for (let step = queue.shift(); step; step = queue.shift()) await run(step);
    }),
  );
}

await inPairs(steps);
const total = ((Date.now() - started) / 1000).toFixed(0);
if (failed > 0) {
  console.log(`${failed} check(s) failed (${total} s)`);
  process.exit(1);
}
console.log(`Everything this change affects passed (${total} s). CI runs the whole suite.`);
