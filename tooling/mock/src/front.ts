import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeIssues, exampleOf, type ValidationIssue } from '@echo-openapi/api-model';
import type { VendorModel } from '@echo-openapi/tooling-core';

/**
 * A thin HTTP front before Prism (mock and proxy), for what Prism 5.14 gets wrong:
 *
 * - A malformed JSON body is never answered. prism-http-server's handler catches the parse error of micri's
 *   `json()` and then waits for the request's `end` or `close` event before answering; `json()` has
 *   already read the whole body, so `end` has fired and will not fire again, and `close` comes only when
 *   the client gives up. The front answers 400 at once, in the vendor's error envelope.
 * - The 422 of Prism's validating proxy lacks the `sl-violations` header its mock sends: the front copies
 *   the body's `validation` list into it.
 * - The mock answers a request that breaks the spec with the documented 400/422 example, whose message and
 *   `details` describe the example's problem (echowin's `email`), not this request's (only `sl-violations`
 *   names the field): the front writes this request's problems into the vendor's envelope, in the words the
 *   sandbox uses.
 *
 * Everything else passes through unchanged.
 */
export interface RunningFront {
  url: string;
  port: number;
  /** Where requests go (Prism's URL); until it is set they get a 503. */
  retarget(upstream: string): void;
  close(): Promise<void>;
}

