// Every CLI behind a root script answers an unknown option with one line, its usage, and exit code 2 (no
// stack trace, nothing started). The CLIs are read from package.json's scripts, so a new one is covered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, runNode } from '../src/index.js';

const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
/** Root scripts that run one of our TypeScript CLIs: name -> the file and the arguments before the user's. */
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
    const result = await runNode(binPath('tsx', 'tsx', import.meta.url), [join(repoRoot, file), ...fixed, '--no-such-option'], { cwd: repoRoot });
    const [first, second] = result.stderr.split('\n');
    expect(first).toMatch(/^Unknown option --no-such-option\. Options: /);
    expect(second).toMatch(/^Usage: /);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(result.code).toBe(2);
  });
});
