// pnpm docs:serve: serves docs/dist on http://127.0.0.1:8080 (PORT overrides; BASE_PATH=/echo-openapi serves
// it under a sub-path, as GitHub Pages does) until Ctrl-C.
import { parseArgs, runUntilSignal } from '@echo-openapi/tooling-core';
import { startStaticServer } from './static-server.js';

parseArgs(process.argv.slice(2), {
  usage: {
    usage: 'pnpm docs:serve',
    description: 'Builds the docs site and serves docs/dist on http://127.0.0.1:8080 until Ctrl-C.',
    options: {},
    examples: ['pnpm docs:serve', 'PORT=9090 BASE_PATH=/echo-openapi pnpm docs:serve   # as GitHub Pages serves it'],
  },
});

await runUntilSignal(async () => {
  const server = await startStaticServer({ port: Number(process.env.PORT ?? 8080), basePath: process.env.BASE_PATH ?? '' });
  console.log(`Docs: ${server.url}/`);
  return () => server.close();
});
