#!/usr/bin/env node
// echo-sandbox [--vendor <id>] [--port N] [--host H] [--data-dir DIR]
//   One stateful sandbox server per vendor on its sandbox port (or only --vendor's, on --port).
import { parseArgs } from 'node:util';
import { vendors } from '@echo-openapi/specs';
import { type RunningSandbox, startSandbox } from './server.js';
import { trigger, triggerUsage } from './webhooks/trigger-cli.js';

const usage = `Usage: echo-sandbox [--vendor <${vendors.map((v) => v.id).join('|')}>] [--port N] [--host 127.0.0.1] [--data-dir DIR]`;

/** Bad usage: one line and the usage on stderr, exit code 2 (as every CLI of the project answers it). */
class UsageError extends Error {}

const options = {
  vendor: { type: 'string', multiple: true },
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean' },
} as const;

function parseOptions() {
  try {
    return parseArgs({ options, strict: true });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const name = /'(-[^']*)'/.exec(message)?.[1] ?? message;
      throw new UsageError(
        `Unknown option ${name}. Options: ${Object.keys(options)
          .map((o) => `--${o}`)
          .join(', ')}`,
      );
    }
    if (code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError(message);
    throw error;
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'trigger') return void (process.exitCode = await trigger(process.argv.slice(3)));
  const { values } = parseOptions();
  if (values.help) return void console.log(usage);
  const ids = values.vendor ?? vendors.map((v) => v.id);
  if (values.port !== undefined && ids.length !== 1) throw new UsageError('--port needs exactly one --vendor');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new UsageError(`--port must be a port number, not "${values.port}"`);
  const running: RunningSandbox[] = [];
  // `on`, not `once`: Ctrl-C reaches the whole process group and a wrapper (tsx, pnpm) may relay it again,
  // and a second SIGINT without a listener would end the process with code 130 mid-shutdown.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(running.map((server) => server.close()));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (const id of ids) {
    const server = await startSandbox({ vendor: id, port, host: values.host, dataDir: values['data-dir'] });
    running.push(server);
    console.log(`${server.vendor.title} sandbox on ${server.url}${values['data-dir'] ? ` (data in ${values['data-dir']})` : ' (in memory)'}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(process.argv[2] === 'trigger' ? triggerUsage : usage);
  process.exit(error instanceof UsageError ? 2 : 1);
});
