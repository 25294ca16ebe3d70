import { createServer as createHttpServer, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { buildApiModel } from '@echo-openapi/api-model';
import { loadSpec, vendors as allVendors } from '@echo-openapi/specs';
import { createSandboxControlClient, type SandboxControlClient, type SandboxControlClientOptions } from './generated/client.js';
import { mkdirSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type AccessPolicy, adminOnly, adminTokenProblem, callerOf, newAdminToken } from './control/access.js';
import { advanceProblem, repairStoredClock } from './control/clock.js';
import { CONTROL_PREFIX, type GuardOptions, guardRequest, hostName, isLoopbackName } from './control/guard.js';
import { portInUseMessage } from './control/port.js';
import { type DataDirLock, lockDataDir } from './data-lock.js';
import { type ControlRouter, type Reply, VendorSandbox, type VendorFacts } from './engine.js';
import { exceedsDepth, forbiddenKey } from './records.js';
import { STORE_FULL_MESSAGE, Store, StoreFullError } from './store.js';
import { vendorModules } from './vendors/index.js';
import { settledDeliveries } from './webhooks/delivery.js';
import { setOutboundPolicy } from './webhooks/url-policy.js';

export interface SandboxOptions {
  /** Vendor id (`echowin`, ...). */
  vendor: string;
  /** Port to listen on; default: the vendor's sandboxPort. 0 picks a free one. */
  port?: number;
  host?: string;
  /** Persist to `<dataDir>/<vendor>.sqlite` (WAL); in memory when omitted. */
  dataDir?: string;
  /** Enforce the documented rate limits (default true; the benchmark turns them off to measure serving). */
  rateLimits?: boolean;
  /** Run background work every second of real time (default true; tests that drive the clock can turn it off). */
  ticker?: boolean;
  /** Resource bounds (defaults: DEFAULT_LIMITS, documented in the README's "Limits"). */
  limits?: Partial<SandboxLimits>;
  /** The control API's admin token (`X-Sandbox-Admin-Token`); a random one per start when omitted. */
  adminToken?: string;
  /** Host names accepted besides loopback names and IP addresses (`.example.test` also allows its subdomains). */
  allowedHosts?: string[];
  /** Required to listen on a non-loopback `host`; every control call then needs the admin token. */
  expose?: boolean;
  /** Webhook destinations besides loopback: host names or IP addresses, `*` for any (see webhooks/url-policy.ts). */
  allowWebhookHosts?: string[];
}

/** What createServer needs beyond the sandbox: the guard's and the control API's policy. */
export interface ServerOptions extends GuardOptions {
  adminToken?: string;
  /** Every control call needs the admin token (an exposed server). */
  adminOnly?: boolean;
  allowWebhookHosts?: string[];
  /** Resource bounds (defaults: DEFAULT_LIMITS). */
  limits?: Partial<SandboxLimits>;
}

/** What one sandbox server holds at most, and for how long it waits for a client. */
export interface SandboxLimits {
  /** A request's headers (URL included) must arrive within this many ms of the connection's first byte. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this many ms (at least headersTimeoutMs). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this many ms. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic at all (not even the start of a request) is closed after this many ms. */
  idleTimeoutMs: number;
  /** Open connections at once; those beyond are closed at once, unanswered. */
  maxConnections: number;
  /** Request line and headers together, in bytes (beyond: 431). */
  maxHeaderBytes: number;
  /** Request body, in bytes (beyond: 413). */
  maxBodyBytes: number;
  /** Nesting of a JSON body's arrays and objects (beyond: 400). */
  maxJsonDepth: number;
  /** Tenants stored at once (beyond: a new tenant's first write answers 507). */
  maxTenants: number;
  /** Size of an in-memory store in bytes (beyond: writes answer 507); a --data-dir store is bounded by maxTenants. */
  maxMemoryBytes: number;
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  maxConnections: 256,
  maxHeaderBytes: 16_384,
  maxBodyBytes: 1_048_576,
  maxJsonDepth: 64,
  maxTenants: 1_000,
  maxMemoryBytes: 268_435_456,
};

export interface RunningSandbox {
  vendor: VendorFacts;
  url: string;
  port: number;
  sandbox: VendorSandbox;
  app: FastifyInstance;
  /** The control API's admin token: send it as `X-Sandbox-Admin-Token` for calls beyond one tenant. */
  adminToken: string;
  /**
   * The control API as the admin, typed from control.openapi.yaml and bound to this sandbox:
   * `control.resetSandbox({ body: { tenant } })`, `control.advanceClock({ body: { advanceSeconds: 60 } })`,
   * `control.listRequests()`, `control.sendEvent({ body })`, `control.listDeliveries()`.
   */
  control: SandboxControlClient;
  /**
   * The control API as one tenant (acts on that tenant only, as a test of a multi-tenant app would):
   * its credentials under the control API's scheme names (`{ echowinApiKey }`, `{ bearerKey }`,
   * `{ bearerKey, echocueSecret }`, `{ userechoAccessToken }`), plus any client option.
   */
  controlFor(tenant: Omit<SandboxControlClientOptions, 'baseUrl' | 'adminToken'>): SandboxControlClient;
  close(): Promise<void>;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

/** The vendor facts and module for `id`; an unknown id is an error naming the known ones. */
export function vendorFacts(id: string): VendorFacts {
  const vendor = allVendors.find((v) => v.id === id);
  if (!vendor) throw new Error(`Unknown vendor "${id}". Known vendors: ${allVendors.map((v) => v.id).join(', ')}`);
  return vendor;
}

/** The sandbox of one vendor, without a server (for embedding and tests). */
export function createVendorSandbox(options: {
  vendor: string;
  dataDir?: string;
  rateLimits?: boolean;
  limits?: Partial<Pick<SandboxLimits, 'maxJsonDepth' | 'maxTenants' | 'maxMemoryBytes'>>;
}): VendorSandbox {
  const vendor = vendorFacts(options.vendor);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const model = buildApiModel(loadSpec(vendor.id, { dereferenced: true }) as unknown as Parameters<typeof buildApiModel>[0]);
  const store = new Store({ dataDir: options.dataDir, name: vendor.id });
  if (!options.dataDir) store.limitSize(limits.maxMemoryBytes);
  return new VendorSandbox(vendor, model, store, vendorModules[vendor.id], {
    rateLimits: options.rateLimits ?? true,
    maxJsonDepth: limits.maxJsonDepth,
    maxTenants: limits.maxTenants,
  });
}

/**
 * Fastify: the fastest mainstream Node HTTP layer (no Request/Response translation per call, unlike Hono on
 * @hono/node-server), with `inject()` for socket-free tests. Its own routing, body parsing and validation
 * are bypassed: one catch-all route hands the raw body to the engine, which routes and validates with the
 * API model, so a malformed body is answered in the vendor's envelope rather than Fastify's. So are the
 * errors raised before routing: HTTP parser errors and timeouts (`clientErrorHandler`), a bad URL escape
 * (`frameworkErrors`), a body over the limit or not UTF-8 (the error handler).
 */
export function createServer(sandbox: VendorSandbox, options: ServerOptions = {}): FastifyInstance {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const access: AccessPolicy = { adminToken: options.adminToken ?? newAdminToken(), adminOnly: options.adminOnly ?? false };
  setOutboundPolicy(sandbox, { allowedHosts: options.allowWebhookHosts ?? [] });
  const app = Fastify({
    logger: false,
    bodyLimit: limits.maxBodyBytes,
    // node's own server with every timeout set (Fastify's options cover neither headersTimeout nor how often
    // node checks them: every 30 s by default, far too coarse for a short bound).
    serverFactory: (handler) => {
      const server = createHttpServer(
        {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          maxHeaderSize: limits.maxHeaderBytes,
          connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
        },
        handler,
      );
      server.setTimeout(limits.idleTimeoutMs);
      server.maxConnections = limits.maxConnections;
      return server;
    },
    clientErrorHandler: (error, socket) => answerClientError(sandbox, limits, error as Error & { code?: string; reason?: string }, socket),
    // The URL is not echoed back: its query may carry a credential (UserEcho's access_token).
    frameworkErrors: (error, _request, reply) =>
      send(reply, sandbox.errorReply(undefined, 400, error.code === 'FST_ERR_BAD_URL' ? MALFORMED_URL : 'The request could not be routed')),
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, utf8.decode(body as Buffer));
    } catch {
      // Never stored as U+FFFD: the client learns at once that its encoding is wrong.
      done(Object.assign(new Error('Request body is not valid UTF-8'), { statusCode: 400 }));
    }
  });

  const send = (reply: FastifyReply, answer: Reply) => {
    reply.code(answer.status).headers(answer.headers ?? {});
    if (answer.body === undefined) return reply.send();
    if (answer.mediaType) return reply.header('content-type', answer.mediaType).send(Buffer.from(String(answer.body)));
    // A Buffer, so Fastify leaves the media type exactly as the specs document it (no `; charset=utf-8`).
    return reply.header('content-type', 'application/json').send(Buffer.from(JSON.stringify(answer.body)));
  };
  // Before routing and body parsing: a refused request costs no work (guard.ts says what and why).
  app.addHook('onRequest', (request, reply, done) => {
    const refusal = guardRequest({ method: request.method, url: request.url, headers: request.raw.headers }, options);
    if (!refusal) return done();
    send(
      reply,
      request.url.startsWith(CONTROL_PREFIX)
        ? { status: refusal.status, body: { error: refusal.message } }
        : sandbox.errorReply(undefined, refusal.status, refusal.message),
    );
  });
  const control: ControlRouter = {
    route(method, path, handler) {
      app.route({
        method,
        url: path,
        handler: async (request, reply) => {
          const query = new URLSearchParams(request.url.split('?')[1] ?? '');
          const caller = callerOf(sandbox, { headers: request.headers, query }, access);
          if ('status' in caller) return send(reply, caller);
          let body: unknown;
          const raw = typeof request.body === 'string' ? request.body : '';
          // The same bounds as the vendor routes: depth before parsing, prototype keys after.
          if (exceedsDepth(raw, limits.maxJsonDepth))
            return send(reply, { status: 400, body: { error: `JSON body nested deeper than ${limits.maxJsonDepth} levels` } });
          try {
            body = raw.trim() ? JSON.parse(raw) : {};
          } catch {
            return send(reply, { status: 400, body: { error: 'Malformed JSON body' } });
          }
          if (typeof body !== 'object' || body === null || Array.isArray(body))
            return send(reply, { status: 400, body: { error: 'The body must be a JSON object' } });
          const forbidden = forbiddenKey(body);
          if (forbidden !== undefined) return send(reply, { status: 400, body: { error: `The body field name "${forbidden}" is not allowed` } });
          return send(reply, await handler({ body, query, caller }));
        },
      });
    },
  };
  registerControlRoutes(control, sandbox);
  sandbox.module.routes?.(control, sandbox);

  app.route({
    method: [...METHODS],
    url: '*',
    handler: (request, reply) => {
      const [path = '/', search = ''] = request.url.split(/\?(.*)/s, 2);
      const decoded = strictlyDecoded(path, search);
      if (typeof decoded !== 'string') return send(reply, sandbox.errorReply(undefined, 400, decoded.error));
      const answer = sandbox.handle({
        method: request.method,
        path: decoded,
        query: new URLSearchParams(search),
        headers: request.headers,
        rawBody: typeof request.body === 'string' ? request.body : '',
      });
      return send(reply, answer);
    },
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, sandbox.errorReply(undefined, 404, `No route ${request.method} ${request.url.split('?')[0]}`)),
  );
  // Transport errors (a body over the limit, a bad URL) in the vendor's envelope too, never Fastify's.
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    // A control route's write over a cap (a delivery stored for a new tenant) is the engine's 507, too.
    const full = error instanceof StoreFullError || error.code === 'SQLITE_FULL';
    const status = full ? 507 : typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const message =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `Request body too large: at most ${limits.maxBodyBytes} bytes`
        : error instanceof StoreFullError
          ? error.message
          : error.code === 'SQLITE_FULL'
            ? STORE_FULL_MESSAGE
            : status === 500
              ? 'Internal sandbox error'
              : error.message;
    send(reply, sandbox.errorReply(undefined, status, message));
  });
  return app;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const MALFORMED_URL = 'Malformed URL: a % escape that is not valid UTF-8';

