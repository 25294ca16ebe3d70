// pnpm docs:serve: serves docs/dist on http://127.0.0.1:8080 (PORT overrides) until Ctrl-C.
import { startStaticServer } from './static-server.js';

const port = Number(process.env.PORT ?? 8080);
const server = await startStaticServer({ port });
console.log(`Docs: ${server.url}/`);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
