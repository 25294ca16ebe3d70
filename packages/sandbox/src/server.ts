import { buildApiModel } from '@echo-openapi/api-model';
import { loadSpec, vendors as allVendors } from '@echo-openapi/specs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type ControlRouter, type Reply, VendorSandbox, type VendorFacts } from './engine.js';
import { Store } from './store.js';
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
}

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
export function createVendorSandbox(options: { vendor: string; dataDir?: string; rateLimits?: boolean }): VendorSandbox {
  const vendor = vendorFacts(options.vendor);
  const model = buildApiModel(loadSpec(vendor.id, { dereferenced: true }) as unknown as Parameters<typeof buildApiModel>[0]);
  const store = new Store({ dataDir: options.dataDir, name: vendor.id });
  return new VendorSandbox(vendor, model, store, vendorModules[vendor.id], { rateLimits: options.rateLimits ?? true });
}

/**
 * Fastify: the fastest mainstream Node HTTP layer (no Request/Response translation per call, unlike Hono on
 * @hono/node-server), with `inject()` for socket-free tests. Its own routing, body parsing and validation
 * are bypassed: one catch-all route hands the raw body to the engine, which routes and validates with the
 * API model, so a malformed body is answered in the vendor's envelope rather than Fastify's.
 */
export function createServer(sandbox: VendorSandbox): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

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
      const answer = sandbox.handle({
        method: request.method,
        path: decodeURI(path),
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
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    send(reply, sandbox.errorReply(undefined, status, status === 500 ? 'Internal sandbox error' : error.message));
  });
  return app;
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
  const app = createServer(sandbox);
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
