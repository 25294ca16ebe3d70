// Request-side validation: requests that break a spec (no credentials, a required body field left out, a
// number out of range, a phone number that is not E.164) get 4xx from the mock, each after its valid
// baseline got 2xx, so the 4xx comes from the one violation. The cases are derived from each spec; a lax
// server (the same spec with every request rule removed) proves the check fails when a server lets them in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiModel } from '@echo-openapi/api-model';
import type { ParameterObject } from 'openapi-typescript';
import { bundleSpec, loadApiModel, loadVendors, startPrism, type OpenApiDocument, type RunningPrism } from '@echo-openapi/tooling-core';
import { mockableSpec, startMocks, stopMocks, type RunningMock } from '@echo-openapi/mock';
import { probe, requestCases, VIOLATION_KINDS, type RequestCase, type ViolationKind } from '../src/request-cases.js';
import { mockCredentials } from '../src/run.js';

/**
 * The fewest cases of each kind each spec must yield, counted by reading the specs (every operation is
 * secured; E.164 request fields: `grep -rn "1-9" specs/*\/components/schemas`, echowin's is on a response
 * only; ranges: page/limit parameters and body fields with minimum/maximum). A derivation that quietly
 * finds fewer fails here; a vendor not listed must still yield a missing-auth case per secured operation.
 */
const MINIMUM: Record<string, Partial<Record<ViolationKind, number>>> = {
  echocue: { 'missing-auth': 31, 'missing-required-field': 14, 'out-of-range': 11, 'bad-e164': 4 },
  echocomm: { 'missing-auth': 3, 'missing-required-field': 3, 'out-of-range': 3, 'bad-e164': 1 },
  echowin: { 'missing-auth': 20, 'missing-required-field': 12, 'out-of-range': 4 },
  userecho: { 'missing-auth': 30, 'missing-required-field': 6, 'out-of-range': 18 },
};

const work = mkdtempSync(join(tmpdir(), 'echo-request-validation-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The spec with every request rule removed: no security, any parameter value, any body. */
function laxSpec(spec: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(spec);
  copy.security = [];
  // The model's operations hold the copy's own objects, so loosening them loosens the copy.
  const anyValue = {} as NonNullable<ParameterObject['schema']>; // `{}`: the schema every value passes
  for (const op of buildApiModel(copy).operations) {
    if ('security' in op.object) op.object.security = [];
    for (const param of op.parameters) param.schema = anyValue;
    for (const media of Object.values(op.requestBody?.content ?? {})) media.schema = anyValue;
  }
  return copy;
}

async function probeAll(url: string, cases: RequestCase[]) {
  // A few at a time: Prism on a shared 2-core machine answers in milliseconds, but not to hundreds at once.
  const results = [];
  for (let i = 0; i < cases.length; i += 8) results.push(...(await Promise.all(cases.slice(i, i + 8).map((c) => probe(url, c)))));
  return results;
}

describe.each(loadVendors())('$title rejects requests that break its spec', (vendor) => {
  let mock: RunningMock | undefined;
  let lax: RunningPrism | undefined;
  let cases: RequestCase[];
  let unbuildable: string[];

  beforeAll(async () => {
    const { document } = await bundleSpec(vendor, { dereferenced: true });
    ({ cases, unbuildable } = requestCases(await loadApiModel(vendor), mockCredentials(vendor)));
    const laxFile = join(work, `${vendor.id}.lax.json`);
    writeFileSync(laxFile, JSON.stringify(mockableSpec(laxSpec(document))));
    const [mocks, laxStarted] = await Promise.allSettled([startMocks([vendor], { ports: 'free' }), startPrism({ spec: laxFile })]);
    // Keep what started, so afterAll stops it even when the other failed.
    if (mocks.status === 'fulfilled') mock = mocks.value[0]!;
    if (laxStarted.status === 'fulfilled') lax = laxStarted.value;
    for (const r of [mocks, laxStarted]) if (r.status === 'rejected') throw r.reason;
  });
  afterAll(async () => {
    await Promise.all([mock && stopMocks([mock]), lax?.stop()]);
  });

  it('has a valid baseline request for every operation', () => {
    expect(unbuildable).toEqual([]);
  });

  it.for(VIOLATION_KINDS)('%s: every case gets 4xx naming what broke, after its baseline got 2xx', async (kind, { skip }) => {
    const ofKind = cases.filter((c) => c.kind === kind);
    expect(ofKind.length, `${kind} cases derived from the spec`).toBeGreaterThanOrEqual(
      MINIMUM[vendor.id]?.[kind] ?? (kind === 'missing-auth' ? 1 : 0),
    );
    if (ofKind.length === 0) return skip(`the spec has no request field or parameter of this kind`);
    const problems = (await probeAll(mock!.url, ofKind)).flatMap((r) => (r.problem ? [r.problem] : []));
    expect(problems).toEqual([]);
  });

  it('fails every case against a server that lets the violations in', async () => {
    const results = await probeAll(lax!.url, cases);
    const passed = cases.filter((_, i) => !results[i]!.problem).map((c) => `${c.operationId}: ${c.violation}`);
    expect(passed, 'cases a lax server passes').toEqual([]);
    expect(
      results.every((r) => r.baselineStatus >= 200 && r.baselineStatus < 300),
      'the lax server still answers valid requests',
    ).toBe(true);
  });
});
