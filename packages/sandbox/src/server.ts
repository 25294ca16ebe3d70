import { createServer as createHttpServer, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { buildApiModel } from '@echo-openapi/api-model';
import { loadSpec, vendors as allVendors } from '@echo-openapi/specs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type ControlRouter, type Reply, VendorSandbox, type VendorFacts } from './engine.js';
import { STORE_FULL_MESSAGE, Store, StoreFullError } from './store.js';
import { vendorModules } from './vendors/index.js';

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
export function createServer(sandbox: VendorSandbox, options: Partial<SandboxLimits> = {}): FastifyInstance {
  const limits = { ...DEFAULT_LIMITS, ...options };
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

  const control: ControlRouter = {
    route(method, path, handler) {
      app.route({
        method,
        url: path,
        handler: async (request, reply) => {
          let body: unknown;
          const raw = typeof request.body === 'string' ? request.body : '';
          try {
            body = raw.trim() ? JSON.parse(raw) : {};
          } catch {
            return send(reply, { status: 400, body: { error: 'Malformed JSON body' } });
          }
          return send(reply, await handler({ body, query: new URLSearchParams(request.url.split('?')[1] ?? '') }));
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

/** /__sandbox/reset, /__sandbox/clock and /__sandbox/requests (described in control.openapi.yaml). */
function registerControlRoutes(control: ControlRouter, sandbox: VendorSandbox): void {
  const time = () => ({ now: new Date(sandbox.now()).toISOString() });
  control.route('POST', '/__sandbox/reset', ({ body }) => {
    const tenant = (body as { tenant?: unknown }).tenant;
    if (tenant !== undefined && (typeof tenant !== 'string' || tenant === ''))
      return { status: 400, body: { error: '"tenant" must be the credential, as a non-empty string' } };
    sandbox.reset(tenant as string | undefined);
    return { status: 200, body: { reset: tenant === undefined ? 'all' : 'tenant' } };
  });
  control.route('GET', '/__sandbox/clock', () => ({ status: 200, body: time() }));
  control.route('POST', '/__sandbox/clock', ({ body }) => {
    const seconds = (body as { advanceSeconds?: unknown }).advanceSeconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
      return { status: 400, body: { error: '"advanceSeconds" must be a number >= 0 (the clock only moves forward)' } };
    sandbox.advanceClock(seconds);
    return { status: 200, body: time() };
  });
  control.route('GET', '/__sandbox/requests', ({ query }) => {
    const limit = Math.min(Math.max(Number(query.get('limit') ?? 100) || 100, 1), 500);
    return { status: 200, body: { requests: sandbox.log.slice(0, limit) } };
  });
}

/** Starts one vendor's sandbox server. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const sandbox = createVendorSandbox(options);
  const app = createServer(sandbox, options.limits);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? sandbox.vendor.sandboxPort, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? sandbox.vendor.sandboxPort);
  const ticker =
    options.ticker === false || !sandbox.module.tick ? undefined : setInterval(() => sandbox.module.tick?.(sandbox, sandbox.now()), 1000);
  ticker?.unref();
  return {
    vendor: sandbox.vendor,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    sandbox,
    app,
    async close() {
      if (ticker) clearInterval(ticker);
      await app.close();
      sandbox.store.close();
    },
  };
}
