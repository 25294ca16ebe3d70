// Coverage is complete and honest: the contract plan is every operation x documented code of the spec
// (counted here independently, from the hand-written source files rather than the bundle), a documented
// case without a transaction fails the run as "not run", and every skip carries its reason into the
// table and the JUnit report.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadApiModel, loadVendors, specPath } from '@echo-openapi/tooling-core';
import { expectedCases } from '../src/plan.js';
import { failed, formatReport, junit, outcomes, type TransactionResult } from '../src/report.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** `operationId code` for every response code in the spec's source files, following the root's path $refs. */
function sourceCases(root: string): string[] {
  const doc = parse(readFileSync(root, 'utf8')) as { paths: Record<string, { $ref?: string } & Record<string, unknown>> };
  return Object.values(doc.paths).flatMap((entry) => {
    const item = (entry.$ref ? parse(readFileSync(join(dirname(root), entry.$ref), 'utf8')) : entry) as Record<
      string,
      { operationId: string; responses: Record<string, unknown> }
    >;
    return METHODS.flatMap((m) =>
      item[m]
        ? Object.keys(item[m].responses)
            .filter((c) => c !== 'default')
            .map((c) => `${item[m]!.operationId} ${c}`)
        : [],
    );
  });
}

describe.each(loadVendors())('$title contract plan', (vendor) => {
  it('is every operation x documented response code of the spec, each once', async () => {
    const planned = expectedCases(await loadApiModel(vendor)).map((c) => `${c.operationId} ${c.code}`);
    expect(new Set(planned).size, 'no case twice').toBe(planned.length);
    expect(planned.sort()).toEqual(sourceCases(specPath(vendor)).sort());
  });
});

describe('coverage report', () => {
  const expected = [
    { operationId: 'listThings', method: 'get', path: '/things', code: '200' },
    { operationId: 'listThings', method: 'get', path: '/things', code: '401' },
    { operationId: 'sendThing', method: 'post', path: '/things/send', code: '200' },
    { operationId: 'sendThing', method: 'post', path: '/things/send', code: '402' },
  ];
  const result = (r: Partial<TransactionResult> & Pick<TransactionResult, 'operationId' | 'code' | 'outcome'>): TransactionResult => ({
    vendor: 'v',
    method: 'get',
    path: '/things',
    ...r,
  });
  const report = (results: TransactionResult[]) => {
    const { cases, unexpected } = outcomes(expected, results);
    return {
      vendor: 'v',
      title: 'V',
      target: 'http://127.0.0.1:1',
      cases,
      problems: unexpected.map((u) => `unexpected ${u.operationId} ${u.code}`),
      durationMs: 1000,
    };
  };

  it('fails a documented case that no transaction ran, naming it "not run"', () => {
    const r = report([
      result({ operationId: 'listThings', code: '200', outcome: 'passed' }),
      result({ operationId: 'listThings', code: '401', outcome: 'passed' }),
    ]);
    expect(failed(r)).toBe(true);
    expect(r.cases.filter((c) => c.outcome === 'not run').map((c) => `${c.operationId} ${c.code}`)).toEqual(['sendThing 200', 'sendThing 402']);
    expect(formatReport(r)).toContain('NOT RUN sendThing 200 (POST /things/send):');
    expect(junit(r)).toMatch(/name="sendThing 200 \(POST \/things\/send\)"><failure message="not run">no Dredd transaction ran/);
  });

  it('passes when every case passed or was skipped with a reason, and shows each reason', () => {
    const reason = 'side effects (sends a thing); pass --allow-side-effects to send it';
    const r = report([
      result({ operationId: 'listThings', code: '200', outcome: 'passed' }),
      result({ operationId: 'listThings', code: '401', outcome: 'passed' }),
      result({ operationId: 'sendThing', code: '200', outcome: 'skipped', reason }),
      result({ operationId: 'sendThing', code: '402', outcome: 'skipped', reason }),
    ]);
    expect(failed(r)).toBe(false);
    const table = formatReport(r);
    expect(table).toMatch(/^ {2}sendThing +200 skip +402 skip$/m);
    expect(table).toContain(`skip sendThing 402 (POST /things/send):\n      ${reason}`);
    expect(table).toContain('2 passed, 0 failed, 2 skipped, 0 not run of 4 documented responses');
    expect(junit(r)).toContain(`<skipped message="${reason}"/>`);
  });

  it('fails on a transaction for a code the spec does not document', () => {
    const all = expected.map((c) => result({ operationId: c.operationId, code: c.code, outcome: 'passed' }));
    const r = report([...all, result({ operationId: 'listThings', code: '500', outcome: 'passed' })]);
    expect(failed(r)).toBe(true);
    expect(formatReport(r)).toContain('PROBLEM unexpected listThings 500');
  });
});
