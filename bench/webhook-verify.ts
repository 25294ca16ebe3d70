/**
 * Webhook handler benchmark (not a test). Run from the repo root:
 *
 *   node_modules/.bin/tsx bench/webhook-verify.ts [requests]
 *
 * 1. verifyWebhook over N (default 20,000) in-memory deliveries built by testWebhookRequest: the median and
 *    p99 time per call, against building the same Request and reading its JSON without any checks.
 * 2. The constant-time comparison: the mean time of verifyWebhook rejecting a wrong secret that differs in
 *    its first byte and one that differs in its last byte (the two should be the same within noise).
 */
import { testWebhookRequest, verifyWebhook } from '../packages/echocomm/src/webhooks.ts';

const N = Number(process.argv[2] ?? 20_000);
const SECRET = `whsk_${'k'.repeat(40)}`;
const options = { headers: { 'X-Webhook-Secret': SECRET } };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function time(label: string, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 1000; i++) await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const median = percentile(samples, 50);
  console.log(`${label.padEnd(44)} median ${(median * 1000).toFixed(1)} µs   p99 ${(percentile(samples, 99) * 1000).toFixed(1)} µs`);
  return median;
}

const verified = await time('verifyWebhook (valid sms.received)', () => verifyWebhook(testWebhookRequest('sms.received', options), options));
const bare = await time('Request + request.json() (no checks)', () => testWebhookRequest('sms.received', options).json());
console.log(`verifyWebhook costs ${(verified / bare).toFixed(2)}x reading the same request without checks`);

const wrong = (secret: string) => () =>
  verifyWebhook(testWebhookRequest('sms.received', { headers: { 'X-Webhook-Secret': secret } }), options).catch(() => undefined);
const first = await time('rejecting a secret wrong in its first byte', wrong(`x${SECRET.slice(1)}`));
const last = await time('rejecting a secret wrong in its last byte', wrong(`${SECRET.slice(0, -1)}x`));
console.log(`first-byte / last-byte rejection time: ${(first / last).toFixed(3)}`);
