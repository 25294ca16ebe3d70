// The property-based contract run: for each operation, fast-check generates requests from the spec's
// schemas, sends them and runs the checks; a failure is shrunk to a minimal request and reported with
// the check, the operation, the seed and a curl line that reproduces it. Same seed, same requests.
import fc from 'fast-check';
import type { Vendor } from '@echo-openapi/tooling-core';
import {
  CHECKS,
  conformance,
  ignoredAuth,
  isPrismOwnAnswer,
  negativeDataRejection,
  notAServerError,
  positiveDataAcceptance,
  type CheckFailure,
  type CheckName,
  type HttpResponse,
  VALID_REQUEST_CHECKS,
} from './checks.js';
import {
  createRedactor,
  credentialParams,
  linksFrom,
  linkValues,
  removesResource,
  SAFE_METHODS,
  withLinkBody,
  type ApiModel,
  type ApiOperation,
  type Link,
} from '@echo-openapi/api-model';
import { curl, exampleRequest, invalidRequests, toHttp, validRequests, type FuzzRequest, type HttpRequest } from './requests.js';

export interface FuzzRun {
  vendor: Vendor;
  model: ApiModel;
  /** The server under test, base path included when it has one. */
  url: string;
  /**
   * `mock`: a Prism mock started for the run (answers 401/422 itself, stores nothing); `sandbox`: the stateful
   * sandbox started for the run (nothing real to protect; any credential is a tenant, so wrong ones are not
   * sent); `live`: any real server.
   */
  mode: 'mock' | 'sandbox' | 'live';
  /** Keyed by security scheme. */
  credentials: Record<string, string>;
  /** What to print in place of each credential value (an environment variable reference). */
  secrets: Record<string, string>;
  seed: number;
  /** Generated requests per operation and kind (valid, invalid, unauthenticated). */
  runs: number;
  allowWrites?: boolean;
  allowSideEffects?: boolean;
  /** Only these operations (all when omitted). */
  operations?: string[];
}

export interface Failure {
  check: CheckName;
  operationId: string;
  message: string;
  /** The minimal request, ready to run, credentials redacted. */
  curl: string;
  seed: number;
}

export type Outcome = { outcome: 'passed' } | { outcome: 'failed' } | { outcome: 'skipped'; reason: string };

export interface OperationResult {
  operationId: string;
  method: string;
  path: string;
  checks: Partial<Record<CheckName, Outcome>>;
}

export interface FuzzReport {
  vendor: string;
  title: string;
  target: string;
  seed: number;
  runs: number;
  operations: OperationResult[];
  failures: Failure[];
  /** Problems of the run itself (a schema no request could be generated for). */
  problems: string[];
  requests: number;
  durationMs: number;
}

/** A property's verdict on one request: the failed checks, thrown so fast-check shrinks the request. */
class ChecksFailed extends Error {
  constructor(
    readonly failures: CheckFailure[],
    readonly request: HttpRequest,
  ) {
    super(failures.map((f) => `${f.check}: ${f.message}`).join('; '));
  }
}

/** A 32-bit seed per operation and property from the run's seed: one operation's requests never depend on another's. */
function subSeed(seed: number, key: string): number {
  let h = seed ^ 0x811c9dc5;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}

