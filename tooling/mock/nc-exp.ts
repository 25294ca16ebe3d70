import { selectVendors } from '@echo-openapi/tooling-core';
import { startMocks, stopMocks } from './src/mocks.js';
const mocks = await startMocks(selectVendors(['echowin', 'echocue']), { ports: 'free' });
const [w, c] = [mocks.find((m) => m.vendor.id === 'echowin')!, mocks.find((m) => m.vendor.id === 'echocue')!];
const show = async (url: string, body: string, headers: Record<string, string>) => {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  console.log(r.status, r.headers.get('content-type'), r.headers.get('sl-violations'), await r.text());
};
await show(`${w.url}/contacts`, '{"x":', { 'x-api-key': 'k' });
await show(`${w.url}/contacts`, '{"firstName":"A"}', { 'x-api-key': 'k' });
await show(`${w.url}/contacts`, '{"firstName":"A"}', {});
await show(`${c.url}/api/sms/send`, '{"recipient_contact":"555"}', { authorization: 'Bearer k', 'x-api-secret': 's' });
await stopMocks(mocks);
