// `pnpm proxy`: Prism's validating proxy in front of an API. A drifted mock (drift.ts) stands in for a
// live API that stopped honouring its spec: the proxy must report each drifted operation's broken field
// to the developer (in the response, or in the log with --pass-through), pass a conforming API cleanly,
// stop a request that breaks the spec before it reaches the API, and keep credentials out of its log.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSpec, loadApiModel, loadVendors, startPrism, type OpenApiDocument, type RunningPrism } from '@echo-openapi/tooling-core';
import { mockableSpec } from '@echo-openapi/mock';
import { startProxy, type RunningProxy } from '@echo-openapi/mock/proxy';
import { driftRounds, type Drift } from '../src/drift.js';
import { requestCases, send, type Baseline, type RequestCase } from '../src/request-cases.js';
import { mockCredentials } from '../src/run.js';

const work = mkdtempSync(join(tmpdir(), 'echo-proxy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Starts everything in parallel; keeps what started, in the order given (for afterAll even when something failed). */
async function startAll<T>(starts: Promise<T>[], keep: (started: T) => void): Promise<void> {
  const results = await Promise.allSettled(starts);
  for (const r of results) if (r.status === 'fulfilled') keep(r.value);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}

describe.each(loadVendors())('pnpm proxy in front of $title', (vendor) => {
  const running: { stop(): Promise<void> }[] = [];
  let document: OpenApiDocument;
  let drifts: Drift[];
  let baselines: Baseline[];
  let cases: RequestCase[];
  let strict: RunningProxy; // --errors, upstream drifted
  let passThrough: RunningProxy; // no --errors, upstream drifted
  let clean: RunningProxy; // --errors, upstream honours the spec
  let drifted: RunningPrism;
  let honest: RunningPrism;

  beforeAll(async () => {
    ({ document } = await bundleSpec(vendor, { dereferenced: true }));
    const round = driftRounds(document).rounds[0]!;
    drifts = round.drifts;
    ({ baselines, cases } = requestCases(await loadApiModel(vendor), mockCredentials(vendor)));
    const driftedFile = join(work, `${vendor.id}.drifted.json`);
    const honestFile = join(work, `${vendor.id}.json`);
    writeFileSync(driftedFile, JSON.stringify(mockableSpec(round.spec)));
    writeFileSync(honestFile, JSON.stringify(mockableSpec(document)));
    // The upstreams, then a proxy of each kind in front of them (each on a free port, retried if taken).
    const upstreams: RunningPrism[] = [];
    await startAll([startPrism({ spec: driftedFile }), startPrism({ spec: honestFile })], (p) => (running.push(p), upstreams.push(p)));
    [drifted, honest] = upstreams as [RunningPrism, RunningPrism];
    const proxies: RunningProxy[] = [];
    await startAll(
      [
        startProxy(vendor, { target: drifted.url }),
        startProxy(vendor, { target: drifted.url, errors: false }),
        startProxy(vendor, { target: honest.url }),
      ],
      (p) => (running.push(p), proxies.push(p)),
    );
    [strict, passThrough, clean] = proxies as [RunningProxy, RunningProxy, RunningProxy];
  });
  afterAll(async () => {
    await Promise.all(running.map((r) => r.stop()));
  });

  const request = (operationId: string) => baselines.find((b) => b.operationId === operationId)!.request;

  it('answers each drifted response with a 500 naming the broken field (sl-violations header and body)', async () => {
    expect(drifts.length).toBeGreaterThan(0);
    for (const drift of drifts) {
      const { status, text } = await send(strict.url, request(drift.operationId));
      expect(status, `${drift.kind} on ${drift.operationId}: ${text}`).toBe(500);
      const [header, body] = [text.slice(0, text.indexOf('\n')), text.slice(text.indexOf('\n') + 1)];
      expect(header.toLowerCase(), `${drift.kind} on ${drift.operationId}`).toContain(drift.names.toLowerCase());
      expect(JSON.parse(body)).toMatchObject({ title: 'Request/Response not valid', validation: expect.any(Array) });
    }
  });

  it('with --pass-through forwards the drifted answer and logs each violation with the field', async () => {
    for (const drift of drifts) {
      const direct = await send(drifted.url, request(drift.operationId));
      const { status } = await send(passThrough.url, request(drift.operationId));
      expect(status, `${drift.kind} on ${drift.operationId}`).toBe(direct.status);
    }
    const violations = passThrough
      .log()
      .split('\n')
      .filter((l) => l.includes('Violation: response'));
    for (const drift of drifts)
      expect(violations.join('\n').toLowerCase(), drift.kind).toContain(drift.kind === 'wrong-status' ? 'status code' : drift.names.toLowerCase());
  });

  it('passes every operation of a server that honours the spec, unchanged and without a violation', async () => {
    for (const { operationId, request: r } of baselines) {
      const direct = await send(honest.url, r);
      const proxied = await send(clean.url, r);
      expect(proxied.status, `${operationId}: ${proxied.text}`).toBe(direct.status);
      expect(proxied.text, operationId).toBe(direct.text);
    }
    expect(clean.log()).not.toMatch(/Violation|✖/);
  });

  it('stops a request that breaks the spec with a 422 naming the field, before it reaches the API', async () => {
    const bad = cases.find((c) => c.kind !== 'missing-auth')!;
    const forwarded = () =>
      clean
        .log()
        .split('\n')
        .filter((l) => l.includes('Forwarding')).length;
    const before = forwarded();
    const { status, text } = await send(clean.url, bad.request);
    expect(status).toBe(422);
    expect(text).toContain(
      bad
        .field!.split(/[.[\]]/)
        .filter((s) => s && !/^\d+$/.test(s))
        .pop()!,
    );
    expect(forwarded()).toBe(before);
  });

  it('keeps credentials out of its log', async () => {
    const secrets = Object.values(mockCredentials(vendor));
    expect(clean.log()).toContain('Forwarding');
    for (const secret of secrets) expect(clean.log()).not.toContain(secret);
  });
});
