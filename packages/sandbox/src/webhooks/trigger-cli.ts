// echo-sandbox trigger <event> [--tenant API_KEY] [--data JSON] [--to URL] [--sandbox URL]
//   Asks a running EchoComm sandbox (POST /__sandbox/events) to deliver an event to the webhook its tenant
//   configured, or to --to, and prints the first attempt. Retries follow the clock (POST /__sandbox/clock).
import { parseArgs } from 'node:util';
import { vendors } from '@echo-openapi/specs';
import type { Delivery } from './delivery.js';

export const triggerUsage =
  'Usage: echo-sandbox trigger <sms.received|sms.delivery_report> [--tenant API_KEY] [--data \'{"body":"Hi"}\'] [--to URL] [--sandbox http://127.0.0.1:4021]';

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
  let response: Response;
  try {
    response = await fetch(`${sandbox}/__sandbox/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type, tenant: values.tenant ?? process.env.ECHOCOMM_API_KEY, data, to: values.to }),
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
