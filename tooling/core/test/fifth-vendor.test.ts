// Adding a vendor is data, not code: in a temporary copy of the workspace, a toy fifth vendor (a tiny spec,
// its specs/vendors.yaml and redocly.yaml entries, a thin package and the two dependency lists lint asks
// for, as CONTRIBUTING.md describes) goes through lint, generate, build, mock and contract without any
// change under tooling/.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, runCommand } from '../src/index.js';

const work = mkdtempSync(join(tmpdir(), 'echo-fifth-vendor-'));
const copy = join(work, 'repo');
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

const TOY = {
  id: 'toy',
  title: 'Toy',
  package: '@echo-openapi/toy',
  factory: 'createToyClient',
};

let trackedFiles: string[] = [];
const sameFile = (file: string) => {
  try {
    return readFileSync(join(repoRoot, file)).equals(readFileSync(join(copy, file)));
  } catch {
    return false;
  }
};

/** The workspace's files as git sees them (tracked and new, not ignored): no node_modules, dist or reports. */
async function copyWorkspace(): Promise<void> {
  const listed = await runCommand('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot });
  trackedFiles = listed.stdout.split('\0').filter(Boolean);
  for (const file of trackedFiles) {
    const from = join(repoRoot, file);
    try {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(from, join(copy, file));
    } catch {
      // a file deleted in the working tree but still in the index
    }
  }
}

function edit(file: string, change: (text: string) => string): void {
  const path = join(copy, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`${file}: the edit changed nothing`);
  writeFileSync(path, after);
}

/** The toy vendor, added the way CONTRIBUTING.md says: data and a thin package only. */
function addToyVendor(): void {
  // 1. The spec: the lint fixture that passes every rule (one GET with 200 and 404, bearer auth).
  cpSync(join(repoRoot, 'tooling/lint/test/fixtures/clean'), join(copy, 'specs/toy'), { recursive: true });
  // 2. Its entry in specs/vendors.yaml and redocly.yaml.
  edit(
    'specs/vendors.yaml',
    (t) =>
      `${t.trimEnd()}\n\n  - id: toy\n    title: Toy\n    purpose: A toy API that proves adding a vendor is data\n    spec: specs/toy/openapi.yaml\n` +
      `    package: "${TOY.package}"\n    packageDir: packages/toy\n    factory: ${TOY.factory}\n    mockPort: 4099\n    sandboxPort: 4199\n` +
      '    credentials:\n      apiKey: { scheme: bearerAuth, env: TOY_API_KEY }\n    baseUrlEnv: TOY_BASE_URL\n    errorEnvelope: { message: message }\n',
  );
  edit('redocly.yaml', (t) =>
    t.replace(
      'apis:\n',
      'apis:\n  toy@v1:\n    root: specs/toy/openapi.yaml\n    x-openapi-ts:\n      output: packages/toy/src/generated/schema.ts\n',
    ),
  );
  // 3. A thin package, copied from an existing client with the names changed.
  const template = join(copy, 'packages/echocomm');
  const toy = join(copy, 'packages/toy');
  mkdirSync(join(toy, 'src'), { recursive: true });
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'LICENSE']) cpSync(join(template, file), join(toy, file));
  const manifest = JSON.parse(readFileSync(join(template, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(toy, 'package.json'),
    `${JSON.stringify({ ...manifest, name: TOY.package, version: '1.0.0', description: 'Typed client for the Toy API', keywords: ['toy'], scripts: { build: 'tsc -p tsconfig.build.json', typecheck: 'tsc -p tsconfig.json' } }, null, 2)}\n`,
  );
  writeFileSync(join(toy, 'CHANGELOG.md'), `# ${TOY.package}\n\n## 1.0.0\n\nFirst release.\n`);
  // The factory is generated from vendors.yaml (src/generated/client.ts); index.ts only re-exports, as every client's.
  cpSync(join(copy, 'packages/echocue/src/index.ts'), join(toy, 'src/index.ts'));
  // 4. The packages that use every client list it too (`pnpm lint:specs` names them when they do not).
  for (const file of ['docs/package.json', 'packages/sandbox/package.json', 'tooling/release/package.json']) {
    edit(file, (t) => t.replace('"devDependencies": {\n', `"devDependencies": {\n    "${TOY.package}": "workspace:*",\n`));
  }
}

/** Runs a command in the copy; the result carries everything it printed, for the assertion message. */
async function inCopy(command: string, args: string[]) {
  const result = await runCommand(command, args, { cwd: copy, env: { CI: 'true', TURBO_TELEMETRY_DISABLED: '1' } });
  return { ...result, output: `${command} ${args.join(' ')} -> ${result.code}\n${result.stdout}\n${result.stderr}` };
}

describe('a fifth vendor added as data', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    await copyWorkspace();
    addToyVendor();
    const install = await inCopy('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile']);
    expect(install.code, install.output).toBe(0);
  }, 600_000);

  it('passes pnpm lint:specs (spec rules, extensions, redocly.yaml and the dependency lists against vendors.yaml)', async () => {
    const lint = await inCopy('pnpm', ['run', 'lint:specs', '--vendor', 'toy']);
    expect(lint.code, lint.output).toBe(0);
    expect(lint.stdout).toContain('no errors, no warnings in specs/toy/openapi.yaml');
  });

  it('is generated and builds: pnpm generate writes its types and runtime metadata, tsc compiles the package', async () => {
    const generate = await inCopy('pnpm', ['run', 'generate']);
    expect(generate.code, generate.output).toBe(0);
    expect(readFileSync(join(copy, 'packages/toy/src/generated/schema.ts'), 'utf8')).toContain('getWidget');
    const build = await inCopy('pnpm', ['exec', 'turbo', 'run', 'build', `--filter=${TOY.package}`, '--output-logs=errors-only']);
    expect(build.code, build.output).toBe(0);
    expect(readFileSync(join(copy, 'packages/toy/dist/generated/client.d.ts'), 'utf8')).toContain(`export declare function ${TOY.factory}(`);
  });

  it('is mocked by pnpm mock: a documented example, with the credentials the spec asks for', async () => {
    const port = await freePort();
    const mock = spawn('pnpm', ['run', 'mock', '--vendor', 'toy', '--port', String(port)], {
      cwd: copy,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((done) => mock.once('exit', (code) => done(code)));
    try {
      await new Promise<void>((ready, fail) => {
        mock.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Ctrl-C stops all')) ready();
        });
        mock.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        mock.once('exit', () => fail(new Error(`pnpm mock exited:\n${output}`)));
      });
      expect(output).toContain(`Toy        http://127.0.0.1:${port}`);
      const response = await fetch(`http://127.0.0.1:${port}/widgets/7`, { headers: { authorization: 'Bearer toy' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ id: 7, name: 'Sprocket' });
    } finally {
      process.kill(-mock.pid!, 'SIGINT');
      expect(await exited).toBe(0);
    }
  });

  it('passes pnpm contract: every operation and documented code against a fresh mock', async () => {
    const contract = await inCopy('pnpm', ['run', 'contract', '--vendor', 'toy']);
    expect(contract.code, contract.output).toBe(0);
    expect(contract.stdout).toContain('Toy');
  });

  it("needed no change under tooling/ but the release tooling's list of clients", async () => {
    const changed = trackedFiles.filter((f) => f.startsWith('tooling/') && !sameFile(f));
    expect(changed).toEqual(['tooling/release/package.json']);
  });
});
