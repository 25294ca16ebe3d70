// pnpm docs:serve: serves docs/dist on http://127.0.0.1:8080 (PORT overrides) until Ctrl-C.
import { parseArgs, runUntilSignal } from '@echo-openapi/tooling-core';
import { startStaticServer } from './static-server.js';

parseArgs(process.argv.slice(2), { usage: 'pnpm docs:serve   (docs/dist on http://127.0.0.1:8080; PORT overrides)' });

await runUntilSignal(async () => {
  const server = await startStaticServer({ port: Number(process.env.PORT ?? 8080) });
  console.log(`Docs: ${server.url}/`);
  return () => server.close();
});
