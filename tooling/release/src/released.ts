/**
 * specs/released/<vendor>.json: each spec as it was at its package's last release (bundled and
 * dereferenced, so a diff sees every schema where it is used). `pnpm version-packages` rewrites the
 * snapshot of every package whose version it changed; the guard compares the current spec against it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { bundleFile, repoRoot, type Vendor } from '@echo-openapi/tooling-core';

export const RELEASED_DIR = 'specs/released';

export function releasedPath(vendor: Vendor, dir = join(repoRoot, RELEASED_DIR)): string {
  return join(dir, `${vendor.id}.json`);
}

/** The released snapshot, or undefined when the package has never been released. */
export function readReleased(vendor: Vendor, dir?: string): unknown {
  const path = releasedPath(vendor, dir);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`${relative(repoRoot, path)}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** The current spec, bundled and dereferenced exactly as a snapshot is written. */
export async function bundleCurrent(vendor: Vendor, root = repoRoot): Promise<unknown> {
  const outDir = mkdtempSync(join(tmpdir(), 'echo-openapi-release-'));
  try {
    // JSON, not YAML: a dereferenced YAML bundle shares nodes through aliases, which the parser caps.
    const { document } = await bundleFile(resolve(root, vendor.spec), `${vendor.id}.current`, { dereferenced: true, outDir });
    return document;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function renderSnapshot(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Writes the snapshots of the given vendors. With `onlyNewVersions`, only where the snapshot is missing
 * or records another info.version than the spec now has (that is, the package was just versioned).
 * Returns the files written.
 */
export async function writeReleased(
  vendors: readonly Vendor[],
  { root = repoRoot, dir = join(root, RELEASED_DIR), onlyNewVersions = false }: { root?: string; dir?: string; onlyNewVersions?: boolean } = {},
): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const vendor of vendors) {
    const document = (await bundleCurrent(vendor, root)) as { info?: { version?: string } };
    const previous = readReleased(vendor, dir) as { info?: { version?: string } } | undefined;
    if (onlyNewVersions && previous?.info?.version === document.info?.version) continue;
    const path = releasedPath(vendor, dir);
    writeFileSync(path, renderSnapshot(document));
    written.push(relative(root, path));
  }
  return written;
}
