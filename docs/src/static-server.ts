import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const distDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.css': 'text/css',
  '.js': 'text/javascript',
};

/**
 * A static file server for docs/dist on 127.0.0.1 (never outside this machine). `basePath` serves the site
 * under a sub-path, as GitHub Pages does (`/echo-openapi`): everything outside it is a 404. `url` includes it.
 */
export function startStaticServer({
  port,
  root = distDir,
  basePath = '',
}: {
  port: number;
  root?: string;
  basePath?: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root}/index.html is missing: run \`pnpm run docs\` first`);
  const base = basePath.replace(/\/+$/, '');
  if (base && !/^\/[\w.-]+(\/[\w.-]+)*$/.test(base)) throw new Error(`basePath must look like /echo-openapi, not "${basePath}"`);
  const server = createServer((req, res) => {
    const requested = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (base && requested !== base && !requested.startsWith(`${base}/`)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: the site lives under ${base}/`);
      return;
    }
    if (requested === base) {
      // As GitHub Pages does: the folder URL without its slash redirects to it.
      res.writeHead(301, { location: `${base}/` }).end();
      return;
    }
    const pathname = requested.slice(base.length);
    let file = normalize(join(root, pathname));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({ url: `http://127.0.0.1:${actual}${base}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
