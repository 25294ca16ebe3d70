// The example-based contract run (Dredd) against each vendor's stateful sandbox, as a user runs it with
// `pnpm contract --target http://127.0.0.1:4022 --vendor echowin`: rate limits on, the sandbox a throwaway in
// memory, so writes and side effects are sent. A stateful server holds only what it was given, so the run
// orders the calls (what a link leads to after its create, deletes last) and follows the specs' OpenAPI links
// (EchoCue cancels the message it just sent, not the example's id, which the sandbox shows delivered).
import { startSandbox } from '@echo-openapi/sandbox';
import { loadVendors } from '@echo-openapi/tooling-core';
import { describe, expect, it } from 'vitest';
import { failed, formatReport } from '../src/report.js';
import { mockCredentials, runContract } from '../src/run.js';

describe.each(loadVendors())('$title: pnpm contract --target <its sandbox>', (vendor) => {
  it('passes every documented success response, and every 401', async () => {
    const sandbox = await startSandbox({ vendor: vendor.id, port: 0, ticker: false });
    try {
      const report = await runContract({
        vendor,
        url: sandbox.url,
        mode: 'live',
        credentials: mockCredentials(vendor),
        allowWrites: true,
        allowSideEffects: true,
      });
      const table = formatReport(report);
      expect(failed(report), table).toBe(false);
      // Nothing a stateful target can answer was left out: every 2xx and 401 was sent and passed.
      const answerable = report.cases.filter((c) => c.code.startsWith('2') || c.code === '401');
      expect(answerable.length).toBeGreaterThan(0);
      expect(answerable.filter((c) => c.outcome !== 'passed').map((c) => `${c.operationId} ${c.code}: ${c.outcome}`)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
