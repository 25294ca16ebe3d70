/**
 * Slow clients against the sandbox (not a test). Run from the repo root:
 *
 *   node_modules/.bin/tsx bench/sandbox-slow-clients.ts [--vendor echowin] [--slow 400] [--request-timeout-ms 2000] [--max-connections 256]
 *
 * Starts the sandbox (in memory) in its own process on a free port on 127.0.0.1, with the given request
 * timeout (short, so the run is short; the default bounds are in packages/sandbox/README.md) and connection cap,
 * then opens `--slow` connections (at most 900, below the usual 1024-descriptor limit) that each send their
 * headers and part of a body and stop. Meanwhile one well-behaved client sends a GET every 50 ms on a fresh
 * connection. Prints how the slow clients ended (a 408 in the vendor's envelope, or closed at once beyond the
 * cap) and when, and when the well-behaved client was served again. Loopback only; the run ends within the
 * request timeout plus 15 s.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { parseArgs } from '../tooling/core/src/index.ts';
import { startSandbox } from '../packages/sandbox/src/index.ts';

// The sandbox's own process: this file again with `--serve <vendor> <limits>`; it prints its URL and serves.
if (process.argv[2] === '--serve') {
  const limits = JSON.parse(process.argv[4]!);
  const running = await startSandbox({ vendor: process.argv[3]!, port: 0, ticker: false, rateLimits: false, limits });
  console.log(running.url);
} else {
  await main();
}

async function main(): Promise<void> {
  const { values } = parseArgs(process.argv.slice(2), { values: ['vendor', 'slow', 'request-timeout-ms', 'max-connections'] });
  const vendor = values.vendor?.[0] ?? 'echowin';
  const slowCount = Math.min(Number(values.slow?.[0] ?? 400), 900);
  const requestTimeoutMs = Number(values['request-timeout-ms']?.[0] ?? 2000);
  const maxConnections = Number(values['max-connections']?.[0] ?? 256);
  const limits = { requestTimeoutMs, headersTimeoutMs: Math.min(requestTimeoutMs, 10_000), maxConnections };

  const child = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--serve', vendor, JSON.stringify(limits)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
  });
  const port = Number(new URL(url).port);
  const deadline = setTimeout(() => {
    console.error(`Not finished within ${requestTimeoutMs + 15_000} ms: the slow clients were not all closed.`);
    child.kill();
    process.exit(1);
  }, requestTimeoutMs + 15_000);

  const started = performance.now();
  const ended: { ms: number; outcome: string }[] = [];
  const slow = Array.from(
    { length: slowCount },
    () =>
      new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        let answer = '';
        socket.on('connect', () =>
          socket.write('POST /contacts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"first'),
        );
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('error', () => {});
        socket.on('close', () => {
          const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
          ended.push({ ms: performance.now() - started, outcome: status ?? 'closed unanswered' });
          resolve();
        });
      }),
  );

  // The well-behaved client: a fresh connection each time (so the cap applies to it too).
  const served: number[] = [];
  let refused = 0;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      try {
        const response = await fetch(`${url}/__sandbox/clock`, { headers: { connection: 'close' } });
        await response.arrayBuffer();
        if (response.ok) served.push(performance.now() - started);
      } catch {
        refused++;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  await Promise.all(slow);
  polling = false;
  await poll;
  clearTimeout(deadline);
  child.kill();

  const byOutcome = new Map<string, number[]>();
  for (const { ms, outcome } of ended) byOutcome.set(outcome, [...(byOutcome.get(outcome) ?? []), ms]);
  const round = (ms: number) => Math.round(ms);
  console.log(`${slowCount} slow clients (headers and part of a body, then silence); cap ${maxConnections}, request timeout ${requestTimeoutMs} ms`);
  for (const [outcome, times] of byOutcome) {
    const sorted = times.sort((a, b) => a - b);
    console.log(
      `  ${outcome === 'closed unanswered' ? 'closed at once (over the cap)' : `answered ${outcome}`}: ${times.length}, after ${round(sorted[0]!)}-${round(sorted.at(-1)!)} ms`,
    );
  }
  const during = served.filter((ms) => ms < (byOutcome.get('408')?.[0] ?? Number.POSITIVE_INFINITY));
  console.log(
    `well-behaved client: ${served.length} served (${during.length} while slow clients held connections), ${refused} refused; first served after ${served[0] === undefined ? '-' : round(served[0])} ms`,
  );
}
