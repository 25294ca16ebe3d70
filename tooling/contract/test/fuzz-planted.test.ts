// Proof the fuzz run finds what examples miss: a server with one planted bug that only generated inputs
// reach (a 500 only at the top of a bound, a success for a body missing a required field, a wrong type only
// for ids other than the example, a 500 on non-ASCII input, wrong credentials accepted on one operation).
// Dredd passes a server carrying all five; against a server with one of them, the fuzz run fails naming the check and the
// operation, with a curl line that carries the triggering input. The operations are found in the specs by
// what each bug needs, in the first vendor whose spec can carry all five.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiModel, loadVendors, type Vendor } from '@echo-openapi/tooling-core';
import { exampleOf, type ApiModel, type ApiOperation } from '@echo-openapi/api-model';
import type { ParameterObject } from 'openapi-typescript';
import type { SchemaObject } from '../src/fuzz/arbitraries.js';
import { startMocks, stopMocks, type RunningMock } from '@echo-openapi/mock';
import { failed, formatReport } from '../src/report.js';
import { mockCredentials, runContract } from '../src/run.js';
import type { CheckName } from '../src/fuzz/checks.js';
import { formatFuzzReport, fuzzJunit } from '../src/fuzz/report.js';
import { runFuzz, type FuzzReport } from '../src/fuzz/run.js';
import { plantedServer, type Bug } from './fixtures/planted-server.js';

const SEED = 20261202;
const RUNS = 15;

const isGet = (op: ApiOperation) => op.method === 'get';
const schemaOf = (p: ParameterObject | undefined) => (p?.schema ?? {}) as SchemaObject;
const queryParam = (op: ApiOperation, test: (s: SchemaObject, p: ParameterObject) => boolean) =>
  op.parameters.find((p) => p.in === 'query' && test(schemaOf(p), p));
const jsonBody = (op: ApiOperation) => op.requestBody?.content['application/json'];
const bodyRequired = (op: ApiOperation) => ((jsonBody(op)?.schema as SchemaObject | undefined)?.required ?? []) as string[];
/** The integer query parameter with a maximum whose example is not that maximum (Dredd would send it). */
const bounded = (op: ApiOperation) => queryParam(op, (s, p) => s.type === 'integer' && s.maximum !== undefined && exampleOf(p) !== s.maximum);

/** Each planted bug: where it can live (an operation and what it needs), and what it does there. */
const PLANTED: {
  name: string;
  check: CheckName;
  mode: 'mock' | 'live';
  find(op: ApiOperation): boolean;
  bug(op: ApiOperation): Bug;
  trigger(op: ApiOperation): RegExp;
}[] = [
  {
    name: 'a 500 only at the maximum of a bounded query parameter',
    check: 'not_a_server_error',
    mode: 'mock',
    find: (op) => isGet(op) && !!bounded(op),
    bug: (op) => {
      const p = bounded(op)!;
      return {
        respond: (r) =>
          r.op.id === op.id && r.url.searchParams.get(p.name) === String(schemaOf(p).maximum) ? { status: 500, body: '{"error":"boom"}' } : undefined,
      };
    },
    trigger: (op) => {
      const p = bounded(op)!;
      return new RegExp(`[?&]${p.name}=${schemaOf(p).maximum}\\b`);
    },
  },
  {
    name: 'a success for a body missing a required field',
    check: 'negative_data_rejection',
    mode: 'mock',
    find: (op) => op.method === 'post' && bodyRequired(op).length > 0,
    bug: (op) => ({
      // Treated as if the example had been sent: the mock answers its documented success.
      request: (r) => {
        if (r.op.id !== op.id) return r;
        const body = JSON.parse(r.body || 'null');
        return body && typeof body === 'object' && bodyRequired(op).some((f) => !(f in body))
          ? { ...r, body: JSON.stringify(exampleOf(jsonBody(op))) }
          : r;
      },
    }),
    trigger: (op) => new RegExp(`--data-raw '(?!.*"(${bodyRequired(op).join('|')})":)`),
  },
  {
    name: 'a wrong type only for ids other than the example',
    check: 'response_schema_conformance',
    mode: 'mock',
    find: (op) => isGet(op) && op.parameters.some((p) => p.in === 'path' && schemaOf(p).type === 'string' && typeof exampleOf(p) === 'string'),
    bug: (op) => {
      const p = op.parameters.find((p) => p.in === 'path' && schemaOf(p).type === 'string')!;
      return {
        response: (r, answer) => {
          if (r.op.id !== op.id || answer.status >= 300 || decodeURIComponent(r.url.pathname).includes(String(exampleOf(p)))) return answer;
          return { ...answer, body: JSON.stringify(retypeFirstId(JSON.parse(answer.body))) };
        },
      };
    },
    trigger: () => /curl/,
  },
  {
    name: 'a 500 on non-ASCII input',
    check: 'not_a_server_error',
    mode: 'mock',
    find: (op) => isGet(op) && !!queryParam(op, (s) => s.type === 'string' && !s.enum && !s.pattern && !s.format),
    bug: (op) => ({
      respond: (r) =>
        r.op.id === op.id && /[\u0080-\uffff]/.test(decodeURIComponent(r.url.search))
          ? { status: 500, body: '{"error":"UnicodeEncodeError"}' }
          : undefined,
    }),
    trigger: () => /%[C-F][0-9A-F]%[89AB][0-9A-F]/,
  },
  {
    name: 'wrong credentials accepted on one operation',
    check: 'ignored_auth',
    // Only a run that treats the target as a real server sends wrong credentials (a Prism mock accepts any).
    mode: 'live',
    find: (op) => isGet(op) && op.security.length > 0 && op.parameters.every((p) => p.in !== 'path'),
    bug: (op) => ({ ignoresAuthOn: op.id }),
    trigger: () => /wrong-/,
  },
];

