#!/usr/bin/env -S npx tsx
// pnpm proxy --vendor <id> [--target <url>] [--port <n>] [--pass-through]
// Prism's validating proxy in front of a live API: point your client at the printed URL and every request
// and response is checked against the spec. The target defaults to the vendor's <VENDOR>_BASE_URL.
import { type CommandHelp, parseArgs, runUntilSignal, selectVendors, usageError } from '@echo-openapi/tooling-core';
import { startProxy } from './proxy.js';

const usage: CommandHelp = {
  usage: 'pnpm proxy --vendor <id> [--target <url>] [--port <n>] [--pass-through]',
  description:
    "Prism's validating proxy in front of a real API: a request that breaks the spec gets 422 and is not forwarded, a response\n" +
    'that breaks it becomes a 500, both naming each broken field; credentials are left to the API. Runs until Ctrl-C.',
  options: {
    '--vendor <id>': `the API to proxy (required): ${selectVendors([])
      .map((v) => v.id)
      .join(', ')}`,
    '--target <url>': "the API's base URL, base path included (default: the vendor's <VENDOR>_BASE_URL, e.g. ECHOWIN_BASE_URL)",
    '--port <n>': 'listen on this port (default: a free one, printed)',
    '--pass-through': 'forward everything unchanged and only log each violation',
  },
  examples: [
    'pnpm proxy --vendor echowin --target https://api.example.com/api/v1',
    'ECHOCUE_BASE_URL=https://staging.example.com pnpm proxy --vendor echocue --port 5010',
    'pnpm proxy --vendor userecho --pass-through    # watch violations without blocking anything',
  ],
};
const { values, flags } = parseArgs(process.argv.slice(2), { values: ['vendor', 'target', 'port'], flags: ['pass-through'], usage });
if (!values.vendor) usageError('--vendor is required', usage);
const port = values.port ? Number(values.port[0]) : undefined; // a free one when not given
if (port !== undefined && (!Number.isInteger(port) || port <= 0 || port > 65535))
  usageError(`--port must be a port number, got "${values.port?.[0]}"`, usage);

await runUntilSignal(async () => {
  const [vendor] = selectVendors(values.vendor!);
  const target = values.target?.[0] ?? process.env[vendor!.baseUrlEnv];
  if (!target) throw new Error(`${vendor!.title}: give --target <url> or set ${vendor!.baseUrlEnv} (the API's base URL, base path included)`);
  if (!/^https?:\/\//.test(target)) throw new Error(`--target must be an http(s) URL, got "${target}"`);
  const errors = !flags.has('pass-through');
  const proxy = await startProxy(vendor!, { target, errors, ...(port === undefined ? {} : { port }) });
  console.log(`${vendor!.title} validating proxy: ${proxy.url} -> ${target}`);
  console.log(
    errors
      ? 'A request that breaks the spec gets 422 and is not forwarded; a response that breaks it becomes a 500. Both carry\n' +
          '`validation` in the body and an `sl-violations` header naming each broken field (--pass-through to forward unchanged).\n' +
          "A malformed JSON body gets a 400 in the API's error envelope; credentials are left to the API to judge."
      : 'Traffic passes unchanged; each violation is logged below as `Violation: <where> <what>`.',
  );
  // Prism's log as it grows, whole lines only (a line is redacted once it is complete).
  let printed = proxy.log().split('\n').length - 1;
  const timer = setInterval(() => {
    const lines = proxy.log().split('\n').slice(0, -1);
    if (lines.length > printed) console.log(lines.slice(printed).join('\n'));
    printed = lines.length;
  }, 200);
  return async () => {
    clearInterval(timer);
    await proxy.stop();
  };
});
