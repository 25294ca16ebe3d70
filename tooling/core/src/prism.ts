import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { binPath, killTree } from './process.js';
import { repoRoot } from './vendors.js';

export interface RunningPrism {
  url: string;
  port: number;
  /** Everything Prism printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface PrismOptions {
  spec: string;
  /** Omitted: a free port, tried again if another process takes it between the check and Prism's listen. */
  port?: number;
  /** `mock` serves the spec's examples; `proxy` forwards to `upstream` and validates the traffic. */
  mode?: 'mock' | 'proxy';
  upstream?: string;
  /** Answer with an error when a request or response breaks the spec (proxy mode). */
  errors?: boolean;
  startTimeoutMs?: number;
}

/** Starts Prism on 127.0.0.1 and resolves once it listens; rejects with its output if it cannot start. */
export async function startPrism(options: PrismOptions): Promise<RunningPrism> {
  if (options.port !== undefined) return startPrismOn(options.port, options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPrismOn(await freePort(), options);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

function startPrismOn(port: number, options: PrismOptions): Promise<RunningPrism> {
  const mode = options.mode ?? 'mock';
  const args = [binPath('@stoplight/prism-cli', 'prism'), mode, '-h', '127.0.0.1', '-p', String(port)];
  // A mock's per-request log lines are read by nobody and cost Prism about half of its time per request;
  // the proxy's log is its report. Without them Prism does not print that it listens: the port tells.
  const quiet = mode === 'mock';
  if (quiet) args.push('-v', 'warn');
  if (options.errors) args.push('--errors');
  args.push(options.spec);
  if (mode === 'proxy') {
    if (!options.upstream) throw new Error('Prism proxy mode needs an upstream URL');
    args.push(options.upstream);
  }
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    detached: true,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let listening = false;
  const url = `http://127.0.0.1:${port}`;
  const running: RunningPrism = { url, port, output: () => output, stop: () => killTree(child) };
  return new Promise((resolvePromise, reject) => {
    let stopped = false;
    const timer = setTimeout(() => {
      stopped = true;
      void killTree(child);
      reject(new Error(`Prism did not start on ${url} within ${options.startTimeoutMs ?? 60000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 60000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Only until it listens: scanning the whole log on every chunk made a long run quadratic.
      if (!listening && output.includes('Prism is listening')) {
        listening = true;
        clearTimeout(timer);
        resolvePromise(running);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let probe: NodeJS.Timeout | undefined;
    const knock = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        listening = true;
        clearTimeout(timer);
        resolvePromise(running);
      });
      socket.once('error', () => {
        socket.destroy();
        if (!listening && !stopped) probe = setTimeout(knock, 100);
      });
    };
    if (quiet) knock();
    child.on('exit', (code) => {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(probe);
      reject(new Error(`Prism exited (code ${code}) before listening on ${url}:\n${output}`));
    });
  });
}

/** A port the OS says is free right now (tests use these so they never collide with `pnpm mock`). */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}