/** The body with its first string `id` turned into a number (or a numeric one into a string). */
function retypeFirstId(value: unknown): unknown {
  let done = false;
  const walk = (v: unknown): unknown => {
    if (done || !v || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => {
        if (!done && k === 'id' && (typeof x === 'string' || typeof x === 'number')) {
          done = true;
          return [k, typeof x === 'string' ? 12345 : String(x)];
        }
        return [k, walk(x)];
      }),
    );
  };
  return walk(value);
}

let vendor: Vendor;
let model: ApiModel;
let mock: RunningMock | undefined;
const credentials = () => mockCredentials(vendor);

beforeAll(async () => {
  for (const v of loadVendors()) {
    const m = await loadApiModel(v);
    if (PLANTED.every((p) => m.operations.some(p.find))) {
      vendor = v;
      model = m;
      break;
    }
  }
  expect(vendor, 'a vendor whose spec can carry every planted bug').toBeDefined();
  [mock] = await startMocks([vendor], { ports: 'free' });
});
afterAll(async () => {
  if (mock) await stopMocks([mock]);
});

/** One server carrying all five bugs at once: the bug for each planted operation, the others untouched. */
function allBugs(): Bug {
  const bugs = PLANTED.map((p) => p.bug(model.operations.find(p.find)!));
  return {
    respond: (r) => bugs.reduce<ReturnType<NonNullable<Bug['respond']>>>((answer, b) => answer ?? b.respond?.(r), undefined),
    request: (r) => bugs.reduce((req, b) => b.request?.(req) ?? req, r),
    response: (r, answer) => bugs.reduce((a, b) => b.response?.(r, a) ?? a, answer),
    ignoresAuthOn: bugs.find((b) => b.ignoresAuthOn)!.ignoresAuthOn!,
  };
}

it('Dredd passes a server carrying all five planted bugs', async () => {
  const server = await plantedServer(model, mock!.url, credentials(), allBugs());
  try {
    const dredd = await runContract({ vendor, url: server.url, mode: 'mock', credentials: credentials() });
    expect(failed(dredd), formatReport(dredd)).toBe(false);
    expect(dredd.cases.filter((c) => c.outcome === 'passed').length).toBeGreaterThan(0);
  } finally {
    await server.stop();
  }
});

describe.each(PLANTED)('a server with $name', (planted) => {
  it(`fails the fuzz run: ${planted.check} on that operation alone, with a curl line that triggers it`, async () => {
    const op = model.operations.find(planted.find)!;
    const server = await plantedServer(model, mock!.url, credentials(), planted.bug(op));
    try {
      const report: FuzzReport = await runFuzz({
        vendor,
        model,
        url: server.url,
        mode: planted.mode,
        credentials: credentials(),
        secrets: {},
        seed: SEED,
        runs: RUNS,
        allowWrites: true,
      });
      const summary = formatFuzzReport(report);
      const hits = report.failures.filter((f) => f.check === planted.check);
      expect([...new Set(hits.map((f) => f.operationId))], summary).toEqual([op.id]);
      expect(
        hits.some((f) => planted.trigger(op).test(f.curl)),
        summary,
      ).toBe(true);
      expect(report.operations.find((o) => o.operationId === op.id)!.checks[planted.check]).toEqual({ outcome: 'failed' });
      // The report names the check and the operation, and JUnit fails that testcase.
      expect(summary).toContain(`FAIL ${planted.check} ${op.id} (${op.method.toUpperCase()} ${op.path})`);
      expect(fuzzJunit(report)).toMatch(new RegExp(`name="${planted.check} ${op.id} [^"]*"><failure`));
      // On a Prism-backed target nothing fails on any other operation: the bug is the only finding.
      if (planted.mode === 'mock')
        expect(
          report.failures.filter((f) => f.operationId !== op.id),
          summary,
        ).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
