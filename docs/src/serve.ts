// pnpm docs:serve: serves docs/dist on http://127.0.0.1:8080 (PORT overrides) until Ctrl-C.
import { runUntilSignal } from '@echo-openapi/tooling-core';
import { startStaticServer } from './static-server.js';

await runUntilSignal(async () => {
  const server = await startStaticServer({ port: Number(process.env.PORT ?? 8080) });
  console.log(`Docs: ${server.url}/`);
  return () => server.close();
});
