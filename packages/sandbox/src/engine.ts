import { createHash } from 'node:crypto';
import {
  type ApiModel,
  type ApiOperation,
  credentialPlacement,
  describeIssues,
  exampleOf,
  extensionsSchema,
  type ValidationIssue,
} from '@echo-openapi/api-model';
import type { Caller } from './control/access.js';
import { RateLimiter } from './rate-limit.js';
import {
  clone,
  declaredOnly,
  exceedsDepth,
  forbiddenKey,
  getPath,
  isObject,
  newId,
  type Schema,
  schemaAt,
  setPath,
  shape,
  stamp,
  withDefaults,
} from './records.js';
import { SEED_TENANT, STORE_FULL_MESSAGE, type Store, StoreFullError, type StoredRecord } from './store.js';

type Json = Record<string, unknown>;

/**
 * What an operation's `x-sandbox` extension declares (documented in specs/README.md): which resource it
 * acts on and how, so the engine serves CRUD without knowing any vendor.
 */
export interface SandboxExtension {
  /** The collection the operation acts on, e.g. `contacts`. */
  resource: string;
  /** What it does to that collection; `custom` leaves the answer to the vendor module (or the example). */
  action: 'list' | 'read' | 'create' | 'update' | 'delete' | 'custom';
  /** Where the record id arrives: `path.<param>`, `query.<param>` or `body.<field>` (read, update, delete). */
  id?: string;
  /** The record's own id property (default `id`). */
  idField?: string;
  /** Dotted path in the success body where the record (or, for list, the array) sits; '' for the body itself. */
  record?: string;
  /** For records that belong to another: the owner's resource and where its id arrives (`path.contactId`). */
  parent?: { resource: string; id: string };
}

/** An HTTP answer before it is written. */
export interface Reply {
  status: number;
  /** JSON to serialize; or, with `mediaType`, the body text as sent. */
  body?: unknown;
  /** A non-JSON media type the operation documents (e.g. `text/csv`); the body is then a string. */
  mediaType?: string;
  headers?: Record<string, string>;
}

/** The vendor facts the engine needs (from @echo-openapi/specs' vendors.json). */
export interface VendorFacts {
  id: string;
  title: string;
  sandboxPort: number;
  errorEnvelope: { message: string; code?: string; details?: string };
}

/** The request as the engine sees it: routing and transport are done, the body is parsed. */
export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body text ('' when none). */
  rawBody: string;
}

/** Options a behaviour passes to the generic action of its operation. */
export interface GenericOptions {
  /** List: keep only the records this accepts. */
  filter?: (record: Json) => boolean;
  /** List: order of the records (default: creation order). */
  sort?: (a: Json, b: Json) => number;
  /** Create/update: the record to store, from the body merged over the current one (change it before storing). */
  prepare?: (record: Json) => Json | void;
  /** The record as answered (derived fields, lifecycles), computed on every read. */
  present?: (record: Json) => Json;
}

/** Everything a vendor behaviour sees and can do for one request. */
export interface OperationContext {
  readonly sandbox: VendorSandbox;
  readonly op: ApiOperation;
  /** The tenant's id: a hash of its credentials, never the credentials themselves. */
  readonly tenant: string;
  readonly pathParams: Record<string, string>;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined when none). */
  body: any;
  /** The virtual time in ms. */
  now(): number;
  readonly records: TenantRecords;
  /** The documented example of this operation's response `code` (default: its success code), a fresh copy. */
  example(code?: string): any;
  /** The success answer, shaped to the documented schema; body defaults to the documented example. */
  ok(body?: unknown): Reply;
  /** An error in the vendor's envelope with the operation's documented response for that status. */
  error(status: number, message: string, details?: { field: string; message: string }[]): Reply;
  /** The documented not-found answer (404, or the vendor's documented error status when it has no 404). */
  notFound(what: string): Reply;
  /** The declared x-sandbox action of this operation. */
  generic(options?: GenericOptions): Reply;
}

/**
 * The records of one tenant. A tenant that has never written reads the seed (the spec's examples); its first
 * write stores it, as a copy of the seed (within the tenant cap).
 */
