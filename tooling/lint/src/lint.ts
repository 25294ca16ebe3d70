// Two independent linters over the same spec roots: Redocly (the ruleset in redocly.yaml, examples checked
// against their schemas) and Spectral (spectral:oas, via .spectral.yaml). Both report problems in the file
// that holds them (a path or component file, not the bundle); every error and every warning counts,
// because `redocly lint` itself exits 0 on warnings.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { binPath, repoRoot, runNode } from '@echo-openapi/tooling-core';

export interface Problem {
  /** `vendors`: redocly.yaml's apis against specs/vendors.yaml (vendors-config.ts). */
  tool: 'redocly' | 'spectral' | 'vendors';
  /** Absolute path of the file that holds the problem. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  rule: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface LintConfig {
  /** Redocly config whose root rules apply to every spec (redocly.yaml). */
  redocly: string;
  /** Spectral ruleset (.spectral.yaml). */
  spectral: string;
}

export const defaultConfig: LintConfig = {
  redocly: join(repoRoot, 'redocly.yaml'),
  spectral: join(repoRoot, '.spectral.yaml'),
};

/** Lints every root with both linters; problems sorted by file, line and column. */
export async function lintSpecs(roots: readonly string[], config: LintConfig = defaultConfig): Promise<Problem[]> {
  for (const file of [...roots, config.redocly, config.spectral]) {
    if (!existsSync(file)) throw new Error(`${file}: no such file`);
  }
  const [redocly, spectral] = await Promise.all([
    Promise.all(roots.map((root) => redoclyLint(root, config.redocly))),
    spectralLint(roots, config.spectral),
  ]);
  const seen = new Set<string>();
  return [...redocly.flat(), ...spectral]
    .filter((p) => {
      const key = `${p.tool}|${p.file}|${p.line}|${p.col}|${p.rule}|${p.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule));
}

/** `file:line:col  tool/rule  message`, the file relative to `cwd` (the repo root). */
export function formatProblem(problem: Problem, cwd = repoRoot): string {
  const file = relative(cwd, problem.file) || problem.file;
  const level = problem.severity === 'warning' ? ' (warning)' : '';
  const message = problem.message.replaceAll(`${cwd}/`, '').replace(/\s+/g, ' ').trim();
  return `${file}:${problem.line}:${problem.col}  ${problem.tool}/${problem.rule}  ${message}${level}`;
}

interface RedoclyLocation {
  source?: { ref?: string };
  pointer?: string;
  start?: { line: number; col: number };
}

interface RedoclyReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location?: RedoclyLocation[] }[];
}

async function redoclyLint(root: string, config: string): Promise<Problem[]> {
  const result = await runNode(binPath('@redocly/cli', 'redocly', import.meta.url), ['lint', root, '--config', config, '--format=json'], {
    cwd: repoRoot,
  });
  let report: RedoclyReport;
  try {
    report = JSON.parse(result.stdout) as RedoclyReport;
  } catch {
    return [redoclyFailure(root, result.code, result.stderr)];
  }
  return report.problems.map((p): Problem => {
    const location = p.location?.[0];
    const file = location?.source?.ref ? resolve(repoRoot, location.source.ref) : root;
    // Redocly gives line and column whenever it could parse the file; the pointer is the fallback.
    const where = location?.start ?? { line: 1, col: 1 };
    const message = location?.start || !location?.pointer ? p.message : `${p.message} (at ${location.pointer})`;
    return {
      tool: 'redocly',
      file,
      line: where.line,
      col: where.col,
      rule: p.ruleId,
      message,
      severity: p.severity === 'error' ? 'error' : 'warning',
    };
  });
}

/**
 * Redocly prints no JSON when it cannot parse the root file itself: the YAML error (with its position)
 * is on stderr.
 */
function redoclyFailure(root: string, code: number, stderr: string): Problem {
  const text = stderr
    .split('\n')
    .filter((l) => !/[║╔╚]/.test(l) && l.trim() !== '')
    .join('\n');
  const yaml = /- (.+) in "(.+?)" \((\d+):(\d+)\)/.exec(text);
  if (yaml)
    return {
      tool: 'redocly',
      file: resolve(repoRoot, yaml[2]!),
      line: Number(yaml[3]),
      col: Number(yaml[4]),
      rule: 'yaml-syntax',
      message: yaml[1]!,
      severity: 'error',
    };
  return {
    tool: 'redocly',
    file: root,
    line: 1,
    col: 1,
    rule: 'lint-failed',
    message: `redocly lint exited with code ${code}: ${text.slice(-1500)}`,
    severity: 'error',
  };
}

interface SpectralResult {
  code: string | number;
  message: string;
  severity: number;
  source?: string;
  range: { start: { line: number; character: number } };
}

const SPECTRAL_SEVERITY: Record<number, Problem['severity'] | undefined> = { 0: 'error', 1: 'warning' };

async function spectralLint(roots: readonly string[], ruleset: string): Promise<Problem[]> {
  if (roots.length === 0) return [];
  const work = mkdtempSync(join(tmpdir(), 'echo-lint-'));
  try {
    const out = join(work, 'spectral.json');
    // The report goes to a file: on stdout Spectral appends a plain-text line to the JSON when all is clean.
    const result = await runNode(
      binPath('@stoplight/spectral-cli', 'spectral', import.meta.url),
      ['lint', ...roots, '--ruleset', ruleset, '--format', 'json', '--output', out],
      {
        cwd: repoRoot,
      },
    );
    if (!existsSync(out)) {
      const message = `spectral lint exited with code ${result.code} without a report: ${(result.stderr || result.stdout).trim().slice(-1500)}`;
      return [{ tool: 'spectral', file: ruleset, line: 1, col: 1, rule: 'lint-failed', message, severity: 'error' }];
    }
    const results = JSON.parse(readFileSync(out, 'utf8')) as SpectralResult[];
    return results.flatMap((r): Problem[] => {
      const severity = SPECTRAL_SEVERITY[r.severity];
      if (!severity) return []; // info and hints never fail the gate
      const file = r.source ? (isAbsolute(r.source) ? r.source : resolve(repoRoot, r.source)) : roots[0]!;
      const problem: Problem = {
        tool: 'spectral',
        file,
        line: r.range.start.line + 1,
        col: r.range.start.character + 1,
        rule: String(r.code),
        message: r.message,
        severity,
      };
      return [r.code === 'invalid-ref' ? locateRef(problem) : problem];
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Spectral reports an unresolvable `$ref` at the top of the file that holds it; point at the `$ref` line
 * itself when the file names the missing target exactly once.
 */
function locateRef(problem: Problem): Problem {
  const target = /open '(.+?)'/.exec(problem.message)?.[1];
  if (!target || problem.line !== 1 || !existsSync(problem.file)) return problem;
  const name = target.split('/').pop()!;
  const lines = readFileSync(problem.file, 'utf8').split('\n');
  const hits = lines.flatMap((text, index) => (/\$ref:/.test(text) && text.includes(name) ? [{ index, col: text.indexOf('$ref') + 1 }] : []));
  return hits.length === 1 ? { ...problem, line: hits[0]!.index + 1, col: hits[0]!.col } : problem;
}
