import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '@echo-openapi/tooling-core';
import { parse } from 'yaml';

export interface WorkspacePackage {
  name: string;
  version: string;
  /** Absolute directory. */
  dir: string;
  private: boolean;
}

/**
 * The workspace's packages, from pnpm-workspace.yaml (`dir` and `dir/*` entries, which is all this repo
 * uses; anything fancier is an error rather than a silently skipped package).
 */
export function workspacePackages(root = repoRoot): WorkspacePackage[] {
  const file = join(root, 'pnpm-workspace.yaml');
  const globs = (parse(readFileSync(file, 'utf8')) as { packages?: string[] }).packages ?? [];
  const dirs = globs.flatMap((glob) => {
    if (glob.endsWith('/*') && !glob.slice(0, -2).includes('*')) {
      const parent = join(root, glob.slice(0, -2));
      return existsSync(parent)
        ? readdirSync(parent, { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => join(parent, d.name))
        : [];
    }
    if (glob.includes('*')) throw new Error(`${relative(root, file)}: the release tooling reads only "dir" and "dir/*" entries, not "${glob}"`);
    return [join(root, glob)];
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version?: string; private?: boolean };
      return { name: manifest.name, version: manifest.version ?? '0.0.0', dir, private: manifest.private === true };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The packages that are published to npm: every workspace package not marked private. */
export function publishablePackages(root = repoRoot): WorkspacePackage[] {
  return workspacePackages(root).filter((p) => !p.private);
}