export class TenantRecords {
  /** Where reads go: the tenant once stored, the seed before. */
  private source: string;
  constructor(
    private readonly store: Store,
    readonly tenant: string,
    private readonly maxTenants = Number.POSITIVE_INFINITY,
  ) {
    this.source = tenant === SEED_TENANT || store.hasTenant(tenant) ? tenant : SEED_TENANT;
  }
  /** Stores the tenant before its first write. */
  private writable(): string {
    if (this.source !== this.tenant) {
      this.store.materialise(this.tenant, this.maxTenants);
      this.source = this.tenant;
    }
    return this.tenant;
  }
  get(resource: string, id: string | number): Json | undefined {
    return this.store.get(this.source, resource, String(id))?.body;
  }
  list(resource: string, parent?: string | number): Json[] {
    return this.store.list(this.source, resource, parent === undefined ? undefined : String(parent)).map((record) => record.body);
  }
  entries(resource: string, parent?: string | number): StoredRecord[] {
    return this.store.list(this.source, resource, parent === undefined ? undefined : String(parent));
  }
  insert(resource: string, id: string | number, body: Json, parent?: string | number): void {
    this.store.insert(this.writable(), resource, { id: String(id), parent: parent === undefined ? null : String(parent), body });
  }
  update(resource: string, id: string | number, body: Json): void {
    this.store.update(this.writable(), resource, String(id), body);
  }
  delete(resource: string, id: string | number): boolean {
    return this.store.delete(this.writable(), resource, String(id));
  }
  deleteChildren(resource: string, parent: string | number): number {
    return this.store.deleteChildren(this.writable(), resource, String(parent));
  }
  nextSeq(resource: string): number {
    return this.store.nextSeq(this.source, resource);
  }
  /** A new id in the style of `example`, not yet used in `resource`. */
  newId(resource: string, example: unknown): string | number {
    return newId(example, this.nextSeq(resource) + 1000, (id) => this.get(resource, id) !== undefined);
  }
  value<T>(key: string): T | undefined {
    return this.store.value<T>(this.source, key);
  }
  setValue(key: string, value: unknown): void {
    this.store.setValue(this.writable(), key, value);
  }
}

export type Behaviour = (ctx: OperationContext, next: (options?: GenericOptions) => Reply) => Reply;

/**
 * Behaviour that data cannot express, in a small module named after the vendor: operation behaviours by
 * operationId, seeding, extra control routes and background work on the virtual clock.
 */
export interface VendorModule {
  operations?: Record<string, Behaviour>;
  /** Completes the seed every tenant starts from, after the spec's examples (once per start, not per tenant). */
  seed?(records: TenantRecords, sandbox: VendorSandbox): void;
  /** Extra control routes (e.g. `POST /__sandbox/events`), registered on the vendor's server. */
  routes?(router: ControlRouter, sandbox: VendorSandbox): void;
  /** Background work due at the virtual time `now` (called when the clock moves and every second). */
  tick?(sandbox: VendorSandbox, now: number): void;
}

export interface ControlRouter {
  route(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    /** `caller`: who is calling, already authenticated (a tenant acts on its own data only; see control/access.ts). */
    handler: (input: { body: any; query: URLSearchParams; caller: Caller }) => Reply | Promise<Reply>,
  ): void;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  operationId?: string;
  status: number;
  tenant?: string;
  durationMs: number;
}

const PREFER_CODE = /(?:^|[,;\s])code=(\d{3})/;
const LOG_SIZE = 500;

/** One vendor's sandbox: the model, the store, the clock, the rate limiter and the vendor module. */
export class VendorSandbox {
  readonly limiter: RateLimiter;
  readonly log: RequestLogEntry[] = [];
  /**
   * When set, every answer is checked against the operation's documented response (status, headers,
   * body) and each mismatch recorded here: tests turn it on and expect it to stay empty.
   */
  responseViolations?: string[];
  private readonly seeds = new Map<string, { op: ApiOperation; record: Json; parent?: string }[]>();
  /** Each resource's record schema and a documented record, from its first list or read operation. */
  private readonly resources = new Map<string, { schema: Schema | undefined; example: Json | undefined }>();
  private readonly credentialNames: Set<string>;
  /** How many credentials make one tenant (EchoCue: key and secret). */
  private readonly credentialsPerTenant: number;
  /** Tenant ids already checked for data stored under the old way of deriving them (see tenantOfCredentials). */
  private readonly legacyChecked = new Set<string>();
  private readonly maxJsonDepth: number;
  private readonly maxTenants: number;

  constructor(
    readonly vendor: VendorFacts,
    readonly model: ApiModel,
    readonly store: Store,
    readonly module: VendorModule = {},
    options: { rateLimits?: boolean; maxJsonDepth?: number; maxTenants?: number } = {},
  ) {
    this.maxJsonDepth = options.maxJsonDepth ?? 64;
    this.maxTenants = options.maxTenants ?? Number.POSITIVE_INFINITY;
    this.credentialsPerTenant = Math.max(1, ...model.operations.flatMap((op) => op.security.map((alternative) => alternative.length)));
    this.limiter = new RateLimiter(model.rateLimits?.policies ?? [], options.rateLimits !== false);
    this.credentialNames = new Set(
      Object.values(model.securitySchemes)
        .map((scheme) => credentialPlacement(scheme as Parameters<typeof credentialPlacement>[0])?.name.toLowerCase())
        .filter((name): name is string => name !== undefined),
    );
    this.checkDeclarations();
    this.collectSeeds();
    this.store.replaceSeed(() => this.seed(this.records(SEED_TENANT)));
  }

