// Proof that the contract pipeline catches drift: Prism serves a mutated copy of each vendor's spec (a
// wrong field type, a missing required field, a renamed field, a wrong status, a missing declared header)
// and the contract run, checking against the true spec, must fail on exactly those operations, naming
// each broken field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleSpec, loadVendors, startPrism } from '@echo-openapi/tooling-core';
import { mockableSpec } from '@echo-openapi/mock';
import { DRIFT_KINDS, driftRounds, type DriftKind } from '../src/drift.js';
import { failed, formatReport, junit } from '../src/report.js';
import { mockCredentials, runContract } from '../src/run.js';

const work = mkdtempSync(join(tmpdir(), 'echo-drift-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('has a drift case of every kind in some spec (a missing rate-limit header needs a vendor that documents one)', async () => {
  const kinds = await Promise.all(
    loadVendors().map(async (vendor) =>
      driftRounds((await bundleSpec(vendor, { dereferenced: true })).document).rounds.flatMap((r) => r.drifts.map((d) => d.kind)),
    ),
  );
  expect([...new Set(kinds.flat())].sort()).toEqual([...DRIFT_KINDS].sort());
});

describe.each(loadVendors())('$title drifting from its spec', (vendor) => {
  it('fails on each kind of break, names each broken operation and field, and nothing else', async () => {
    const { document } = await bundleSpec(vendor, { dereferenced: true });
    const { rounds, unsupported } = driftRounds(document);
    const kinds = rounds.flatMap((r) => r.drifts.map((d) => d.kind));
    // Every spec can carry the body and status breaks; a header break needs a required header.
    expect(kinds).toEqual(expect.arrayContaining<DriftKind>(['wrong-type', 'missing-required', 'renamed-field', 'wrong-status']));
    expect([...kinds, ...unsupported].sort()).toEqual(['missing-header', 'missing-required', 'renamed-field', 'wrong-status', 'wrong-type']);

    for (const [index, round] of rounds.entries()) {
      const spec = join(work, `${vendor.id}-${index}.json`);
      writeFileSync(spec, JSON.stringify(mockableSpec(round.spec)));
      const prism = await startPrism({ spec });
      try {
        const report = await runContract({ vendor, url: prism.url, mode: 'mock', credentials: mockCredentials(vendor) });
        const summary = formatReport(report);
        const xml = junit(report);
        expect(failed(report), summary).toBe(true);
        for (const drift of round.drifts) {
          const broken = report.cases.find((c) => c.operationId === drift.operationId && c.code === drift.code);
          expect(broken?.outcome, `${drift.kind} on ${drift.operationId}\n${summary}`).toBe('failed');
          expect(broken?.details.join('\n'), drift.kind).toContain(drift.names);
          // The human summary and the JUnit report both name the operation and the field.
          expect(summary).toContain(`FAIL ${drift.operationId} ${drift.code}`);
          expect(summary.split(`FAIL ${drift.operationId} ${drift.code}`)[1]?.split('\n  FAIL')[0], drift.kind).toContain(drift.names);
          const testcase = xml.split('<testcase').find((t) => t.includes(`name="${drift.operationId} ${drift.code} (`));
          expect(testcase, `${drift.kind}: JUnit testcase`).toMatch(/<failure message="failed">/);
          expect(testcase, `${drift.kind}: JUnit names ${drift.names}`).toContain(drift.names);
        }
        const elsewhere = report.cases.filter((c) => c.outcome !== 'passed' && !round.drifts.some((d) => d.operationId === c.operationId));
        expect(elsewhere, summary).toEqual([]);
      } finally {
        await prism.stop();
      }
    }
  });
});
