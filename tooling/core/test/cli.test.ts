// Every CLI behind a root script answers an unknown option with one line, its usage, and exit code 2 (no
// stack trace, nothing started), and `--help`/`-h` with its full usage on stdout and exit 0. The CLIs are
// read from package.json's scripts, so a new one is covered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCommand } from '../src/index.js';

const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
/** Root scripts that run one of our TypeScript CLIs: name -> the file and the arguments before the user's. */
// `node --import tsx`, as the scripts run them: one process per call (the tsx binary starts a second node).
const run = (file: string, args: string[]) => runCommand(process.execPath, ['--import', 'tsx', join(repoRoot, file), ...args], { cwd: repoRoot });
/** Each CLI's answer to an unknown option, asked once: both describe blocks read it. */
const unknownAnswers = new Map<string, ReturnType<typeof run>>();
const unknownOption = (file: string, fixed: readonly string[]) => {
  const key = [file, ...fixed].join(' ');
  if (!unknownAnswers.has(key)) unknownAnswers.set(key, run(file, [...fixed, '--no-such-option']));
  return unknownAnswers.get(key)!;
};
const clis = Object.entries(scripts).flatMap(([name, command]) => {
  const match = /(?:^|&& |exec )(?:tsx|node --import tsx) (\S+\.ts)((?: [\w-]+)*)$/.exec(command);
  return match ? [[name, match[1]!, match[2]!.trim().split(' ').filter(Boolean)] as const] : [];
});

describe('an unknown option', () => {
  it('covers every CLI script', () => {
    expect(clis.map(([name]) => name)).toEqual(
      expect.arrayContaining(['lint:specs', 'generate', 'mock', 'proxy', 'contract', 'serve', 'release:check']),
    );
  });

  it.each(clis)('pnpm %s: one line, the usage, exit 2', async (_name, file, fixed) => {
    const result = await unknownOption(file, fixed);
    const [first, second] = result.stderr.split('\n');
    expect(first).toMatch(/^Unknown option --no-such-option\. Options: /);
    expect(second).toMatch(/^Usage: /);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.code).toBe(2);
  });
});

describe('--help and -h', () => {
  // The sandbox's CLI (packages/sandbox, node:util's parser: a published package does not import the tooling)
  // writes its own help; the tooling's come from tooling/core's formatHelp, with an Examples section.
  const sharedHelp = (file: string) => file.startsWith('tooling/') || file.startsWith('docs/');

  it.each(clis)('pnpm %s: the usage and every option it accepts, on stdout, exit 0', async (_name, file, fixed) => {
    // The options a CLI accepts are the ones its unknown-option error lists.
    const unknown = await unknownOption(file, fixed);
    const options = (/Options: (.*)/.exec(unknown.stderr)?.[1] ?? '').split(', ').filter((o) => o.startsWith('--') && o !== '--help');
    for (const result of await Promise.all(['--help', '-h'].map((help) => run(file, [...fixed, help])))) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: /);
      for (const option of options) expect(result.stdout).toContain(option);
      if (sharedHelp(file)) expect(result.stdout).toMatch(/\nExamples:\n {2}\S/);
    }
  });
});
