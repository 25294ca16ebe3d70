// echo-sandbox trigger <event> [--tenant API_KEY] [--data JSON] [--to URL] [--sandbox URL]
//   Asks a running EchoComm sandbox (POST /__sandbox/events) to deliver an event to the webhook its tenant
//   configured, or to --to, and prints the first attempt. Retries follow the clock (POST /__sandbox/clock).
//   It calls as the tenant (its API key as a bearer token, as on the EchoComm API), or as the admin when
//   ECHO_SANDBOX_ADMIN_TOKEN is set.
import { parseArgs } from 'node:util';
import { vendors } from '@echo-openapi/specs';
import { ADMIN_TOKEN_ENV, ADMIN_TOKEN_HEADER } from '../control/access.js';
import type { Delivery } from './delivery.js';

export const triggerUsage = `Usage: echo-sandbox trigger <sms.received|sms.delivery_report> [--tenant API_KEY] [--data '{"body":"Hi"}'] [--to URL] [--sandbox http://127.0.0.1:4021]
  --tenant   the tenant's EchoComm API key (default: $ECHOCOMM_API_KEY); the call is made with it, as that tenant
  --data     event data fields over the spec's example
  --to       deliver to this URL instead of the configured webhook (loopback unless the sandbox allows more)
  --sandbox  the EchoComm sandbox's URL
  With ${ADMIN_TOKEN_ENV} set, the call is made as the admin (and --tenant may be any tenant's key, or left out
  when exactly one tenant has a webhook).`;

/** Runs the trigger command; resolves to the process exit code (0: the event was accepted and attempted). */
export async function trigger(args: string[], print: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { tenant: { type: 'string' }, data: { type: 'string' }, to: { type: 'string' }, sandbox: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return (print(triggerUsage), 0);
  const [type] = positionals;
  if (!type || positionals.length > 1) throw new Error('Name one event to trigger');
  let data: unknown;
  if (values.data !== undefined) {
    try {
      data = JSON.parse(values.data);
    } catch {
      throw new Error('--data must be a JSON object, e.g. --data \'{"body": "Hi"}\'');
    }
  }
  const port = vendors.find((vendor: { id: string }) => vendor.id === 'echocomm')?.sandboxPort;
  const sandbox = (values.sandbox ?? `http://127.0.0.1:${port}`).replace(/\/$/, '');
  const apiKey = values.tenant ?? process.env.ECHOCOMM_API_KEY;
  const adminToken = process.env[ADMIN_TOKEN_ENV];
  if (!adminToken && !apiKey) throw new Error(`Name the tenant with --tenant API_KEY (or set ECHOCOMM_API_KEY, or ${ADMIN_TOKEN_ENV})`);
  let response: Response;
  try {
    response = await fetch(`${sandbox}/__sandbox/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(adminToken ? { [ADMIN_TOKEN_HEADER]: adminToken } : { authorization: `Bearer ${apiKey}` }) },
      body: JSON.stringify({ type, tenant: adminToken ? apiKey : undefined, data, to: values.to }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new Error(`No EchoComm sandbox answers on ${sandbox}: start one with \`echo-sandbox --vendor echocomm\` (or pass --sandbox URL)`);
  }
  const answer = (await response.json().catch(() => ({}))) as { delivery?: Delivery; error?: string };
  if (!response.ok || !answer.delivery) throw new Error(answer.error ?? `The sandbox answered ${response.status}`);
  const { delivery } = answer;
  print(`${delivery.event} -> ${delivery.method} ${delivery.url} (delivery ${delivery.id})`);
  for (const attempt of delivery.attempts) {
    print(
      `  attempt ${attempt.attempt}: ${attempt.status ?? attempt.error}${attempt.status && attempt.error ? ` (${attempt.error})` : ''} in ${attempt.durationMs} ms, ${attempt.outcome}`,
    );
  }
  if (delivery.status === 'pending')
    print(`  next attempt at ${delivery.nextAttemptAt} (virtual time; advance it with POST ${sandbox}/__sandbox/clock)`);
  print(`  every attempt: GET ${sandbox}/__sandbox/deliveries`);
  return 0;
}
