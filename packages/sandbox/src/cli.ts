#!/usr/bin/env node
// echo-sandbox: one stateful sandbox server per vendor on its sandbox port (or only --vendor's, on --port).
// `echo-sandbox --help` prints every option; `echo-sandbox trigger --help` the webhook trigger's.
import { parseArgs } from 'node:util';
import { vendors } from '@echo-openapi/specs';
import { ADMIN_TOKEN_ENV, ADMIN_TOKEN_HEADER, newAdminToken } from './control/access.js';
import { type RunningSandbox, startSandbox } from './server.js';
import { trigger, triggerUsage } from './webhooks/trigger-cli.js';

const ports = vendors.map((v) => `${v.title} ${v.sandboxPort}`).join(', ');
const usage = `Usage: echo-sandbox [options]
       echo-sandbox trigger <sms.received|sms.delivery_report> [trigger options]   (see echo-sandbox trigger --help)

Stateful sandboxes of the vendor APIs, one port each (${ports}), with a control API under /__sandbox/
(packages/sandbox/control.openapi.yaml).

Options:
  --vendor <${vendors.map((v) => v.id).join('|')}>   only this vendor (repeatable); default: all
  --port N                    the port (needs exactly one --vendor; 0 picks a free one)
  --host H                    the address to listen on (default 127.0.0.1); a non-loopback one needs --expose
  --expose                    allow a non-loopback --host: anyone who can reach it can use the vendor API, and
                              every control call then needs the admin token
  --data-dir DIR              keep DIR/<vendor>.sqlite (survives restarts and kill -9); one process per DIR
  --admin-token TOKEN         the control API's admin token (default: random, printed at start; or set
                              ${ADMIN_TOKEN_ENV}, which keeps it out of the process list)
  --allowed-hosts a,b         Host names accepted besides localhost, *.localhost and IP addresses
                              (".example.test" also allows its subdomains)
  --allow-webhook-hosts a,b   webhook destinations besides loopback: host names or addresses; "*" allows any
                              public address (private and metadata addresses only when listed)
  -h, --help                  this text

The control API: a tenant's own credentials (sent as on the vendor API) act on that tenant only; the admin
token (header ${ADMIN_TOKEN_HEADER}) acts on every tenant and moves the clock.

Examples:
  echo-sandbox                                          all four on 127.0.0.1
  echo-sandbox --vendor echowin --port 5022 --data-dir .sandbox
  ${ADMIN_TOKEN_ENV}=my-long-test-token-123 echo-sandbox --vendor echocomm
  curl -X POST localhost:4022/__sandbox/clock -H "${ADMIN_TOKEN_HEADER}: $${ADMIN_TOKEN_ENV}" \\
       -H 'content-type: application/json' -d '{"advanceSeconds": 60}'
  curl localhost:4022/__sandbox/requests -H 'X-API-Key: my-key'          that tenant's requests
  echo-sandbox trigger sms.received --tenant my-key --data '{"body":"STOP"}'`;

/** Bad usage: one line and a pointer to --help on stderr, exit code 2 (as every CLI of the project answers it). */
class UsageError extends Error {}

const options = {
  vendor: { type: 'string', multiple: true },
  port: { type: 'string' },
  host: { type: 'string' },
  expose: { type: 'boolean' },
  'data-dir': { type: 'string' },
  'admin-token': { type: 'string' },
  'allowed-hosts': { type: 'string' },
  'allow-webhook-hosts': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
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

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean) ?? [];

async function main(): Promise<void> {
  if (process.argv[2] === 'trigger') return void (process.exitCode = await trigger(process.argv.slice(3)));
  const { values } = parseOptions();
  if (values.help) return void console.log(usage);
  const ids = values.vendor ?? vendors.map((v) => v.id);
  if (values.port !== undefined && ids.length !== 1) throw new UsageError('--port needs exactly one --vendor');
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    throw new UsageError(`--port must be a port number, not "${values.port}"`);
  const given = values['admin-token'] ?? process.env[ADMIN_TOKEN_ENV];
  const tokenSource = values['admin-token'] !== undefined ? '--admin-token' : given !== undefined ? ADMIN_TOKEN_ENV : undefined;
  const adminToken = given ?? newAdminToken();
  const running: RunningSandbox[] = [];
  // `on`, not `once`: Ctrl-C reaches the whole process group and a wrapper may relay it again, and a second
  // SIGINT without a listener would end the process with code 130 mid-shutdown. A requested stop exits 0.
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(running.map((server) => server.close()));
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGHUP', () => void stop());
  // Die with the parent (pnpm, a test runner) even when it is killed with SIGKILL and cannot pass a signal on:
  // the process is then adopted by another, and its parent id changes.
  const parent = process.ppid;
  if (parent > 1) setInterval(() => process.ppid !== parent && void stop(), 500).unref();
  try {
    for (const id of ids) {
      const server = await startSandbox({
        vendor: id,
        port,
        host: values.host,
        expose: values.expose,
        dataDir: values['data-dir'],
        adminToken,
        allowedHosts: list(values['allowed-hosts']),
        allowWebhookHosts: list(values['allow-webhook-hosts']),
      });
      running.push(server);
      console.log(`${server.vendor.title} sandbox on ${server.url}${values['data-dir'] ? ` (data in ${values['data-dir']})` : ' (in memory)'}`);
    }
  } catch (error) {
    await Promise.all(running.map((server) => server.close()));
    throw error;
  }
  // The token once, here, and never again (no log line, no request log entry carries it).
  console.log(
    tokenSource
      ? `Control API admin token: the one from ${tokenSource} (header ${ADMIN_TOKEN_HEADER})`
      : `Control API admin token: ${adminToken}  (header ${ADMIN_TOKEN_HEADER}; random per start, fix one with ${ADMIN_TOKEN_ENV})`,
  );
  if (values.expose)
    console.error(
      `\nWARNING: listening on ${values.host ?? '127.0.0.1'}, beyond loopback: anyone who can reach this address can call the vendor APIs and read what is stored there. The control API needs the admin token. Use it only on a network you trust.\n`,
    );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (process.argv[2] === 'trigger') console.error(triggerUsage);
  // The same two lines as every CLI of the project: what is wrong, then the synopsis and where the rest is.
  else if (error instanceof UsageError)
    console.error('Usage: echo-sandbox [options] | echo-sandbox trigger <event> [options]\n(--help for every option and examples)');
  process.exit(error instanceof UsageError ? 2 : 1);
});