/** Prism reads bodies up to this size too. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class PortBusyError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is busy`);
  }
}

/** Listens on 127.0.0.1:`port` (0: a free one); forwards to the upstream given to `retarget`. */
export function startFront(model: VendorModel, port: number): Promise<RunningFront> {
  let target: URL | undefined;
  const server = createServer((request, response) => {
    if (!target) return reply(response, 503, errorBody(model, request, 'The mock is starting.', 503));
    void handle(model, target, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        reply(response, 502, errorBody(model, request, `The mock could not answer: ${error instanceof Error ? error.message : String(error)}`));
      else response.destroy();
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortBusyError(port) : error));
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      resolvePromise({
        url: `http://127.0.0.1:${actual}`,
        port: actual,
        retarget: (upstream) => {
          target = new URL(upstream);
        },
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function handle(model: VendorModel, target: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  if (body === undefined) return reply(response, 413, errorBody(model, request, `Request body larger than ${MAX_BODY_BYTES} bytes.`));
  const parseError = body.length > 0 && isJson(request.headers) ? jsonError(body) : undefined;
  if (parseError) {
    const message = `Malformed JSON body: ${parseError}`;
    return reply(response, 400, errorBody(model, request, message, 400, [{ field: 'body', message }]));
  }

  const upstream = await new Promise<IncomingMessage>((resolvePromise, reject) => {
    const outgoing = forward(
      { hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers: { ...request.headers, host: target.host } },
      resolvePromise,
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
  const headers = { ...upstream.headers };
  if (upstream.statusCode === 422 && /problem\+json/.test(String(headers['content-type'])) && !headers['sl-violations']) {
    const text = (await readBody(upstream))?.toString('utf8') ?? '';
    const validation = (safeParse(text) as { validation?: unknown } | undefined)?.validation;
    if (Array.isArray(validation)) headers['sl-violations'] = JSON.stringify(validation);
    delete headers['transfer-encoding'];
    headers['content-length'] = String(Buffer.byteLength(text));
    response.writeHead(422, headers);
    response.end(text);
    return;
  }
  const status = upstream.statusCode ?? 502;
  const violations = requestViolations(headers['sl-violations']);
  if ((status === 400 || status === 422) && violations.length > 0 && /json/.test(String(headers['content-type']))) {
    await readBody(upstream); // the example's error: replaced by this request's
    const issues = requestIssues(model, request, body, violations);
    const message = model.vendor.errorEnvelope.details ? 'Validation error' : describeIssues(issues);
    const details = issues.map((issue) => ({ field: issue.name, message: issue.message }));
    const text = JSON.stringify(errorBody(model, request, message, status, details));
    delete headers['transfer-encoding'];
    headers['content-length'] = String(Buffer.byteLength(text));
    response.writeHead(status, headers);
    response.end(text);
    return;
  }
  response.writeHead(status, headers);
  upstream.pipe(response);
}

interface Violation {
  location: string[];
  code?: string | number;
  message: string;
}

/** The request-side violations of an `sl-violations` header (Prism's mock found the request breaks the spec). */
function requestViolations(header: string | string[] | undefined): Violation[] {
  const parsed = typeof header === 'string' ? safeParse(header) : undefined;
  return Array.isArray(parsed) ? (parsed as Violation[]).filter((v) => Array.isArray(v?.location) && v.location[0] === 'request') : [];
}

/**
 * This request's problems as `{field, message}`: our validator's reading (the sandbox's words: each field once,
 * anyOf branches folded), or, where it sees nothing Prism did, Prism's violations by their location.
 */
function requestIssues(model: VendorModel, request: IncomingMessage, raw: Buffer, violations: Violation[]): ValidationIssue[] {
  const url = new URL(request.url ?? '/', 'http://front');
  const match = model.router.match(request.method ?? 'GET', url.pathname);
  if (match) {
    const issues = model.validator
      .request(match.operation, {
        pathParams: match.pathParams,
        query: url.searchParams,
        headers: request.headers,
        contentType: request.headers['content-type'],
        body: raw.length > 0 ? safeParse(raw.toString('utf8')) : undefined,
      })
      .filter((issue) => issue.in !== 'security');
    if (issues.length > 0) return issues;
  }
  return violations.map(({ location, code, message }): ValidationIssue => {
    const missing = code === 'required' ? /required property '([^']+)'/.exec(message)?.[1] : undefined;
    const where = (['path', 'query', 'header', 'body'] as const).find((w) => w === location[1]) ?? 'body';
    return { in: where, name: [...location.slice(2), ...(missing ? [missing] : [])].join('/'), message: missing ? 'is required' : message };
  });
}

function readBody(stream: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    stream.on('end', () => resolvePromise(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const isJson = (headers: IncomingHttpHeaders) => /^application\/([\w.-]+\+)?json\b/i.test(headers['content-type'] ?? '');

function jsonError(body: Buffer): string | undefined {
  try {
    JSON.parse(body.toString('utf8'));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * The vendor's error envelope with `message` (and `details`, where the envelope has them): the operation's
 * documented 400 (else any documented 4xx) example with the message put where specs/vendors.yaml's
 * `errorEnvelope` says it goes; the bare envelope when the request matches no operation.
 */
export function errorBody(
  model: VendorModel,
  request: Pick<IncomingMessage, 'method' | 'url'>,
  message: string,
  status = 400,
  details: { field: string; message: string }[] = [],
): unknown {
  const { message: messagePath, code: codePath, details: detailsPath } = model.vendor.errorEnvelope;
  const path = new URL(request.url ?? '/', 'http://front').pathname;
  const operation = model.router.match(request.method ?? 'GET', path)?.operation;
  const codes = Object.keys(operation?.responses ?? {});
  const documented = [String(status), '4XX', ...codes.filter((c) => /^4/.test(c))].find((c) => codes.includes(c));
  const media = documented ? Object.entries(operation!.responses[documented]!.content ?? {}).find(([type]) => /json/.test(type))?.[1] : undefined;
  const example = media ? exampleOf(media) : undefined;
  const body: Record<string, unknown> =
    example && typeof example === 'object' && !Array.isArray(example) ? structuredClone(example as Record<string, unknown>) : {};
  setPath(body, messagePath, message);
  // A documented details list describes the example's problem, not this one: ours, or none.
  if (detailsPath) setPath(body, detailsPath, details);
  if (codePath) {
    // A numeric code is the HTTP status in these envelopes; a symbolic one (a string) stays as documented.
    const current = getPath(body, codePath);
    if (current === undefined || typeof current === 'number') setPath(body, codePath, status);
  }
  return body;
}

function getPath(target: Record<string, unknown>, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), target);
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
