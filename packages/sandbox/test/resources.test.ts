import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/index.js';

/**
 * Slow and idle clients cannot hold the sandbox: every wait is bounded, and so is the number of connections.
 * Short bounds here (the defaults are seconds); each test waits for the socket's 'close', never for a timer,
 * and only checks that the close came within the bound plus a margin for a loaded machine.
 */
const MARGIN_MS = 10_000;
const running: RunningSandbox[] = [];
afterAll(() => Promise.all(running.map((server) => server.close())));

async function server(limits: Parameters<typeof startSandbox>[0]['limits']): Promise<RunningSandbox> {
  const started = await startSandbox({ vendor: 'echowin', port: 0, ticker: false, limits });
  running.push(started);
  return started;
}

/** A client socket, connected. */
function open(target: RunningSandbox): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(target.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the socket, and how long that took. */
function untilClosed(socket: Socket): Promise<{ text: string; ms: number }> {
  const started = performance.now();
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  socket.on('error', () => {});
  return new Promise((resolve) => socket.once('close', () => resolve({ text: Buffer.concat(chunks).toString(), ms: performance.now() - started })));
}

const timeouts = await server({ headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 300, idleTimeoutMs: 900 });
// Long timeouts: here the slow clients stay until the test lets them go.
const capped = await server({ maxConnections: 3, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000, idleTimeoutMs: 60_000 });

describe('timeouts', () => {
  const target = timeouts;

  it('closes a client that sends part of a body and stops, with a 408 in the envelope', async () => {
    const socket = await open(target);
    const closed = untilClosed(socket);
    socket.write(
      'POST /contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: key-slow\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"first',
    );
    const { text, ms } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    const body = JSON.parse(text.split('\r\n\r\n')[1]!);
    expect(body).toEqual(target.sandbox.errorReply(undefined, 408, body.error).body);
    expect(body.error).toMatch(/within 600 ms/);
    expect(ms).toBeLessThan(600 + MARGIN_MS);
  });

  it('closes a client that sends part of its headers and stops', async () => {
    const socket = await open(target);
    const closed = untilClosed(socket);
    socket.write('GET /contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API');
    const { text, ms } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(300 + MARGIN_MS);
  });

  it('closes a connection that never sends a byte', async () => {
    const { ms } = await untilClosed(await open(target));
    expect(ms).toBeLessThan(900 + MARGIN_MS);
  });

  it('closes an idle keep-alive connection after its answer', async () => {
    const socket = await open(target);
    const closed = untilClosed(socket);
    socket.write('GET /contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: key-alive\r\n\r\n');
    const { text, ms } = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text.toLowerCase()).toContain('keep-alive: timeout=0');
    expect(ms).toBeLessThan(300 + MARGIN_MS);
  });
});

describe('connection cap', () => {
  const target = capped;
  /** Server-side sockets, to know when the server has seen a connection come and go. */
  const serverSockets: Socket[] = [];
  target.app.server.on('connection', (socket: Socket) => serverSockets.push(socket));
  const accepted = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (serverSockets.length >= count ? resolve() : target.app.server.once('connection', () => setImmediate(check)));
      check();
    });

  it('closes connections beyond the cap at once, and serves again once the slow ones are gone', async () => {
    const slow = await Promise.all([0, 1, 2].map(() => open(target)));
    for (const socket of slow) socket.write('GET /contacts HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await accepted(3);

    const refused = await open(target);
    const { text } = await untilClosed(refused);
    expect(text).toBe('');
    expect(serverSockets).toHaveLength(3); // never handed to the HTTP server

    const gone = Promise.all(serverSockets.map((socket) => new Promise((resolve) => socket.once('close', resolve))));
    for (const socket of slow) socket.destroy();
    await gone;
    const response = await fetch(`${target.url}/contacts`, { headers: { 'X-API-Key': 'key-after' } });
    expect(response.status).toBe(200);
  });
});