  /** Every x-sandbox must match its schema (api-model's extensionsSchema): a typo fails at start, by name. */
  private checkDeclarations(): void {
    const check = this.model.validator.schema(extensionsSchema.definitions['x-sandbox'] as Parameters<ApiModel['validator']['schema']>[0]);
    const problems = this.model.operations.flatMap((op) => {
      const declared = op.extensions['x-sandbox'];
      return declared === undefined ? [] : check(declared).errors.map((error) => `${op.id}: x-sandbox ${error}`);
    });
    if (problems.length > 0) throw new Error(`${this.vendor.title}: invalid x-sandbox declarations:\n${problems.join('\n')}`);
  }

  /** The virtual time (ms): real time plus every advance so far; it never goes back. */
  now(): number {
    return Date.now() + Number(this.store.meta('clockOffsetMs') ?? 0);
  }

  advanceClock(seconds: number): number {
    this.store.setMeta('clockOffsetMs', String(Number(this.store.meta('clockOffsetMs') ?? 0) + seconds * 1000));
    const now = this.now();
    this.module.tick?.(this, now);
    return now;
  }

  /** Drops all state (or one tenant's: the tenant's credential, as the client sends it). */
  reset(credential?: string | readonly string[]): void {
    const tenant = credential === undefined ? undefined : this.tenantOfCredential(credential);
    this.store.reset(tenant);
    this.limiter.reset(tenant);
  }

  /**
   * The tenant id of a credential as the control API takes it: the credential, or the credentials as an
   * array; EchoCue's pair also as `key:secret`, split at the first `:` (a key containing `:` needs the array).
   */
  tenantOfCredential(credential: string | readonly string[]): string {
    if (typeof credential !== 'string') return this.tenantOfCredentials([...credential]);
    if (this.credentialsPerTenant === 1) return this.tenantOfCredentials([credential]);
    const colon = credential.indexOf(':');
    return this.tenantOfCredentials(colon < 0 ? [credential] : [credential.slice(0, colon), credential.slice(colon + 1)]);
  }

  /**
   * The tenant of the credentials one security alternative takes: the hash of the credential, or of several
   * as a JSON array, so no two different sets meet (joined with `:`, ("a:b","c") and ("a","b:c") did).
   * Data stored under the old `key:secret` id moves to the new one on first use, where that id was unambiguous
   * (no `:` in key or secret).
   */
  tenantOfCredentials(values: readonly string[]): string {
    if (values.length === 1) return tenantId(values[0]!);
    const id = tenantId(JSON.stringify(values));
    if (!this.legacyChecked.has(id) && values.every((value) => !value.includes(':'))) {
      // Bounded like tenantId's cache: forgetting only costs a repeated lookup.
      if (this.legacyChecked.size >= 10_000) this.legacyChecked.clear();
      this.legacyChecked.add(id);
      this.store.renameTenant(tenantId(values.join(':')), id);
    }
    return id;
  }

  records(tenant: string): TenantRecords {
    return new TenantRecords(this.store, tenant, this.maxTenants);
  }

  /** Every tenant stored (for background work). */
  tenants(): string[] {
    return (this.store.db.prepare('SELECT tenant FROM tenants').all() as { tenant: string }[]).map((row) => row.tenant);
  }

