/**
 * What a publishable package looks like from npm's side: pack it as `pnpm publish` would (workspace: and
 * catalog: ranges rewritten), then lint the tarball with publint (strict) and arethetypeswrong.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { binPath, repoRoot, runCommand, runNode } from '@echo-openapi/tooling-core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { publishablePackages } from './workspace.js';

export interface Packed {
  name: string;
  version: string;
  tarball: string;
}

/** `pnpm pack` into `dest`: the tarball `pnpm publish` would upload. */
export async function packPackage(dir: string, dest: string): Promise<Packed> {
  const result = await runCommand('pnpm', ['pack', '--pack-destination', dest, '--json'], { cwd: dir });
  if (result.code !== 0) throw new Error(`pnpm pack failed in ${relative(repoRoot, dir) || dir}:\n${result.stderr || result.stdout}`);
  // pnpm may print notices before the JSON object.
  const json = result.stdout.slice(result.stdout.indexOf('{'));
  const { name, version, filename } = JSON.parse(json) as { name: string; version: string; filename: string };
  return { name, version, tarball: filename };
}

/** publint in strict mode (warnings count) on the packed tarball; one formatted line per message. */
export async function publintTarball(tarball: string): Promise<string[]> {
  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer },
    strict: true,
    level: 'suggestion',
  });
  return messages.map((m) => `publint ${m.type} ${m.code}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`);
}

/**
 * arethetypeswrong on the packed tarball with the `esm-only` profile: the packages are ESM-only by design
 * (`type: module`, an `import`-only export), so CommonJS `require` resolution (node10, node16-from-CJS) is
 * expected to fail and is not a problem; every ESM resolution (node16-from-ESM, bundler) must be clean.
 */
export async function attwTarball(tarball: string): Promise<string[]> {
  const result = await runNode(binPath('@arethetypeswrong/cli', 'attw', import.meta.url), [tarball, '--profile', 'esm-only', '--format', 'ascii'], {
    cwd: repoRoot,
  });
  return result.code === 0 ? [] : [`attw: ${(result.stdout + result.stderr).trim()}`];
}

/** Every problem publint and attw find in a package directory (packed into `dest`); empty when clean. */
export async function lintPackage(dir: string, dest: string): Promise<{ packed: Packed; problems: string[] }> {
  const packed = await packPackage(dir, dest);
  const [fromPublint, fromAttw] = await Promise.all([publintTarball(packed.tarball), attwTarball(packed.tarball)]);
  return { packed, problems: [...fromPublint, ...fromAttw].map((p) => `${packed.name}: ${p}`) };
}

/** Where `pnpm pack:all` writes the tarballs, until the packages are on the npm registry. */
export const PACKED_DIR = join(repoRoot, 'dist/packages');

/**
 * Packs every publishable package into `dest` (built beforehand: `pnpm pack` does not build), replacing any
 * tarballs an earlier run left there, so the directory holds exactly one current tarball per package.
 */
export async function packAll(dest = PACKED_DIR): Promise<Packed[]> {
  mkdirSync(dest, { recursive: true });
  for (const file of readdirSync(dest)) if (file.endsWith('.tgz')) rmSync(join(dest, file));
  return Promise.all(publishablePackages().map((p) => packPackage(p.dir, dest)));
}
