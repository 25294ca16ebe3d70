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
} from './checks.js';
import { createRedactor, credentialParams, type ApiModel, type ApiOperation } from '@echo-openapi/api-model';
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

const SAFE_METHODS = new Set(['get', 'head', 'options']);
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
      mark(
        'not_a_server_error',
        'status_code_conformance',
        'content_type_conformance',
        'response_headers_conformance',
        'response_schema_conformance',
        'positive_data_acceptance',
      );
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

/** One OpenAPI link: a successful `from` response feeds `to`'s parameters and body through runtime expressions. */
export interface Link {
  from: ApiOperation;
  to: ApiOperation;
  /** Target parameters, each set to a `$response.body#/json/pointer` (other expressions are not followed). */
  parameters: { in: 'path' | 'query' | 'header'; name: string; expression: string }[];
  /**
   * The link's `requestBody`: a literal whose `$response.body#/...` values are evaluated. An object is laid
   * over the generated body (`{contact_id: $response.body#/data/contact_id}` names the resource, the rest
   * stays generated); anything else replaces it.
   */
  requestBody?: unknown;
}

type LinkObject = { operationId?: string; parameters?: Record<string, unknown>; requestBody?: unknown };

/** The links declared on an operation's 2xx responses, to operations of the model. */
export function linksFrom(model: ApiModel, op: ApiOperation): Link[] {
  return Object.entries(op.responses)
    .filter(([code]) => code.startsWith('2'))
    .flatMap(([, response]) => Object.values((response as { links?: Record<string, LinkObject> }).links ?? {}))
    .flatMap((link) => {
      const to = model.operations.find((o) => o.id === link.operationId);
      if (!to) return [];
      const parameters = Object.entries(link.parameters ?? {}).map(([key, expression]) => {
        // `path.id` names the location; a bare name is the target's parameter of that name.
        const qualified = /^(path|query|header)\.(.+)$/.exec(key);
        const name = qualified ? qualified[2]! : key;
        const where = (qualified?.[1] ?? to.parameters.find((p) => p.name === name)?.in ?? 'path') as Link['parameters'][number]['in'];
        return { in: where, name, expression: String(expression) };
      });
      return [{ from: op, to, parameters, ...(link.requestBody === undefined ? {} : { requestBody: link.requestBody }) }];
    });
}

/** An operation that removes the resource: a DELETE, or one the spec declares a delete (`x-sandbox`, e.g. a POST /contact/delete). */
export function deletes(op: ApiOperation): boolean {
  return op.method === 'delete' || (op.extensions['x-sandbox'] as { action?: string } | undefined)?.action === 'delete';
}

/** Can the run follow links: a target that keeps state, and writes allowed on it. */
const statefulTarget = (run: FuzzRun) =>
  run.mode === 'sandbox' || (run.mode === 'live' && (run.allowWrites === true || run.allowSideEffects === true));

function statefulSkip(run: FuzzRun, op: ApiOperation): string {
  const linked = run.model.operations.some((from) => linksFrom(run.model, from).some((l) => l.to === op || l.from === op));
  if (!linked) return 'no OpenAPI links lead to this operation';
  if (run.mode === 'mock')
    return 'a Prism mock stores nothing: run stateful sequences against a stateful target (--sandbox, or --target with --allow-writes)';
  if (!statefulTarget(run)) return 'stateful sequences create and delete data; pass --allow-writes to send them';
  return 'applies to what a link leads to: reads and updates after the create, reads again after a linked delete';
}

/** `$response.body#/data/id` against a parsed body: the value there (undefined when it is another kind of expression or finds nothing). */
function resolve(expression: string, body: unknown): unknown {
  const match = /^\$response\.body#(\/.*)?$/.exec(expression);
  if (!match) return undefined;
  let node = body;
  for (const token of (match[1] ?? '')
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node ?? undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** A link's `requestBody` literal with its runtime expressions (`$response.body#/...` values) evaluated; undefined when one finds nothing. */
function evaluate(literal: unknown, body: unknown): unknown {
  if (typeof literal === 'string' && literal.startsWith('$')) return resolve(literal, body);
  if (Array.isArray(literal)) {
    const items = literal.map((item) => evaluate(item, body));
    return items.includes(undefined) ? undefined : items;
  }
  if (isRecord(literal)) {
    const entries = Object.entries(literal).map(([key, value]) => [key, evaluate(value, body)] as const);
    return entries.some(([, value]) => value === undefined) ? undefined : Object.fromEntries(entries);
  }
  return literal;
}

/** The generated request for `link.to` with what the link takes from the created resource; undefined when the response lacks it. */
function followLink(link: Link, generated: FuzzRequest, created: unknown): FuzzRequest | undefined {
  const request: FuzzRequest = {
    ...generated,
    pathParams: { ...generated.pathParams },
    query: { ...generated.query },
    headers: { ...generated.headers },
  };
  for (const parameter of link.parameters) {
    const value = resolve(parameter.expression, created);
    if (value === undefined || typeof value === 'object') return undefined;
    const into = parameter.in === 'path' ? request.pathParams : parameter.in === 'query' ? request.query : request.headers;
    into[parameter.name] = String(value);
  }
  if (link.requestBody !== undefined) {
    const value = evaluate(link.requestBody, created);
    if (value === undefined) return undefined;
    request.body = isRecord(value) && isRecord(generated.body) ? { ...generated.body, ...value } : value;
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
  const ordered = [...links.filter((l) => !deletes(l.to)), ...links.filter((l) => deletes(l.to))];
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
        if (deletes(link.to)) {
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
