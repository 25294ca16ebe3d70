// What a fuzz run prints and writes: a table of operation x check, each failure with its minimal curl
// line and the command that reruns it, and JUnit (one testcase per operation x check) like the Dredd run.
import { type JunitCase, junitSuite } from '../report.js';
import { CHECKS } from './checks.js';
import type { FuzzReport } from './run.js';

const MARK = { passed: 'pass', failed: 'FAIL', skipped: 'skip' } as const;
/** Short column heads for the table; the full names are in the failure lines and JUnit. */
const HEAD: Record<(typeof CHECKS)[number], string> = {
  not_a_server_error: '5xx',
  status_code_conformance: 'status',
  content_type_conformance: 'ctype',
  response_headers_conformance: 'headers',
  response_schema_conformance: 'schema',
  negative_data_rejection: 'negative',
  positive_data_acceptance: 'positive',
  ignored_auth: 'auth',
  ensure_resource_availability: 'available',
  use_after_free: 'uaf',
};

export function fuzzFailed(report: FuzzReport): boolean {
  return report.failures.length > 0 || report.problems.length > 0;
}

export function formatFuzzReport(report: FuzzReport): string {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const op of report.operations) for (const c of Object.values(op.checks)) counts[c!.outcome]++;
  const lines = [
    `${report.title} fuzz (${report.target}, seed ${report.seed}, ${report.runs} runs): ${report.operations.length} operations, ${report.requests} requests; ` +
      `checks ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  const width = Math.max(10, ...report.operations.map((o) => o.operationId.length));
  lines.push(`  ${''.padEnd(width)}  ${CHECKS.map((c) => HEAD[c].padEnd(9)).join(' ')}`.trimEnd());
  for (const op of report.operations) {
    lines.push(
      `  ${op.operationId.padEnd(width)}  ${CHECKS.map((c) => (op.checks[c] ? MARK[op.checks[c]!.outcome] : '-').padEnd(9)).join(' ')}`.trimEnd(),
    );
  }
  for (const f of report.failures) {
    const op = report.operations.find((o) => o.operationId === f.operationId)!;
    lines.push(`  FAIL ${f.check} ${f.operationId} (${op.method.toUpperCase()} ${op.path}): ${f.message}`);
    lines.push(`      ${f.curl}`);
    lines.push(`      rerun: pnpm contract --fuzz --vendor ${report.vendor} --seed ${f.seed} --runs ${report.runs} --operation ${f.operationId}`);
  }
  // Skip reasons once per distinct reason, with the operations it covers.
  const reasons = new Map<string, Set<string>>();
  for (const op of report.operations)
    for (const [check, c] of Object.entries(op.checks))
      if (c?.outcome === 'skipped') reasons.set(c.reason, (reasons.get(c.reason) ?? new Set()).add(`${op.operationId}/${check}`));
  for (const [reason, where] of reasons) {
    const ops = [...new Set([...where].map((w) => w.split('/')[0]))];
    lines.push(
      `  skip ${ops.length === report.operations.length ? 'every operation' : ops.join(', ')} (${[...new Set([...where].map((w) => HEAD[w.split('/')[1] as keyof typeof HEAD]))].join(', ')}): ${reason}`,
    );
  }
  for (const p of report.problems) lines.push(`  PROBLEM ${p}`);
  return lines.join('\n');
}

export function fuzzJunit(report: FuzzReport): string {
  const cases = report.operations.flatMap((op) =>
    CHECKS.flatMap((check): JunitCase[] => {
      const c = op.checks[check];
      if (!c) return [];
      const name = `${check} ${op.operationId} (${op.method.toUpperCase()} ${op.path})`;
      if (c.outcome === 'skipped') return [{ name, outcome: 'skipped', message: c.reason }];
      if (c.outcome === 'passed') return [{ name, outcome: 'passed' }];
      const found = report.failures.filter((f) => f.operationId === op.operationId && f.check === check);
      return [
        {
          name,
          outcome: 'failed',
          message: found.map((f) => f.message).join('; '),
          details: found.map((f) => `${f.message}\n${f.curl}\nseed ${f.seed}`).join('\n\n'),
        },
      ];
    }),
  );
  return junitSuite({
    name: `${report.title} fuzz (seed ${report.seed})`,
    classname: `${report.vendor}.fuzz`,
    durationMs: report.durationMs,
    cases,
    problems: report.problems,
  });
}
