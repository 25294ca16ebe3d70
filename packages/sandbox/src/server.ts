import { buildApiModel } from '@echo-openapi/api-model';
import { loadSpec, vendors as allVendors } from '@echo-openapi/specs';
import { mkdirSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { type AccessPolicy, adminOnly, adminTokenProblem, callerOf, newAdminToken } from './control/access.js';
import { advanceProblem, repairStoredClock } from './control/clock.js';
import { CONTROL_PREFIX, type GuardOptions, guardRequest, hostName, isLoopbackName } from './control/guard.js';
import { portInUseMessage } from './control/port.js';
import { type DataDirLock, lockDataDir } from './data-lock.js';
import { type ControlRouter, type Reply, VendorSandbox, type VendorFacts } from './engine.js';
import { Store } from './store.js';
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
}

export interface RunningSandbox {
  vendor: VendorFacts;
  url: string;
  port: number;
  sandbox: VendorSandbox;
  app: FastifyInstance;
  /** The control API's admin token: send it as `X-Sandbox-Admin-Token` for calls beyond one tenant. */
  adminToken: string;
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
export function createServer(sandbox: VendorSandbox, options: ServerOptions = {}): FastifyInstance {
  const access: AccessPolicy = { adminToken: options.adminToken ?? newAdminToken(), adminOnly: options.adminOnly ?? false };
  setOutboundPolicy(sandbox, { allowedHosts: options.allowWebhookHosts ?? [] });
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
          try {
            body = raw.trim() ? JSON.parse(raw) : {};
          } catch {
            return send(reply, { status: 400, body: { error: 'Malformed JSON body' } });
          }
          if (typeof body !== 'object' || body === null || Array.isArray(body))
            return send(reply, { status: 400, body: { error: 'The body must be a JSON object' } });
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
    return {
      vendor: running.vendor,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
      port: bound,
      sandbox: running,
      app,
      adminToken,
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