async function send(request: HttpRequest): Promise<HttpResponse> {
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: res.status, headers, body: await res.text() };
  } catch (error) {
    // No answer at all is the worst server error: reported under not_a_server_error with the cause.
    return {
      status: 599,
      headers: {},
      body: `no response: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
    };
  }
}

/** Requests per operation without (or with wrong) credentials, at most. */
const AUTH_RUNS = 5;

/** Why an operation is not sent at all on this run, if it is not. */
function skipReason(run: FuzzRun, op: ApiOperation): string | undefined {
  if (run.mode !== 'live') return undefined;
  if (op.sideEffects && !run.allowSideEffects) return `side effects (${op.sideEffects}); pass --allow-side-effects to send it`;
  if (!SAFE_METHODS.has(op.method) && !run.allowWrites && !run.allowSideEffects)
    return `changes live data (${op.method.toUpperCase()}); pass --allow-writes to send it`;
  return undefined;
}

/** Fuzzes every operation of the vendor against `run.url`. */
export async function runFuzz(run: FuzzRun): Promise<FuzzReport> {
  const started = Date.now();
  let requests = 0;
  const failures: Failure[] = [];
  const problems: string[] = [];
  // Live credentials never reach a report: curl lines name their variables, anything else is redacted.
  const redact = createRedactor(run.mode === 'live' ? Object.values(run.credentials) : []);
  const selected = run.operations ? run.model.operations.filter((op) => run.operations!.includes(op.id)) : run.model.operations;
  if (run.operations) {
    const unknown = run.operations.filter((id) => !run.model.operations.some((op) => op.id === id));
    if (unknown.length > 0)
      throw new Error(`no operation ${unknown.join(', ')} in ${run.vendor.title} (known: ${run.model.operations.map((o) => o.id).join(', ')})`);
  }
  const unknownRefusals = Object.keys(run.vendor.stateRefusals ?? {}).filter((id) => !run.model.operations.some((op) => op.id === id));
  if (unknownRefusals.length > 0)
    throw new Error(`stateRefusals in specs/vendors.yaml name no operation of ${run.vendor.title}: ${unknownRefusals.join(', ')}`);

  const fuzzOperation = async (op: ApiOperation): Promise<OperationResult> => {
    const result: OperationResult = { operationId: op.id, method: op.method, path: op.path, checks: {} };
    const skip = skipReason(run, op);
    if (skip) {
      for (const check of CHECKS) result.checks[check] = { outcome: 'skipped', reason: skip };
      return result;
    }
    const auth = op.security.length === 0 ? { headers: {}, query: {} } : credentialParams(run.model, op.security, run.credentials);
    if (!auth) {
      for (const check of CHECKS)
        result.checks[check] = { outcome: 'skipped', reason: `no credentials for ${op.security.map((s) => s.join(' + ')).join(' or ')}` };
      return result;
    }
    const ran = new Set<CheckName>();
    const failed = new Set<CheckName>();

    /**
     * One property over `requests`: send each, run `checks` on the answer. A failing request is shrunk, then
     * the property runs again without the checks that already failed, so each check reports its own minimum.
     */
    const property = async (
      kind: string,
      arbitrary: fc.Arbitrary<FuzzRequest>,
      credentials: typeof auth,
      checks: (req: FuzzRequest, res: HttpResponse) => CheckFailure[],
      numRuns = run.runs,
    ) => {
      const seed = subSeed(run.seed, `${op.id}:${kind}`);
      const ignored = new Set<CheckName>();
      for (let round = 0; round < 4; round++) {
        const details = await fc.check(
          fc.asyncProperty(arbitrary, async (req) => {
            const http = toHttp(op, req, run.url, credentials);
            const res = await send(http);
            requests++;
            const found = checks(req, res).filter((f) => !ignored.has(f.check));
            if (found.length > 0) throw new ChecksFailed(found, http);
          }),
          { seed, numRuns, interruptAfterTimeLimit: 20_000, markInterruptAsFailure: false, maxSkipsPerRun: 1000 },
        );
        if (!details.failed) return;
        const error = details.errorInstance;
        if (!(error instanceof ChecksFailed)) {
          // The generator itself failed (a schema it cannot satisfy): a problem with the run, reported as such.
          problems.push(
            redact(`${op.id}: could not generate ${kind} requests: ${String(error instanceof Error ? error.message : error).slice(0, 300)}`),
          );
          return;
        }
        for (const f of error.failures) {
          failures.push({
            check: f.check,
            operationId: op.id,
            message: redact(f.message),
            curl: redact(curl(error.request, run.secrets)),
            seed: run.seed,
          });
          failed.add(f.check);
          ignored.add(f.check);
        }
      }
    };

    // A Prism mock answers a request it finds invalid with its own problem+json 422, which no spec
    // documents: that answer shows the rejection, but the conformance checks are not about it.
    const judged = (res: HttpResponse) => !(run.mode === 'mock' && isPrismOwnAnswer(res));
    const mark = (...checks: CheckName[]) => {
      for (const c of checks) ran.add(c);
    };

    const valid = validRequests(run.model, op);
    await property('valid', valid, auth, (_req, res) => {
      mark(...VALID_REQUEST_CHECKS);
      // A refusal the vendor's state explains (specs/vendors.yaml stateRefusals) is not a refusal of valid data.
      const expected = run.vendor.stateRefusals?.[op.id]?.statuses.includes(res.status) === true;
      return [...notAServerError(res), ...(expected ? [] : positiveDataAcceptance(res)), ...(judged(res) ? conformance(run.model, op, res) : [])];
    });

    const invalid = invalidRequests(run.model, op);
    if (invalid) {
      await property('invalid', invalid, auth, (req, res) => {
        mark('negative_data_rejection');
        return [
          ...notAServerError(res),
          ...negativeDataRejection(res, req.breaks ?? 'a broken rule'),
          ...(judged(res) ? conformance(run.model, op, res) : []),
        ];
      });
    } else {
      result.checks.negative_data_rejection = { outcome: 'skipped', reason: 'the operation takes nothing a request could break' };
    }

    const needsAuth = op.security.length > 0 && op.security.every((alternative) => alternative.length > 0);
    if (needsAuth) {
      // Whether credentials are checked does not depend on the data: a few requests tell (Schemathesis sends one).
      const authRuns = Math.min(run.runs, AUTH_RUNS);
      await property(
        'no-auth',
        valid,
        { headers: {}, query: {} },
        (_req, res) => {
          mark('ignored_auth');
          return [
            ...notAServerError(res),
            ...ignoredAuth(res, 'a request without credentials'),
            ...(judged(res) ? conformance(run.model, op, res) : []),
          ];
        },
        authRuns,
      );
      if (run.mode === 'live') {
        const wrong = Object.fromEntries(Object.keys(run.credentials).map((scheme) => [scheme, `wrong-${scheme}-0000`]));
        const wrongAuth = credentialParams(run.model, op.security, wrong)!;
        await property(
          'wrong-auth',
          valid,
          wrongAuth,
          (_req, res) => [...notAServerError(res), ...ignoredAuth(res, 'a request with wrong credentials'), ...conformance(run.model, op, res)],
          authRuns,
        );
      }
    } else {
      result.checks.ignored_auth = { outcome: 'skipped', reason: 'the operation needs no credentials' };
    }

    for (const check of ['ensure_resource_availability', 'use_after_free'] as const)
      result.checks[check] = { outcome: 'skipped', reason: statefulSkip(run, op) };
    for (const check of CHECKS) {
      if (failed.has(check)) result.checks[check] = { outcome: 'failed' };
      else if (ran.has(check)) result.checks[check] = { outcome: 'passed' };
    }
    return result;
  };

  // A few operations at a time: the server answers in milliseconds, and requests per operation are sequential.
  const operations: OperationResult[] = new Array(selected.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(4, selected.length) }, async () => {
      while (next < selected.length) {
        const index = next++;
        operations[index] = await fuzzOperation(selected[index]!);
      }
    }),
  );
  // Stateful sequences after the single requests: they create (and delete) data on the target.
  for (const producer of selected) {
    const links = linksFrom(run.model, producer).filter((l) => selected.includes(l.to) && !skipReason(run, l.to));
    if (links.length === 0 || skipReason(run, producer) || !statefulTarget(run)) continue;
    const found = await sequences(run, producer, links, () => requests++);
    for (const f of found.failures) failures.push({ ...f, message: redact(f.message), curl: redact(f.curl) });
    for (const [operationId, checks] of found.ran) {
      const result = operations.find((o) => o.operationId === operationId)!;
      for (const check of checks)
        result.checks[check] = found.failures.some((f) => f.operationId === operationId && f.check === check)
          ? { outcome: 'failed' }
          : { outcome: 'passed' };
    }
  }

  // Operations run a few at a time: report in the spec's order, whatever finished first.
  const order = (id: string) => selected.findIndex((op) => op.id === id);
  failures.sort((a, b) => order(a.operationId) - order(b.operationId) || CHECKS.indexOf(a.check) - CHECKS.indexOf(b.check));
  problems.sort();
  return {
    vendor: run.vendor.id,
    title: run.vendor.title,
    target: run.url,
    seed: run.seed,
    runs: run.runs,
    operations,
    failures,
    problems,
    requests,
    durationMs: Date.now() - started,
  };
}

/** Can the run follow links: a target that keeps state, and writes allowed on it. */
const statefulTarget = (run: FuzzRun) =>
  run.mode === 'sandbox' || (run.mode === 'live' && (run.allowWrites === true || run.allowSideEffects === true));

function statefulSkip(run: FuzzRun, op: ApiOperation): string {
  const linked = run.model.links.some((l) => l.to === op || l.from === op);
  if (!linked) return 'no OpenAPI links lead to this operation';
  if (run.mode === 'mock')
    return 'a Prism mock stores nothing: run stateful sequences against a stateful target (--sandbox, or --target with --allow-writes)';
  if (!statefulTarget(run)) return 'stateful sequences create and delete data; pass --allow-writes to send them';
  return 'applies to what a link leads to: reads and updates after the create, reads again after a linked delete';
}

/** The generated request for `link.to` with what the link takes from the created resource; undefined when the response lacks it. */
function followLink(link: Link, generated: FuzzRequest, created: unknown): FuzzRequest | undefined {
  const values = linkValues(link, created);
  if (!values) return undefined;
  const request: FuzzRequest = {
    ...generated,
    pathParams: { ...generated.pathParams, ...values.path },
    query: { ...generated.query, ...values.query },
    headers: { ...generated.headers, ...values.header },
  };
  if ('body' in values) {
    request.body = withLinkBody(generated.body, values.body);
    request.contentType ??= Object.keys(link.to.requestBody?.content ?? {}).find((type) => /json/.test(type)) ?? 'application/json';
  }
  return request;
}

/**
 * create -> every linked read/update -> linked delete -> the reads again. A created resource must be readable
 * (ensure_resource_availability: no 404), a deleted one gone (use_after_free: no 2xx). Shrunk like the rest.
 */
async function sequences(
  run: FuzzRun,
  producer: ApiOperation,
  links: Link[],
  count: () => void,
): Promise<{ failures: Failure[]; ran: Map<string, Set<CheckName>> }> {
  const auth = credentialParams(run.model, producer.security, run.credentials);
  const failures: Failure[] = [];
  const ran = new Map<string, Set<CheckName>>();
  if (!auth) return { failures, ran };
  const mark = (op: ApiOperation, check: CheckName) => ran.set(op.id, (ran.get(op.id) ?? new Set()).add(check));
  const ordered = [...links.filter((l) => !removesResource(l.to)), ...links.filter((l) => removesResource(l.to))];
  const arbitrary = fc.tuple(validRequests(run.model, producer), ...ordered.map((l) => validRequests(run.model, l.to)));
  // The first sequence is the documented one (a create the server surely accepts); the others are generated.
  const documented = [producer, ...ordered.map((l) => l.to)].map((op) => exampleRequest(run.model, op));
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async ([create, ...follow]) => {
      const steps: HttpRequest[] = [toHttp(producer, create, run.url, auth)];
      const created = await send(steps[0]!);
      count();
      if (created.status < 200 || created.status > 299) return;
      let body: unknown;
      try {
        body = JSON.parse(created.body);
      } catch {
        return;
      }
      const request = (link: Link, index: number): HttpRequest | undefined => {
        const linked = followLink(link, follow[index]!, body);
        if (!linked) return undefined;
        const linkAuth = credentialParams(run.model, link.to.security, run.credentials) ?? { headers: {}, query: {} };
        return toHttp(link.to, linked, run.url, linkAuth);
      };
      const fail = (link: Link, check: CheckName, message: string) => {
        throw new SequenceFailed({ check, operationId: link.to.id, message: `${message} (after ${producer.id} -> ${created.status})` }, steps);
      };
      const reads: { link: Link; http: HttpRequest }[] = [];
      for (const [index, link] of ordered.entries()) {
        const http = request(link, index);
        if (!http) continue;
        steps.push(http);
        const res = await send(http);
        count();
        if (removesResource(link.to)) {
          if (res.status < 200 || res.status > 299) continue;
          for (const read of reads) {
            mark(read.link.to, 'use_after_free');
            steps.push(read.http);
            const again = await send(read.http);
            count();
            if (again.status >= 200 && again.status < 300)
              fail(read.link, 'use_after_free', `${read.link.to.id} still answers ${again.status} after ${link.to.id} answered ${res.status}`);
          }
        } else {
          mark(link.to, 'ensure_resource_availability');
          if (res.status === 404 || res.status === 410)
            fail(link, 'ensure_resource_availability', `${link.to.id} answers ${res.status} for the resource ${producer.id} just created`);
          if (link.to.method === 'get') reads.push({ link, http });
        }
      }
    }),
    {
      seed: subSeed(run.seed, `${producer.id}:stateful`),
      numRuns: Math.max(3, Math.ceil(run.runs / 3)),
      examples: documented.every((r) => r !== undefined) ? [[documented as [FuzzRequest, ...FuzzRequest[]]]] : [],
      interruptAfterTimeLimit: 20_000,
      markInterruptAsFailure: false,
      maxSkipsPerRun: 1000,
    },
  );
  const error = details.errorInstance;
  if (details.failed && error instanceof SequenceFailed) {
    failures.push({ ...error.failure, curl: error.steps.map((s) => curl(s, run.secrets)).join('\n      '), seed: run.seed });
  }
  return { failures, ran };
}

class SequenceFailed extends Error {
  constructor(
    readonly failure: Omit<Failure, 'curl' | 'seed'>,
    readonly steps: HttpRequest[],
  ) {
    super(failure.message);
  }
}
