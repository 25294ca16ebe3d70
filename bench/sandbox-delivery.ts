/**
 * Webhook delivery fairness benchmark (not a test). Run from the repo root:
 *
 *   node_modules/.bin/tsx bench/sandbox-delivery.ts [hangingDeliveries] [rounds]
 *
 * An EchoComm sandbox (in process, loopback only) with two tenants: A's receiver accepts every request and
 * never answers; B's answers 204 at once. A triggers N (default 12) events, then, while A's receiver holds
 * its requests, B triggers one per round (default 20). Reported: B's trigger-to-delivered time (median, max),
 * the time `GET /__sandbox/deliveries` takes while A hangs, and A's attempts on the wire (the per-tenant
 * limit). Before the per-tenant queues (issue 25, measured on main) B's delivery was delayed 15 s and the
 * deliveries list took 30 s.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../packages/sandbox/src/index.ts';
import { deliveryWorker } from '../packages/sandbox/src/webhooks/delivery.ts';

const HANGING = Number(process.argv[2] ?? 12);
const ROUNDS = Number(process.argv[3] ?? 20);

async function listen(handler: (res: ServerResponse) => void) {
  const server = createServer((_req, res) => handler(res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

const held: ServerResponse[] = [];
let seenByA = 0;
const hanging = await listen((res) => {
  seenByA++;
  held.push(res);
});
const healthy = await listen((res) => void res.writeHead(204).end());
const sandbox = await startSandbox({ vendor: 'echocomm', port: 0, ticker: false });
const worker = deliveryWorker(sandbox.sandbox);

const call = async (path: string, key: string, body?: unknown) => {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as { delivery?: { status: string }; deliveries?: unknown[] };
};

const pendingA = Array.from({ length: HANGING }, (_, i) =>
  call('events', 'bench-a', { type: 'sms.received', to: hanging.url, data: { body: `A${i}` } }),
);
while (seenByA < worker.limits.perTenantConcurrency) await new Promise((resolve) => setImmediate(resolve));

const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const started = performance.now();
  const answer = await call('events', 'bench-b', { type: 'sms.received', to: healthy.url });
  times.push(performance.now() - started);
  if (answer.delivery?.status !== 'delivered') throw new Error(`B's delivery was ${answer.delivery?.status}, not delivered`);
}
const listStarted = performance.now();
await call('deliveries', 'bench-a');
const listMs = performance.now() - listStarted;
times.sort((a, b) => a - b);
console.log(
  `A: ${HANGING} events to a receiver that never answers; on the wire for A: ${worker.inFlightCount()} (limit per tenant ${worker.limits.perTenantConcurrency})`,
);
console.log(
  `B: ${ROUNDS} deliveries while A hangs: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`,
);
console.log(`GET /__sandbox/deliveries while A hangs: ${listMs.toFixed(1)} ms`);

for (const res of held) res.destroy();
hanging.server.closeAllConnections();
await Promise.allSettled(pendingA);
await sandbox.close();
hanging.server.close();
healthy.server.close();
