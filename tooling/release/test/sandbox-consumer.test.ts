// The sandbox outside the repo, as its README promises: pack @echo-openapi/sandbox and every workspace package
// it depends on, install the tarballs with plain npm into a fresh project outside the workspace (install
// scripts on), then `npx echo-sandbox --vendor echowin` on a free port answers a create and gives the record
// back on a read. On Node 22.13+ the sandbox uses the built-in node:sqlite: nothing native is installed. On an
// older Node the user installs the optional peer better-sqlite3 next to it, as the README says, and so does this.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { freePort, killTree, runCommand } from '@echo-openapi/tooling-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, type Packed } from '../src/packaging.js';
import { workspacePackages } from '../src/workspace.js';
import { npmEnv } from './npm-env.js';
import { npmRegistryProblem, skipWithoutRegistry } from './registry.js';

const SANDBOX = '@echo-openapi/sandbox';
const project = realpathSync(mkdtempSync(join(tmpdir(), 'echo-openapi-sandbox-consumer-')));
let packed: Packed[] = [];
let server: ChildProcess | undefined;
const registryProblem = await npmRegistryProblem();
const skipped = skipWithoutRegistry(registryProblem);
/** The README's promise: from Node 22.13 the sandbox uses Node's built-in SQLite and needs nothing native. */
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const builtInSqlite = major > 22 || (major === 22 && minor >= 13);

/** The workspace packages `name` needs at run time (its dependencies, transitively), itself included. */
function runtimeClosure(name: string): ReturnType<typeof workspacePackages> {
  const all = workspacePackages();
  const needed = new Map<string, (typeof all)[number]>();
  const visit = (current: string) => {
    const pkg = all.find((p) => p.name === current);
    if (!pkg || needed.has(current)) return;
    needed.set(current, pkg);
    const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency);
  };
  visit(name);
  return [...needed.values()];
}

/** The range `packed` declares for a peer dependency (from the tarball's manifest, as npm would read it). */
function peerRange(packed: Packed, name: string): string {
  const listing = execFileSync('tar', ['-xzOf', packed.tarball, 'package/package.json'], { encoding: 'utf8' });
  const range = (JSON.parse(listing) as { peerDependencies?: Record<string, string> }).peerDependencies?.[name];
  if (!range) throw new Error(`${packed.name} declares no peer dependency on ${name}`);
  return range;
}

beforeAll(async () => {
  if (skipped) return;
  if (registryProblem) throw new Error(registryProblem);
  const tarballs = join(project, 'tarballs');
  mkdirSync(tarballs);
  packed = await Promise.all(runtimeClosure(SANDBOX).map((p) => packPackage(p.dir, tarballs)));
}, 300_000);

afterAll(async () => {
  if (server) await killTree(server);
  rmSync(project, { recursive: true, force: true });
});

describe.skipIf(skipped)(`npx echo-sandbox after npm install on Node ${process.version}`, () => {
  it(
    `installs with plain npm: every @echo-openapi package from its tarball, ${builtInSqlite ? 'no native SQLite driver' : 'better-sqlite3 next to it'}`,
    async () => {
      const file = (p: Packed) => `file:./tarballs/${basename(p.tarball)}`;
      const sandbox = packed.find((p) => p.name === SANDBOX)!;
      const manifest = {
        name: 'echo-openapi-sandbox-consumer',
        private: true,
        type: 'module',
        dependencies: {
          [SANDBOX]: file(sandbox),
          // The optional peer, only where Node has no node:sqlite (the range the sandbox declares).
          ...(builtInSqlite ? {} : { 'better-sqlite3': peerRange(sandbox, 'better-sqlite3') }),
        },
        // The sandbox depends on the others by semver range: take them from the tarballs, never the registry.
        overrides: Object.fromEntries(packed.filter((p) => p !== sandbox).map((p) => [p.name, file(p)])),
      };
      writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const install = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, env: npmEnv() });
      expect(install.code, install.stderr + install.stdout).toBe(0);

      const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> };
      const ours = Object.entries(lock.packages).filter(([key]) => /node_modules\/@echo-openapi\//.test(key));
      expect(ours.map(([key]) => key).sort()).toEqual(packed.map((p) => `node_modules/${p.name}`).sort());
      for (const [key, entry] of ours) expect(entry.resolved, key).toMatch(/^file:tarballs\//);
      if (builtInSqlite) {
        // An optional peer: npm installs nothing native, so no compiler and no prebuilt download is needed.
        // (The lockfile, not require.resolve: pnpm's NODE_PATH in this process would find the workspace's copy.)
        expect(Object.keys(lock.packages).filter((key) => key.endsWith('node_modules/better-sqlite3'))).toEqual([]);
      } else {
        const fromSandbox = createRequire(join(project, 'node_modules', SANDBOX, 'package.json'));
        // The native addon the sandbox loads is the one installed here, not the workspace's.
        expect(fromSandbox.resolve('better-sqlite3')).toBe(join(project, 'node_modules/better-sqlite3/lib/index.js'));
      }
    },
    builtInSqlite ? 300_000 : 900_000,
  ); // before 22.13: better-sqlite3's native build, from source where its prebuilt download is unreachable

  it('serves echowin on a free port: a created contact comes back on a read', async () => {
    const port = await freePort();
    const child = spawn('npx', ['--no-install', 'echo-sandbox', '--vendor', 'echowin', '--port', String(port)], {
      cwd: project,
      env: npmEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npx echo-sandbox did not start within 60 s:\n${output}`)), 60_000);
      const collect = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /sandbox on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout!.on('data', collect);
      child.stderr!.on('data', collect);
      child.once('exit', (code) => reject(new Error(`npx echo-sandbox exited (${code}):\n${output}`)));
    });
    expect(url).toBe(`http://127.0.0.1:${port}`);

    const headers = { 'X-API-Key': 'key-outside', 'content-type': 'application/json' };
    const created = await fetch(`${url}/contacts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ firstName: 'Ada', lastName: 'Lovelace', number: '+15550001111' }),
    });
    expect(created.status).toBe(201);
    const contact = ((await created.json()) as { data: { id: string } }).data;
    const read = await fetch(`${url}/contacts/${contact.id}`, { headers });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { data: unknown }).data).toMatchObject({
      id: contact.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      number: '+15550001111',
    });

    // Node 22 warns that SQLite is experimental; the sandbox filters that one warning.
    expect(output).not.toContain('ExperimentalWarning');

    await killTree(child);
    server = undefined;
    await expect(fetch(`${url}/contacts`, { headers })).rejects.toThrow();
  }, 120_000);
});
