// Proof that the contract pipeline catches drift: Prism serves a mutated copy of each vendor's spec (a
// wrong field type, a missing required field, a renamed field, a wrong status, a missing declared header)
// and the contract run, checking against the true spec, must fail on exactly those operations, naming
// each broken field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleSpec, freePort, loadVendors, startPrism } from '@echo-openapi/tooling-core';
import { mockableSpec } from '@echo-openapi/mock';
import { driftRounds, type DriftKind } from '../src/drift.js';
import { failed, formatReport } from '../src/report.js';
import { mockCredentials, runContract } from '../src/run.js';

const work = mkdtempSync(join(tmpdir(), 'echo-drift-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(loadVendors())('$title drifting from its spec', (vendor) => {
  it('fails on each kind of break, names each broken operation and field, and nothing else', async () => {
    const { document } = await bundleSpec(vendor, { dereferenced: true, ext: 'json' });
    const { rounds, unsupported } = driftRounds(document);
    const kinds = rounds.flatMap((r) => r.drifts.map((d) => d.kind));
    // Every spec can carry the body and status breaks; a header break needs a required header.
    expect(kinds).toEqual(expect.arrayContaining<DriftKind>(['wrong-type', 'missing-required', 'renamed-field', 'wrong-status']));
    expect([...kinds, ...unsupported].sort()).toEqual(['missing-header', 'missing-required', 'renamed-field', 'wrong-status', 'wrong-type']);

    for (const [index, round] of rounds.entries()) {
      const spec = join(work, `${vendor.id}-${index}.json`);
      writeFileSync(spec, JSON.stringify(mockableSpec(round.spec)));
      const prism = await startPrism({ spec, port: await freePort() });
      try {
        const report = await runContract({ vendor, url: prism.url, mode: 'mock', credentials: mockCredentials(vendor) });
        const summary = formatReport(report);
        expect(failed(report), summary).toBe(true);
        for (const drift of round.drifts) {
          const broken = report.cases.find((c) => c.operationId === drift.operationId && c.code === drift.code);
          expect(broken?.outcome, `${drift.kind} on ${drift.operationId}\n${summary}`).toBe('failed');
          expect(broken?.details.join('\n'), drift.kind).toContain(drift.names);
          expect(summary).toContain(`FAIL ${drift.operationId} ${drift.code}`);
        }
        const elsewhere = report.cases.filter((c) => c.outcome !== 'passed' && !round.drifts.some((d) => d.operationId === c.operationId));
        expect(elsewhere, summary).toEqual([]);
      } finally {
        await prism.stop();
      }
    }
  });
});