  handle(request: SandboxRequest): Reply {
    const started = performance.now();
    let operationId: string | undefined;
    let tenant: string | undefined;
    let reply: Reply;
    try {
      const result = this.dispatch(request);
      ({ operationId, tenant, reply } = result);
      if (this.responseViolations && operationId) this.checkResponse(operationId, request, reply);
    } catch (error) {
      if (error instanceof StoreFullError) reply = this.errorReply(undefined, 507, error.message);
      else if ((error as { code?: unknown }).code === 'SQLITE_FULL') reply = this.errorReply(undefined, 507, STORE_FULL_MESSAGE);
      else {
        // A bug in a behaviour must not become a hang or a stack trace on the wire.
        console.error(`echo-sandbox ${this.vendor.id}: ${request.method} ${request.path}:`, error);
        reply = this.errorReply(undefined, 500, 'Internal sandbox error');
      }
    }
    this.log.unshift({
      at: new Date(this.now()).toISOString(),
      method: request.method,
      path: this.redactedPath(request),
      operationId,
      status: reply.status,
      tenant: tenant?.slice(0, 12),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
    if (this.log.length > LOG_SIZE) this.log.length = LOG_SIZE;
    return reply;
  }

  private checkResponse(operationId: string, request: SandboxRequest, reply: Reply): void {
    const op = this.model.operation(operationId);
    const status = String(reply.status);
    const code = [status, `${status[0]}XX`, 'default'].find((candidate) => op.responses[candidate]);
    const problems = code
      ? this.model.validator.response(
          op,
          code,
          {
            statusCode: reply.status,
            headers: { 'content-type': reply.mediaType ?? 'application/json', ...reply.headers },
            body: reply.body === undefined ? undefined : reply.mediaType ? String(reply.body) : JSON.stringify(reply.body),
          },
          reply.mediaType ?? 'application/json',
        )
      : [`status ${status} is not documented`];
    for (const problem of problems) this.responseViolations!.push(`${request.method} ${request.path} -> ${status} (${operationId}): ${problem}`);
  }

  private redactedPath(request: SandboxRequest): string {
    if (request.query.size === 0) return request.path;
    const query = new URLSearchParams(request.query);
    for (const name of [...query.keys()]) if (this.credentialNames.has(name.toLowerCase())) query.set(name, '[REDACTED]');
    const text = query.toString();
    return text ? `${request.path}?${text}` : request.path;
  }

  /**
   * A path sent with the server URL's base path (`/api/v1/contacts`) misses every route: the sandbox serves the
   * paths as the Prism mock does, without it. Names the path that would match, when dropping leading segments finds one.
   */
  private basePathHint(request: SandboxRequest): string {
    const segments = request.path.split('/').filter(Boolean);
    for (let drop = 1; drop < segments.length && drop <= 3; drop++) {
      const rest = `/${segments.slice(drop).join('/')}`;
      if (this.model.router.match(request.method, rest))
        return `. The sandbox serves paths without the server URL's base path (/${segments.slice(0, drop).join('/')}): ${request.method} ${rest}`;
    }
    return '';
  }

  private dispatch(request: SandboxRequest): { reply: Reply; operationId?: string; tenant?: string } {
    const match = this.model.router.match(request.method, request.path);
    if (!match) {
      const allowed = this.model.router.methodsFor(request.path);
      if (allowed.length > 0) {
        const reply = this.errorReply(undefined, 405, `Method ${request.method} not allowed on ${request.path}`);
        return { reply: { ...reply, headers: { ...reply.headers, allow: allowed.map((m) => m.toUpperCase()).join(', ') } } };
      }
      return { reply: this.errorReply(undefined, 404, `No route ${request.method} ${request.path}${this.basePathHint(request)}`) };
    }
    const { operation: op, pathParams } = match;
    const tenant = this.tenantOf(op, request);
    if (tenant === undefined && op.security.length > 0 && !op.security.some((alternative) => alternative.length === 0)) {
      const reply = this.errorReply(op, 401, this.unauthorizedMessage(op));
      return { operationId: op.id, reply: { ...reply, headers: { ...this.rateLimitHeaders(this.limiter.peek(this.now())), ...reply.headers } } };
    }
    const prefer = PREFER_CODE.exec(headerValue(request.headers, 'prefer') ?? '')?.[1];
    if (prefer) return { operationId: op.id, tenant, reply: this.documented(op, prefer) };

    const limit = tenant === undefined ? undefined : this.limiter.take(tenant, this.now());
    const limitHeaders = limit ? this.rateLimitHeaders(limit) : {};
    const withLimits = (reply: Reply): Reply => ({ ...reply, headers: { ...limitHeaders, ...reply.headers } });
    if (limit && !limit.allowed) {
      return {
        operationId: op.id,
        tenant,
        reply: withLimits({ ...this.errorReply(op, 429, 'Rate limit exceeded'), headers: { 'retry-after': String(limit.retryAfterSeconds) } }),
      };
    }
    const contentType = headerValue(request.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();
    let body: unknown;
    if (request.rawBody.trim() !== '') {
      const refuse = (message: string) => ({
        operationId: op.id,
        tenant,
        reply: withLimits(this.errorReply(op, 400, message, [{ field: 'body', message }])),
      });
      // Checked on the text: a parser (and everything that walks the value after it) recurses per level.
      if (exceedsDepth(request.rawBody, this.maxJsonDepth)) return refuse(`JSON body nested deeper than ${this.maxJsonDepth} levels`);
      try {
        body = JSON.parse(request.rawBody);
      } catch (error) {
        return refuse(`Malformed JSON body: ${(error as Error).message}`);
      }
      const forbidden = forbiddenKey(body);
      if (forbidden !== undefined) return refuse(`The body field name "${forbidden}" is not allowed`);
    }
    const issues = this.model.validator.request(op, {
      pathParams,
      query: request.query,
      headers: request.headers,
      contentType: body === undefined ? undefined : (contentType ?? 'application/json'),
      body,
    });
    if (issues.length > 0) return { operationId: op.id, tenant, reply: withLimits(this.invalid(op, issues)) };
    if (tenant === undefined) return { operationId: op.id, reply: this.documented(op, successCode(op)) };
    // What the API does not declare is not kept (a real API ignores it): stored records hold documented fields only.
    const ctx = this.context(op, tenant, pathParams, request, declaredOnly(body, requestSchemaOf(op)));
    const behaviour = this.module.operations?.[op.id];
    const reply = this.store.transaction(() => this.missing(ctx) ?? (behaviour ? behaviour(ctx, (options) => ctx.generic(options)) : ctx.generic()));
    return { operationId: op.id, tenant, reply: withLimits(reply) };
  }

  private unauthorizedMessage(op: ApiOperation): string {
    const documented = this.documentedError(op, 401);
    const message = documented === undefined ? undefined : getPath(documented, this.vendor.errorEnvelope.message);
    return typeof message === 'string' ? message : 'Missing credentials';
  }

  /**
   * The tenant is the set of credentials the request authenticates with (one satisfied security
   * alternative), hashed: another key never reaches this tenant's records.
   */
  tenantOf(op: ApiOperation, request: SandboxRequest): string | undefined {
    for (const alternative of op.security) {
      const values = alternative.map((name) => credentialValue(this.model.securitySchemes[name], request));
      if (values.length > 0 && values.every((value) => value !== undefined)) return this.tenantOfCredentials(values as string[]);
    }
    return undefined;
  }

  private rateLimitHeaders(limit: ReturnType<RateLimiter['take']>): Record<string, string> {
    const names = this.model.rateLimits?.headers;
    if (!names || !limit.policy) return {};
    const headers: Record<string, string> = {};
    if (names.limit) headers[names.limit.toLowerCase()] = String(limit.policy.limit);
    if (names.remaining) headers[names.remaining.toLowerCase()] = String(limit.remaining);
    if (names.reset)
      headers[names.reset.toLowerCase()] = String(names.resetFormat === 'seconds' ? limit.retryAfterSeconds : Math.ceil(limit.resetAt / 1000));
    return headers;
  }

  /** The documented answer for `code` (Prefer: code=NNN), as the mock gives it. */
  private documented(op: ApiOperation, code: string): Reply {
    const response = op.responses[code];
    if (!response)
      return this.errorReply(
        op,
        400,
        `Prefer: code=${code} is not a documented response of ${op.id} (documented: ${Object.keys(op.responses).join(', ')})`,
      );
    const body = exampleFor(response);
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const value = exampleOf(header as Parameters<typeof exampleOf>[0]);
      if (value !== undefined) headers[name.toLowerCase()] = String(value);
    }
    return { status: Number(code), body, headers };
  }

  private invalid(op: ApiOperation, issues: ValidationIssue[]): Reply {
    // A vendor that documents 422 uses it for well-formed requests with invalid values; 400 otherwise.
    const status = op.responses['422'] ? 422 : 400;
    const details = issues.map((issue) => ({ field: issue.name, message: issue.message }));
    const message = this.vendor.errorEnvelope.details ? 'Validation error' : describeIssues(issues);
    return this.errorReply(op, status, message, details);
  }

  /** The documented error body for `status` on this operation, or on any operation of the spec. */
  private documentedError(op: ApiOperation | undefined, status: number): unknown {
    const code = String(status);
    const own = op && (op.responses[code] ?? op.responses[`${code[0]}XX`]);
    if (own) return exampleFor(own);
    for (const other of this.model.operations) if (other.responses[code]) return exampleFor(other.responses[code]);
    return undefined;
  }

  /** An error in the vendor's envelope: the documented example with the message (and details) set. */
  errorReply(op: ApiOperation | undefined, status: number, message: string, details?: { field: string; message: string }[]): Reply {
    const envelope = this.vendor.errorEnvelope;
    const documented = this.documentedError(op, status) ?? this.documentedError(op, 400);
    const body: Json = isObject(documented) ? documented : {};
    setPath(body, envelope.message, message);
    if (envelope.code && typeof getPath(body, envelope.code) === 'number') setPath(body, envelope.code, status);
    if (envelope.details) {
      // A documented details list describes the example's problem, not this one: ours, or none.
      if (details) setPath(body, envelope.details, details);
      else if (getPath(body, envelope.details) !== undefined) setPath(body, envelope.details, []);
    }
    return { status, body: JSON.parse(JSON.stringify(body)) };
  }

  private context(op: ApiOperation, tenant: string, pathParams: Record<string, string>, request: SandboxRequest, body: unknown): OperationContext {
    const sandbox = this;
    const records = this.records(tenant);
    const ctx: OperationContext = {
      sandbox,
      op,
      tenant,
      pathParams,
      query: request.query,
      headers: request.headers,
      body,
      records,
      now: () => sandbox.now(),
      example: (code = successCode(op)) => (op.responses[code] ? exampleFor(op.responses[code]) : undefined),
      // A behaviour's own answer is held to the documented shape like a stored record: undeclared fields
      // dropped, missing required ones neutral.
      ok: (answer) => ({ status: Number(successCode(op)), body: answer === undefined ? ctx.example() : shape(answer, successSchemaOf(op)) }),
      error: (status, message, details) => sandbox.errorReply(op, status, message, details),
      notFound: (what) => sandbox.errorReply(op, op.responses['404'] ? 404 : sandbox.notFoundStatus(op), `${what} not found`),
      generic: (options = {}) => sandbox.generic(ctx, options),
    };
    return ctx;
  }

  /** Without a documented 404, a vendor reports an unknown id with its documented 400. */
  private notFoundStatus(op: ApiOperation): number {
    return op.responses['400'] ? 400 : Number(Object.keys(op.responses).find((code) => code.startsWith('4') && code !== '401') ?? 404);
  }

  /** The operation's x-sandbox declaration, if any. */
  declaration(op: ApiOperation): SandboxExtension | undefined {
    return op.extensions['x-sandbox'] as SandboxExtension | undefined;
  }

  /** The documented not-found answer when the declared owner (or, for a custom action, the record) does not exist. */
  private missing(ctx: OperationContext): Reply | undefined {
    const declared = this.declaration(ctx.op);
    if (declared?.parent) {
      const parentId = input(ctx, declared.parent.id);
      if (parentId === undefined || !ctx.records.get(declared.parent.resource, parentId))
        return ctx.notFound(`${singular(declared.parent.resource)} ${parentId ?? ''}`.trim());
    }
    if (declared?.action === 'custom' && declared.id) {
      const id = input(ctx, declared.id);
      if (id === undefined || !ctx.records.get(declared.resource, id)) return ctx.notFound(`${singular(declared.resource)} ${id ?? ''}`.trim());
    }
    return undefined;
  }

  private generic(ctx: OperationContext, options: GenericOptions): Reply {
    const { op } = ctx;
    const declared = this.declaration(op);
    if (!declared || declared.action === 'custom') return ctx.ok();
    // A command whose body fields the vendor does not publish (its documented example is `{}`) may name no
    // record at all: it is acknowledged as documented and changes nothing.
    if (declared.id && input(ctx, declared.id) === undefined && !declaresInput(op, declared.id)) return ctx.ok();
    const idField = declared.idField ?? 'id';
    const recordPath = declared.record ?? '';
    const successSchema = successSchemaOf(op);
    const example = ctx.example();
    const recordSchema = schemaAt(successSchema, recordPath);
    // Fields named `_x` are the sandbox's own bookkeeping (due times, flags): stored, never answered.
    const present = (record: Json) => withoutInternal(options.present ? options.present(record) : record);
    const answer = (value: unknown, fill?: (body: Json) => void): Reply => {
      // Without a declared `record` the vendor answers a write with its fixed acknowledgement.
      if (declared.record === undefined) return ctx.ok();
      // The records are shaped already and the rest is the documented example: no second pass over the body.
      const status = Number(successCode(op));
      if (recordPath === '') return { status, body: value };
      const body = isObject(example) ? example : {};
      setPath(body, recordPath, value);
      fill?.(body);
      return { status, body };
    };
    const parentId = declared.parent ? input(ctx, declared.parent.id) : undefined;
    const exampleRecords = ((value) => (Array.isArray(value) ? value : [value]).filter(isObject))(getPath(example, recordPath));
    // Only a record's own documented example completes it (the seeded records); any other gets neutral values.
    const ownExample = (record: Json) =>
      exampleRecords.find((candidate) => candidate[idField] !== undefined && candidate[idField] === record[idField]);
    const itemSchema = Array.isArray(getPath(example, recordPath)) ? recordSchema?.items : recordSchema;
    const fit = (record: Json) => {
      const visible = present(record);
      return shape(visible, itemSchema, ownExample(visible)) as Json;
    };

    switch (declared.action) {
      case 'list': {
        let all = ctx.records.list(declared.resource, parentId).map(present);
        if (options.filter) all = all.filter(options.filter);
        if (options.sort) all = [...all].sort(options.sort);
        const page = this.page(op, ctx, all.length, example);
        const items = all.slice(page.offset, page.offset + page.limit).map((record) => shape(record, recordSchema?.items, ownExample(record)));
        return answer(items, (body) => page.fill(body));
      }
      case 'read': {
        const id = input(ctx, declared.id);
        const record = id === undefined ? undefined : ctx.records.get(declared.resource, id);
        if (!record) return ctx.notFound(`${singular(declared.resource)} ${id ?? ''}`.trim());
        return answer(fit(record));
      }
      case 'create': {
        // What the client sent, plus what the server generates: the id, timestamps and the declared defaults.
        const fields = isObject(ctx.body) ? ctx.body : {};
        const resource = declared.record === undefined ? this.resources.get(declared.resource) : { schema: itemSchema, example: exampleRecords[0] };
        // Ids look like the documented ones: this answer's example, or any example record of the resource.
        const id = ctx.records.newId(declared.resource, resource?.example?.[idField] ?? this.seeds.get(declared.resource)?.[0]?.record[idField]);
        let record: Json = withDefaults(withDefaults({ [idField]: id, ...fields, ...{ [idField]: id } }, requestSchemaOf(op)), resource?.schema);
        stamp(record, resource?.schema, resource?.example, ctx.now(), 'create');
        record = options.prepare?.(record) ?? record;
        ctx.records.insert(declared.resource, id, record, parentId);
        return answer(fit(record));
      }
      case 'update': {
        const id = input(ctx, declared.id);
        const current = id === undefined ? undefined : ctx.records.get(declared.resource, id);
        if (!current || id === undefined) return ctx.notFound(`${singular(declared.resource)} ${id ?? ''}`.trim());
        const fields = isObject(ctx.body) ? ctx.body : {};
        let record: Json = { ...current, ...fields, [idField]: current[idField] };
        stamp(record, declared.record === undefined ? this.resources.get(declared.resource)?.schema : itemSchema, current, ctx.now(), 'update');
        record = options.prepare?.(record) ?? record;
        ctx.records.update(declared.resource, id, record);
        return answer(fit(record));
      }
      case 'delete': {
        const id = input(ctx, declared.id);
        const current = id === undefined ? undefined : ctx.records.get(declared.resource, id);
        if (!current || id === undefined) return ctx.notFound(`${singular(declared.resource)} ${id ?? ''}`.trim());
        ctx.records.delete(declared.resource, id);
        return answer(fit(current));
      }
    }
  }

  /** page/limit from the query (or body), the documented default page size, and the totals to report. */
  private page(
    op: ApiOperation,
    ctx: OperationContext,
    total: number,
    example: unknown,
  ): { offset: number; limit: number; fill: (body: Json) => void } {
    const pagination = op.pagination;
    if (!pagination) return { offset: 0, limit: Number.MAX_SAFE_INTEGER, fill: () => {} };
    const source = (name: string): unknown =>
      pagination.in === 'body' ? (isObject(ctx.body) ? ctx.body[name] : undefined) : (ctx.query.get(name) ?? undefined);
    const totalParent = pagination.total ?? pagination.totalPages;
    const documentedLimit = totalParent ? getPath(example, `${parentPath(totalParent)}limit`) : undefined;
    const limit =
      positive(source(pagination.limitParam ?? 'limit')) ?? pagination.defaultLimit ?? (typeof documentedLimit === 'number' ? documentedLimit : 20);
    const firstPage = pagination.firstPage ?? 1;
    const requested = Number(source(pagination.pageParam ?? 'page'));
    const page = Number.isInteger(requested) && requested >= firstPage ? requested : firstPage;
    return {
      offset: (page - firstPage) * limit,
      limit,
      fill: (body) => {
        if (pagination.total) setPath(body, pagination.total, total);
        if (pagination.totalPages) setPath(body, pagination.totalPages, Math.ceil(total / limit));
        if (totalParent) {
          // The block holding the total also reports page and limit where the example or schema has them.
          const holderPath = parentPath(totalParent).replace(/\.$/, '');
          const holder = getPath(body, holderPath);
          const declared = schemaAt(successSchemaOf(op), holderPath)?.properties ?? {};
          if (isObject(holder)) {
            if ('page' in holder || 'page' in declared) holder.page = page;
            if ('limit' in holder || 'limit' in declared) holder.limit = limit;
          }
        }
      },
    };
  }

  /** Every tenant starts with the records the spec's examples show, so documented examples still answer. */
  private collectSeeds(): void {
    for (const op of this.model.operations) {
      const declared = this.declaration(op);
      if (!declared || (declared.action !== 'list' && declared.action !== 'read')) continue;
      const value = getPath(exampleFor(op.responses[successCode(op)]), declared.record ?? '');
      const records = (Array.isArray(value) ? value : [value]).filter(isObject);
      if (!this.resources.has(declared.resource)) {
        const schema = schemaAt(successSchemaOf(op), declared.record ?? '');
        this.resources.set(declared.resource, { schema: Array.isArray(value) ? schema?.items : schema, example: records[0] });
      }
      const parent = declared.parent ? exampleParam(op, declared.parent.id) : undefined;
      const list = this.seeds.get(declared.resource) ?? [];
      for (const record of records) list.push({ op, record, parent });
      this.seeds.set(declared.resource, list);
    }
  }

  /** Fills the seed every tenant starts from: the records the spec's examples show, then the module's own. */
  private seed(records: TenantRecords): void {
    for (const [resource, seeds] of this.seeds) {
      for (const { op, record, parent } of seeds) {
        const idField = this.declaration(op)?.idField ?? 'id';
        // Records an example shows without an id (thread messages) get one the vendor never shows.
        const id =
          typeof record[idField] === 'string' || typeof record[idField] === 'number'
            ? (record[idField] as string | number)
            : `${resource}-${records.nextSeq(resource)}`;
        const existing = records.get(resource, id);
        // The same record shown by several operations: keep every field any of them shows.
        if (existing) records.update(resource, id, { ...record, ...existing });
        else records.insert(resource, id, clone(record), parent);
      }
    }
    this.module.seed?.(records, this);
  }
}

export function tenantId(credential: string): string {
  let id = tenantIds.get(credential);
  if (id === undefined) {
    // Bounded: a flood of distinct credentials costs hashing, never memory.
    if (tenantIds.size >= 10_000) tenantIds.clear();
    id = createHash('sha256').update(credential).digest('hex').slice(0, 32);
    tenantIds.set(credential, id);
  }
  return id;
}

const tenantIds = new Map<string, string>();

function credentialValue(scheme: unknown, request: SandboxRequest): string | undefined {
  const placement = scheme ? credentialPlacement(scheme as Parameters<typeof credentialPlacement>[0]) : undefined;
  if (!placement) return undefined;
  const raw =
    placement.in === 'query'
      ? (request.query.get(placement.name) ?? undefined)
      : placement.in === 'header'
        ? headerValue(request.headers, placement.name)
        : undefined;
  if (raw === undefined || raw === '') return undefined;
  // Another scheme (`Basic x`), or the scheme's name without a token, is no credential of this one: 401.
  if (placement.prefix && !raw.toLowerCase().startsWith(placement.prefix.toLowerCase())) return undefined;
  return raw.slice(placement.prefix?.length ?? 0).trim() || undefined;
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const lower = name.toLowerCase();
  // Node hands over lower-case names; other callers may not.
  const key = lower in headers ? lower : Object.keys(headers).find((k) => k.toLowerCase() === lower);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/** A value the request carries at `path.x`, `query.x` or `body.x`. */
export function input(ctx: Pick<OperationContext, 'pathParams' | 'query' | 'body'>, where: string | undefined): string | undefined {
  if (!where) return undefined;
  const [source, ...rest] = where.split('.');
  const name = rest.join('.');
  const value =
    source === 'path' ? ctx.pathParams[name] : source === 'query' ? ctx.query.get(name) : source === 'body' ? getPath(ctx.body, name) : undefined;
  return value === undefined || value === null ? undefined : String(value);
}

function exampleParam(op: ApiOperation, where: string): string | undefined {
  const [source, name] = where.split('.');
  const parameter = op.parameters.find((p) => p.in === source && p.name === name);
  const value = parameter ? exampleOf(parameter) : undefined;
  return value === undefined ? undefined : String(value);
}

const successCodes = new WeakMap<ApiOperation, string>();

export function successCode(op: ApiOperation): string {
  let code = successCodes.get(op);
  if (code === undefined) successCodes.set(op, (code = Object.keys(op.responses).find((c) => c.startsWith('2')) ?? '200'));
  return code;
}

/** Whether the operation documents the input `body.x` (path and query inputs are always parameters). */
function declaresInput(op: ApiOperation, where: string): boolean {
  const [source, ...rest] = where.split('.');
  return source !== 'body' || schemaAt(requestSchemaOf(op), '')?.properties?.[rest.join('.')] !== undefined;
}

function requestSchemaOf(op: ApiOperation): Schema | undefined {
  const content = op.requestBody?.content;
  return (content ? (content['application/json'] ?? Object.values(content)[0])?.schema : undefined) as Schema | undefined;
}

function successSchemaOf(op: ApiOperation): any {
  const content = op.responses[successCode(op)]?.content;
  return content ? Object.values(content)[0]?.schema : undefined;
}

const examples = new WeakMap<object, string | undefined>();

/** A fresh copy of a response's JSON example (rendered once per response, copied per use). */
function exampleFor(response: ApiOperation['responses'][string] | undefined): any {
  if (!response) return undefined;
  if (!examples.has(response)) {
    const content = response.content;
    const media = content ? (content['application/json'] ?? Object.values(content)[0]) : undefined;
    const example = media ? exampleOf(media) : undefined;
    examples.set(response, example === undefined ? undefined : JSON.stringify(example));
  }
  const text = examples.get(response);
  return text === undefined ? undefined : JSON.parse(text);
}

/** The record without the sandbox's `_x` fields (the record itself when it has none: the common case). */
export function withoutInternal(record: Json): Json {
  for (const key in record) {
    if (key.startsWith('_')) {
      const visible: Json = {};
      for (const name in record) if (!name.startsWith('_')) visible[name] = record[name];
      return visible;
    }
  }
  return record;
}

function parentPath(path: string): string {
  const index = path.lastIndexOf('.');
  return index < 0 ? '' : path.slice(0, index + 1);
}

function positive(value: unknown): number | undefined {
  const number = Number(value);
  return value !== undefined && value !== null && value !== '' && Number.isInteger(number) && number > 0 ? number : undefined;
}

function singular(resource: string): string {
  const word = resource.replace(/ies$/, 'y').replace(/s$/, '');
  return word.charAt(0).toUpperCase() + word.slice(1);
}