/** The path decoded, after checking that every % escape of path and query is well formed UTF-8. */
function strictlyDecoded(path: string, search: string): string | { error: string } {
  try {
    decodeURIComponent(search.replace(/\+/g, ' '));
    return decodeURI(path);
  } catch {
    return { error: MALFORMED_URL };
  }
}

/**
 * What the HTTP parser refuses before any route runs (node's `clientError`), answered in the vendor's
 * envelope on the raw socket, which is then closed: the parser cannot go on after an error.
 */
function answerClientError(sandbox: VendorSandbox, limits: SandboxLimits, error: Error & { code?: string; reason?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // An answer already under way on this socket (node's own check) cannot be followed by another.
  const inProgress = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (!socket.writable || inProgress) return void socket.destroy();
  const [status, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, `Request timeout: headers must arrive within ${limits.headersTimeoutMs} ms and the whole request within ${limits.requestTimeoutMs} ms`]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, `Request line and headers too large: at most ${limits.maxHeaderBytes} bytes`]
        : [400, `Malformed HTTP request: ${error.reason ?? error.code ?? 'unreadable'}`];
  const body = JSON.stringify(sandbox.errorReply(undefined, status, message).body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

/**
 * /__sandbox/reset, /__sandbox/clock and /__sandbox/requests (described in control.openapi.yaml). A tenant
 * resets and reads its own data; resetting everything, naming another tenant and moving the clock (one per
 * server) are the admin's.
 */
function registerControlRoutes(control: ControlRouter, sandbox: VendorSandbox): void {
  const time = () => ({ now: new Date(sandbox.now()).toISOString() });
  control.route('POST', '/__sandbox/reset', ({ body, caller }) => {
    const tenant = (body as { tenant?: unknown }).tenant;
    if (tenant !== undefined && (typeof tenant !== 'string' || tenant === ''))
      return { status: 400, body: { error: '"tenant" must be the credential, as a non-empty string' } };
    if (caller.role === 'tenant') {
      if (tenant !== undefined) return adminOnly(caller, 'Naming a tenant')!;
      // The engine's reset takes a credential; the caller is known by its tenant id already.
      sandbox.store.reset(caller.tenant);
      sandbox.limiter.reset(caller.tenant);
      return { status: 200, body: { reset: 'tenant' } };
    }
    sandbox.reset(tenant as string | undefined);
    return { status: 200, body: { reset: tenant === undefined ? 'all' : 'tenant' } };
  });
  control.route('GET', '/__sandbox/clock', () => ({ status: 200, body: time() }));
  control.route('POST', '/__sandbox/clock', async ({ body, caller }) => {
    const refused = adminOnly(caller, 'Moving the clock (one per server: every tenant follows it)');
    if (refused) return refused;
    const seconds = (body as { advanceSeconds?: unknown }).advanceSeconds;
    const problem = advanceProblem(sandbox, seconds);
    if (problem) return { status: 400, body: { error: problem } };
    sandbox.advanceClock(seconds as number);
    // The answer follows the work the move made due (webhook attempts: each bounded by its timeout).
    await settledDeliveries(sandbox);
    return { status: 200, body: time() };
  });
  control.route('GET', '/__sandbox/requests', ({ query, caller }) => {
    const limit = Math.min(Math.max(Number(query.get('limit') ?? 100) || 100, 1), 500);
    // The log names tenants by the first 12 characters of their id.
    const own = caller.role === 'tenant' ? caller.tenant.slice(0, 12) : undefined;
    const entries = own === undefined ? sandbox.log : sandbox.log.filter((entry) => entry.tenant === own);
    return { status: 200, body: { requests: entries.slice(0, limit) } };
  });
}

/** Starts one vendor's sandbox server. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const name = hostName(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  if (!options.expose && (name === undefined || !isLoopbackName(name)))
    throw new Error(
      `Refusing to listen on ${host}: it is not a loopback address, so anyone on the network could reach the sandbox. Pass expose: true (--expose) to mean it`,
    );
  const adminToken = options.adminToken ?? newAdminToken();
  const tokenProblem = adminTokenProblem(adminToken);
  if (tokenProblem) throw new Error(tokenProblem);
  const vendor = vendorFacts(options.vendor);
  const lock: DataDirLock | undefined = options.dataDir
    ? (mkdirSync(options.dataDir, { recursive: true }), lockDataDir(options.dataDir, vendor.id))
    : undefined;
  let sandbox: VendorSandbox | undefined;
  try {
    sandbox = createVendorSandbox(options);
    const repaired = repairStoredClock(sandbox);
    if (repaired) console.error(repaired);
    const app = createServer(sandbox, {
      adminToken,
      adminOnly: options.expose === true,
      allowedHosts: options.allowedHosts,
      allowWebhookHosts: options.allowWebhookHosts,
      limits: options.limits,
    });
    const port = options.port ?? sandbox.vendor.sandboxPort;
    try {
      await app.listen({ port, host });
    } catch (error) {
      await app.close();
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(await portInUseMessage(sandbox.vendor.title, host, port));
      throw error;
    }
    const address = app.server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    const running = sandbox;
    const ticker =
      options.ticker === false || !running.module.tick ? undefined : setInterval(() => running.module.tick?.(running, running.now()), 1000);
    ticker?.unref();
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
    return {
      vendor: running.vendor,
      url,
      port: bound,
      sandbox: running,
      app,
      adminToken,
      control: createSandboxControlClient({ baseUrl: url, adminToken }),
      controlFor: (tenant) => createSandboxControlClient({ ...tenant, baseUrl: url }),
      async close() {
        if (ticker) clearInterval(ticker);
        await app.close();
        running.store.close();
        lock?.release();
      },
    };
  } catch (error) {
    if (sandbox?.store.db.open) sandbox.store.close();
    lock?.release();
    throw error;
  }
}
