import type { ExpectedCase } from './plan.js';

/** One Dredd transaction's outcome, as hooks.cjs records it. */
export interface TransactionResult {
  vendor: string;
  operationId: string;
  method: string;
  path: string;
  code: string;
  mediaType?: string;
  actualStatus?: number;
  outcome: 'passed' | 'failed' | 'skipped';
  reason?: string;
  errors?: string[];
}

export interface CaseOutcome extends ExpectedCase {
  outcome: 'passed' | 'failed' | 'skipped' | 'not run';
  details: string[];
}

export interface VendorReport {
  vendor: string;
  title: string;
  target: string;
  cases: CaseOutcome[];
  /** Problems outside any one transaction (Dredd crashed, a transaction the spec does not know). */
  problems: string[];
  durationMs: number;
}

/** Joins what ran with what the spec documents: a documented case with no transaction is "not run". */
export function outcomes(expected: ExpectedCase[], results: TransactionResult[]): { cases: CaseOutcome[]; unexpected: TransactionResult[] } {
  const cases = expected.map((c): CaseOutcome => {
    const runs = results.filter((r) => r.operationId === c.operationId && r.code === c.code);
    if (runs.length === 0) return { ...c, outcome: 'not run', details: ['no Dredd transaction ran for this response'] };
    const failed = runs.filter((r) => r.outcome === 'failed');
    if (failed.length > 0)
      return { ...c, outcome: 'failed', details: failed.flatMap((r) => (r.errors ?? []).map((e) => (r.mediaType ? `[${r.mediaType}] ${e}` : e))) };
    if (runs.every((r) => r.outcome === 'skipped'))
      return { ...c, outcome: 'skipped', details: [...new Set(runs.map((r) => r.reason ?? 'skipped'))] };
    return { ...c, outcome: 'passed', details: [] };
  });
  const unexpected = results.filter((r) => !expected.some((c) => c.operationId === r.operationId && c.code === r.code));
  return { cases, unexpected };
}

export function failed(report: VendorReport): boolean {
  return report.problems.length > 0 || report.cases.some((c) => c.outcome === 'failed' || c.outcome === 'not run');
}

const MARK: Record<CaseOutcome['outcome'], string> = { passed: 'pass', failed: 'FAIL', skipped: 'skip', 'not run': 'NOT RUN' };

/** The coverage table: one row per operation, one cell per documented code, then every failure and skip. */
export function formatReport(report: VendorReport): string {
  const lines: string[] = [];
  const counts = countOutcomes(report.cases);
  lines.push(
    `${report.title} (${report.target}): ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${counts['not run']} not run` +
      ` of ${report.cases.length} documented responses in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  const byOperation = new Map<string, CaseOutcome[]>();
  for (const c of report.cases) byOperation.set(c.operationId, [...(byOperation.get(c.operationId) ?? []), c]);
  const width = Math.max(...[...byOperation.keys()].map((k) => k.length), 10);
  for (const [operationId, cases] of byOperation) {
    lines.push(`  ${operationId.padEnd(width)}  ${cases.map((c) => `${c.code} ${MARK[c.outcome]}`.padEnd(12)).join(' ')}`.trimEnd());
  }
  for (const c of report.cases.filter((c) => c.outcome !== 'passed')) {
    lines.push(`  ${MARK[c.outcome]} ${c.operationId} ${c.code} (${c.method.toUpperCase()} ${c.path}):`);
    for (const d of c.details) lines.push(`      ${d}`);
  }
  for (const p of report.problems) lines.push(`  PROBLEM ${p}`);
  return lines.join('\n');
}

export function countOutcomes(cases: CaseOutcome[]): Record<CaseOutcome['outcome'], number> {
  const counts = { passed: 0, failed: 0, skipped: 0, 'not run': 0 };
  for (const c of cases) counts[c.outcome]++;
  return counts;
}

const xml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** One JUnit testcase: passed, skipped with a reason, or failed with a message and details. */
export interface JunitCase {
  name: string;
  outcome: 'passed' | 'skipped' | 'failed';
  message?: string;
  details?: string;
}

/** A JUnit XML document of one suite (CI dashboards read it); `problems` are errors outside any one case. */
export function junitSuite(suite: { name: string; classname: string; durationMs: number; cases: JunitCase[]; problems: string[] }): string {
  const testcase = (name: string, body: string) => `    <testcase classname="${xml(suite.classname)}" name="${xml(name)}">${body}</testcase>`;
  const cases = suite.cases.map((c) =>
    testcase(
      c.name,
      c.outcome === 'passed'
        ? ''
        : c.outcome === 'skipped'
          ? `<skipped message="${xml(c.message ?? '')}"/>`
          : `<failure message="${xml(c.message ?? '')}">${xml(c.details ?? '')}</failure>`,
    ),
  );
  const count = (outcome: JunitCase['outcome']) => suite.cases.filter((c) => c.outcome === outcome).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites>',
    `  <testsuite name="${xml(suite.name)}" tests="${suite.cases.length + suite.problems.length}" failures="${count('failed')}" errors="${suite.problems.length}" skipped="${count('skipped')}" time="${(suite.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    ...suite.problems.map((p) => testcase('run', `<error message="${xml(p)}"/>`)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** JUnit XML, one testcase per operation x code, for CI dashboards. */
export function junit(report: VendorReport): string {
  return junitSuite({
    name: `${report.title} contract`,
    classname: report.vendor,
    durationMs: report.durationMs,
    problems: report.problems,
    cases: report.cases.map((c) => ({
      name: `${c.operationId} ${c.code} (${c.method.toUpperCase()} ${c.path})`,
      // A documented case that never ran fails the suite, as it fails the run.
      outcome: c.outcome === 'not run' ? 'failed' : c.outcome,
      message: c.outcome === 'skipped' ? c.details.join('; ') : c.outcome,
      details: c.details.join('\n'),
    })),
  });
}
