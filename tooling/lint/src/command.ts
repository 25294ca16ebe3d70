import { relative, resolve } from 'node:path';
import { type CommandHelp, formatHelp, loadVendors, parseArgs, repoRoot, selectVendors, specPath, wantsHelp } from '@echo-openapi/tooling-core';
import { defaultConfig, formatProblem, lintSpecs, type Problem } from './lint.js';
import { checkRedoclyApis, checkVendorDependencies } from './vendors-config.js';

export const usage: CommandHelp = {
  usage: 'pnpm lint:specs [--vendor <id> ...] [--spec <openapi.yaml> ...] [--config <redocly.yaml>] [--ruleset <.spectral.yaml>]',
  description:
    "The spec quality gate: Redocly (redocly.yaml) and Spectral's spectral:oas (.spectral.yaml) on every vendor in\n" +
    'specs/vendors.yaml, or only the named vendors and spec files. Any error or warning fails (exit 1), one line per\n' +
    'problem as `file:line:col  tool/rule  message`, at the path or component file that holds it.',
  options: {
    '--vendor <id>': 'only this vendor (repeatable)',
    '--spec <openapi.yaml>': 'lint this spec file (repeatable; alone, no vendor is linted)',
    '--config <redocly.yaml>': 'another Redocly configuration (default redocly.yaml)',
    '--ruleset <.spectral.yaml>': 'another Spectral ruleset (default .spectral.yaml)',
  },
  examples: ['pnpm lint:specs', 'pnpm lint:specs --vendor echowin', 'pnpm lint:specs --spec /tmp/draft/openapi.yaml'],
};

/**
 * The lint gate: one line per problem (`file:line:col  tool/rule  message`), then a summary line.
 * Exit code 0 when both linters are silent, 1 on any problem, 2 on bad usage.
 */
export async function lintCommand(argv: readonly string[], cwd = process.cwd()): Promise<{ code: number; output: string }> {
  let roots: string[];
  let lintsVendors = false;
  let config = defaultConfig;
  try {
    if (wantsHelp(argv)) return { code: 0, output: formatHelp(usage) };
    const { values } = parseArgs(argv, { values: ['vendor', 'spec', 'config', 'ruleset'], repeatable: ['vendor', 'spec'] });
    const specs = (values.spec ?? []).map((s) => resolve(cwd, s));
    // Spec files alone lint only those files; vendors are the default.
    const vendors = values.vendor || specs.length === 0 ? selectVendors(values.vendor ?? []) : [];
    lintsVendors = vendors.length > 0;
    roots = [...vendors.map(specPath), ...specs];
    config = {
      redocly: values.config ? resolve(cwd, values.config[0]!) : defaultConfig.redocly,
      spectral: values.ruleset ? resolve(cwd, values.ruleset[0]!) : defaultConfig.spectral,
    };
  } catch (error) {
    return {
      code: 2,
      output: `${error instanceof Error ? error.message : String(error)}\nUsage: ${usage.usage}\n(--help for every option and examples)`,
    };
  }
  let problems: Problem[];
  try {
    problems = await lintSpecs(roots, config);
    // The vendor list itself: what redocly.yaml and the package.json files repeat of specs/vendors.yaml.
    if (lintsVendors) problems = [...checkRedoclyApis(loadVendors(), config.redocly), ...checkVendorDependencies(loadVendors()), ...problems];
  } catch (error) {
    return { code: 2, output: error instanceof Error ? error.message : String(error) };
  }
  const names = roots.map((r) => relative(repoRoot, r) || r).join(', ');
  if (problems.length === 0) return { code: 0, output: `Redocly and Spectral: no errors, no warnings in ${names}.` };
  const count = (tool: string) => problems.filter((p) => p.tool === tool).length;
  const lines = problems.map((p) => formatProblem(p));
  const vendorsFile = count('vendors') > 0 ? `, files that repeat specs/vendors.yaml ${count('vendors')}` : '';
  lines.push(
    '',
    `${problems.length} problem(s) (Redocly ${count('redocly')}, Spectral ${count('spectral')}${vendorsFile}) in ${names}; warnings fail the gate too.`,
  );
  return { code: 1, output: lines.join('\n') };
}
