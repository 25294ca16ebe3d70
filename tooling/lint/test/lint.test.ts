// The spec quality gate fails on each kind of broken spec, naming the file and line that holds the break,
// passes on a clean spec and on the real specs, and fails on a warning as well as an error.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot, runNode } from '@echo-openapi/tooling-core';
import { lintCommand } from '../src/command.js';
import { lintSpecs } from '../src/lint.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => `tooling/lint/test/fixtures/${name}`;
const pathFile = (name: string) => `${fixture(name)}/paths/widgets_{widget_id}.yaml`;
const work = mkdtempSync(join(tmpdir(), 'echo-lint-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the gate on one fixture as `pnpm lint:specs --spec <file>` does, from the repo root. */
const lint = (name: string) => lintCommand(['--spec', `${fixture(name)}/openapi.yaml`], repoRoot);

describe('pnpm lint:specs on fixture specs (same rules as the real specs)', () => {
  it('passes a clean split spec', async () => {
    const { code, output } = await lint('clean');
    expect(output).toBe(`Redocly and Spectral: no errors, no warnings in ${fixture('clean')}/openapi.yaml.`);
    expect(code).toBe(0);
  });

  it('fails on a $ref to a file that does not exist, at the $ref (line 20)', async () => {
    const { code, output } = await lint('bad-ref');
    expect(code).toBe(1);
    expect(output).toContain(
      `${pathFile('bad-ref')}:20:13  redocly/no-unresolved-refs  Can't resolve $ref: ENOENT: no such file or directory '${fixture('bad-ref')}/components/schemas/Gadget.yaml'`,
    );
    expect(output).toContain(`${pathFile('bad-ref')}:20:13  spectral/invalid-ref  ENOENT`);
  });

  it('fails on a YAML syntax error in a path file, at its line (3)', async () => {
    const { code, output } = await lint('yaml-syntax');
    expect(code).toBe(1);
    expect(output).toContain(`${pathFile('yaml-syntax')}:3:24  redocly/no-unresolved-refs  Failed to parse: bad indentation of a mapping entry`);
    expect(output).toContain(`${pathFile('yaml-syntax')}:3:24  spectral/parser`);
  });

  it('fails on an example that breaks its schema, at the example value (line 22)', async () => {
    const { code, output } = await lint('bad-example');
    expect(code).toBe(1);
    expect(output).toContain(
      `${pathFile('bad-example')}:22:17  redocly/no-invalid-media-type-examples  Example value must conform to the schema: \`id\` property type must be integer.`,
    );
    expect(output).toContain(`${pathFile('bad-example')}:22:17  spectral/oas3-valid-media-example  "id" property type must be integer`);
  });

  it('fails on broken x- extensions, each at its file and line (schema from api-model, pagination paths, rate-limit headers)', async () => {
    const { code, output } = await lint('bad-extensions');
    const root = `${fixture('bad-extensions')}/openapi.yaml`;
    const list = `${fixture('bad-extensions')}/paths/widgets.yaml`;
    const problems = output.split('\n').filter((l) => l.startsWith(fixture('bad-extensions')));
    expect(problems).toEqual([
      `${root}:13:14  redocly/echo/extensions-schema  x-rate-limits.policies.0.limit must be >= 1.`,
      `${pathFile('bad-extensions')}:15:5  redocly/echo/rate-limit-headers  Response does not declare X-RateLimit-Limit, X-RateLimit-Remaining, which x-rate-limits.headers says every response carries.`,
      `${pathFile('bad-extensions')}:24:5  redocly/echo/rate-limit-headers  Response does not declare X-RateLimit-Limit, X-RateLimit-Remaining, which x-rate-limits.headers says every response carries.`,
      `${list}:6:17  redocly/echo/extensions-schema  x-idempotent must be boolean.`,
      expect.stringMatching(new RegExp(`^${list}:7:3  redocly/echo/extensions-schema  Unknown extension x-side-effect; ours are .*x-side-effects`)),
      `${list}:9:12  redocly/echo/pagination-paths  x-pagination.items "data.widgets" must name an array in the 200 response; it is "string".`,
      `${list}:10:12  redocly/echo/pagination-paths  x-pagination.total "data.count" names no field of the 200 response.`,
      `${list}:11:17  redocly/echo/pagination-paths  x-pagination.totalPages "data.total" must name a number in the 200 response; it is "string".`,
      `${list}:15:7  redocly/echo/rate-limit-headers  Response does not declare X-RateLimit-Remaining, which x-rate-limits.headers says every response carries.`,
      `${list}:26:5  redocly/echo/rate-limit-headers  Response does not declare X-RateLimit-Limit, X-RateLimit-Remaining, which x-rate-limits.headers says every response carries.`,
    ]);
    expect(code).toBe(1);
  });

  it('fails on a YAML syntax error in the root file, where Redocly prints no report', async () => {
    const copy = join(work, 'root-syntax');
    cpSync(join(repoRoot, fixture('clean')), copy, { recursive: true });
    const root = join(copy, 'openapi.yaml');
    writeFileSync(root, readFileSync(root, 'utf8').replace('  title: Widgets', '  title: Widgets: all of them'));
    const problems = await lintSpecs([root]);
    expect(problems).toContainEqual(expect.objectContaining({ tool: 'redocly', file: root, line: 5, rule: 'yaml-syntax' }));
    expect(problems).toContainEqual(expect.objectContaining({ tool: 'spectral', file: root, line: 5, rule: 'parser' }));
  });

  it('fails on a warning, which `redocly lint` alone lets through with exit code 0', async () => {
    const config = join(work, 'warn-only.redocly.yaml');
    writeFileSync(config, 'extends: [minimal]\nrules:\n  info-license: warn\n');
    const root = join(repoRoot, fixture('clean'), 'openapi.yaml');
    const raw = await runNode(binPath('@redocly/cli', 'redocly', import.meta.url), ['lint', root, '--config', config]);
    expect(raw.code, 'redocly lint exits 0 on a warning').toBe(0);
    const { code, output } = await lintCommand(['--spec', root, '--config', config], repoRoot);
    expect(output).toMatch(new RegExp(`^${fixture('clean')}/openapi.yaml:4:1  redocly/info-license  .* \\(warning\\)$`, 'm'));
    expect(code).toBe(1);
  });

  it('names a spec file that does not exist and lints nothing', async () => {
    const { code, output } = await lintCommand(['--spec', 'no/such/openapi.yaml'], repoRoot);
    expect(code).toBe(2);
    expect(output).toBe(`${repoRoot}/no/such/openapi.yaml: no such file`);
  });
});

describe('pnpm lint:specs on the real specs', () => {
  it('finds no error and no warning in any vendor, and the CLI exits 0', async () => {
    const tsx = binPath('tsx', 'tsx', import.meta.url);
    const result = await runNode(tsx, [join(here, '../src/cli.ts')], { cwd: repoRoot });
    expect(result.stdout + result.stderr).toMatch(/^Redocly and Spectral: no errors, no warnings in specs\/.*openapi\.yaml\.$/m);
    expect(result.code).toBe(0);
  });

  it('exits 1 from the CLI when a spec breaks', async () => {
    const tsx = binPath('tsx', 'tsx', import.meta.url);
    const result = await runNode(tsx, [join(here, '../src/cli.ts'), '--spec', `${fixture('bad-example')}/openapi.yaml`], { cwd: repoRoot });
    expect(result.stdout).toContain(`${pathFile('bad-example')}:22:17`);
    expect(result.code).toBe(1);
  });
});
