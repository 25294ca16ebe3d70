// The fuzz run against each vendor's stateful sandbox (started here on a free port): every single-request
// check, and the stateful sequences the specs' links declare (create -> read/update -> delete -> read again),
// which a Prism mock cannot answer. Writes and side effects are sent: the sandbox is a throwaway in memory.
// Rate limits are off (a fuzz run is hundreds of requests a second; the sandbox's own tests cover the limits),
// yet the rate-limit headers the specs require are still sent. Refusals of valid requests that the vendor's
// state explains (an unknown id, a name already taken) are data: `stateRefusals` in specs/vendors.yaml.
import { startSandbox } from '@echo-openapi/sandbox';
import { loadApiModel, loadVendors } from '@echo-openapi/tooling-core';
import { describe, expect, it } from 'vitest';
import { formatFuzzReport, fuzzFailed } from '../src/fuzz/report.js';
import { linksFrom, removesResource } from '@echo-openapi/api-model';
import { runFuzz } from '../src/fuzz/run.js';
import { mockCredentials } from '../src/run.js';

const RUNS = 8;

describe.each(loadVendors())('$title fuzzed on its sandbox', (vendor) => {
  it('is green, stateful sequences included', async () => {
    const model = await loadApiModel(vendor);
    const sandbox = await startSandbox({ vendor: vendor.id, port: 0, rateLimits: false, ticker: false });
    try {
      const report = await runFuzz({
        vendor,
        model,
        url: sandbox.url,
        mode: 'sandbox',
        credentials: mockCredentials(vendor),
        secrets: {},
        seed: 1,
        runs: RUNS,
      });
      const summary = formatFuzzReport(report);
      expect(fuzzFailed(report), summary).toBe(false);
      expect(report.problems, summary).toEqual([]);
      // Every operation a link leads to (deletes aside) ran the stateful checks it applies to, and passed them.
      for (const producer of model.operations) {
        for (const link of linksFrom(model, producer).filter((l) => !removesResource(l.to))) {
          const checks = report.operations.find((o) => o.operationId === link.to.id)!.checks;
          expect(checks.ensure_resource_availability ?? checks.use_after_free, `${producer.id} -> ${link.to.id}\n${summary}`).toEqual({
            outcome: 'passed',
          });
          if (link.to.method === 'get' && linksFrom(model, producer).some((l) => removesResource(l.to)))
            expect(checks.use_after_free, `${link.to.id} use_after_free\n${summary}`).toEqual({ outcome: 'passed' });
        }
      }
    } finally {
      await sandbox.close();
    }
  });
});
