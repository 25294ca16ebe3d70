// Stateful sequences over OpenAPI links: against a stateful server that honours them the run passes
// ensure_resource_availability and use_after_free on every linked operation; a server that keeps a deleted
// resource fails use_after_free, one that forgets a created resource fails ensure_resource_availability,
// each naming the operation and printing the whole sequence as curl lines. A Prism mock (which stores
// nothing) and a run without --allow-writes skip them, with the reason.
import { describe, expect, it } from 'vitest';
import { loadApiModel, loadVendors } from '@echo-openapi/tooling-core';
import { mockCredentials } from '../src/run.js';
import { formatFuzzReport } from '../src/fuzz/report.js';
import { linksFrom, removesResource } from '@echo-openapi/api-model';
import { runFuzz, type FuzzRun } from '../src/fuzz/run.js';
import { statefulServer, type StatefulBug } from './fixtures/stateful-server.js';

/** Every create in the specs whose links lead to a read and a delete: path-parameter links and body links alike. */
const producers = (
  await Promise.all(
    loadVendors().map(async (vendor) => {
      const model = await loadApiModel(vendor);
      return model.operations
        .filter((op) => linksFrom(model, op).some((l) => removesResource(l.to)) && linksFrom(model, op).some((l) => l.to.method === 'get'))
        .map((op) => ({ name: `${vendor.id} ${op.id}`, vendor, model, links: linksFrom(model, op) }));
    }),
  )
).flat();

async function fuzz(producer: (typeof producers)[number], bug: StatefulBug, overrides: Partial<FuzzRun> = {}) {
  const { vendor, model, links } = producer;
  const server = await statefulServer(model, links, bug);
  try {
    const report = await runFuzz({
      vendor,
      model,
      url: server.url,
      mode: 'live',
      allowWrites: true,
      allowSideEffects: true,
      credentials: mockCredentials(vendor),
      secrets: {},
      seed: 7,
      runs: 6,
      operations: [links[0]!.from.id, ...links.map((l) => l.to.id)],
      ...overrides,
    });
    return { report, links, summary: formatFuzzReport(report), read: links.find((l) => l.to.method === 'get')!.to };
  } finally {
    await server.stop();
  }
}

it('the specs link creates to reads and deletes, by path parameter and by body field', () => {
  expect(producers.map((p) => p.name)).toEqual(
    expect.arrayContaining(['echocue createContact', 'echowin createContact', 'userecho getOrCreateUser']),
  );
  expect(producers.some((p) => p.links.some((l) => l.requestBody !== undefined && removesResource(l.to)))).toBe(true);
});

describe.each(producers)('stateful sequences over the OpenAPI links of $name', (producer) => {
  it('pass against a server that keeps what it creates and forgets what it deletes', async () => {
    const { report, read, summary } = await fuzz(producer, 'none');
    const result = report.operations.find((o) => o.operationId === read.id)!;
    expect(result.checks.ensure_resource_availability, summary).toEqual({ outcome: 'passed' });
    expect(result.checks.use_after_free, summary).toEqual({ outcome: 'passed' });
    expect(
      report.failures.filter((f) => f.check === 'use_after_free' || f.check === 'ensure_resource_availability'),
      summary,
    ).toEqual([]);
  });

  it('fail use_after_free when a deleted resource is still readable', async () => {
    const { report, read, summary, links } = await fuzz(producer, 'keeps-deleted');
    const hits = report.failures.filter((f) => f.check === 'use_after_free');
    expect(
      hits.map((f) => f.operationId),
      summary,
    ).toEqual([read.id]);
    const del = links.find((l) => removesResource(l.to))!.to;
    expect(hits[0]!.message).toContain(`after ${del.id} answered`);
    // The whole sequence, ready to run: create, ..., delete, read again.
    expect(hits[0]!.curl.split('\n').length).toBeGreaterThanOrEqual(3);
    expect(hits[0]!.curl).toContain(`-X ${del.method.toUpperCase()}`);
    expect(summary).toContain(`FAIL use_after_free ${read.id}`);
  });

  it('fail ensure_resource_availability when a created resource cannot be read', async () => {
    const { report, read, summary } = await fuzz(producer, 'forgets-created');
    expect(
      report.failures.filter((f) => f.check === 'ensure_resource_availability').map((f) => f.operationId),
      summary,
    ).toContain(read.id);
  });

  it('are skipped, with the reason, without --allow-writes', async () => {
    const { report, read } = await fuzz(producer, 'keeps-deleted', { allowWrites: false, allowSideEffects: false });
    expect(report.operations.find((o) => o.operationId === read.id)!.checks.use_after_free).toEqual({
      outcome: 'skipped',
      reason: expect.stringContaining('--allow-writes'),
    });
    expect(report.failures.filter((f) => f.check === 'use_after_free')).toEqual([]);
  });
});
