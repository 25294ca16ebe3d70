/**
 * One source of truth for versions: a client package's package.json `version` (which changesets bumps)
 * is written into its spec's `info.version`. The vendor's own API version stays in the spec's server URL
 * and `info.x-api-version`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { repoRoot, type Vendor } from '@echo-openapi/tooling-core';
import { isScalar, LineCounter, parseDocument } from 'yaml';

export interface VersionPair {
  vendor: Vendor;
  /** Paths relative to the repo root, for messages. */
  packageJson: string;
  packageVersion: string;
  spec: string;
  specVersion: string;
  /** 1-based line of `info.version` in the spec. */
  specLine: number;
  /** Offsets of the version scalar in the spec's text, for rewriting it in place. */
  range: [number, number];
  quote: string;
}

/** Reads each vendor's package version and spec `info.version`; a missing or misnamed package is an error. */
export function readVersionPairs(vendors: readonly Vendor[], root = repoRoot): VersionPair[] {
  return vendors.map((vendor) => {
    const packageJsonPath = join(resolve(root, vendor.packageDir), 'package.json');
    const packageJson = relative(root, packageJsonPath);
    const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { name?: string; version?: string };
    if (manifest.name !== vendor.package) {
      throw new Error(
        `${packageJson}: name is ${JSON.stringify(manifest.name)} but specs/vendors.yaml says ${vendor.id}'s package is ${vendor.package}`,
      );
    }
    if (!manifest.version) throw new Error(`${packageJson}: no "version"`);
    const specPath = resolve(root, vendor.spec);
    const spec = relative(root, specPath);
    const text = readFileSync(specPath, 'utf8');
    const counter = new LineCounter();
    const doc = parseDocument(text, { lineCounter: counter });
    const node = doc.getIn(['info', 'version'], true);
    if (!isScalar(node) || !node.range) throw new Error(`${spec}: no info.version`);
    const [start, end] = node.range;
    const raw = text.slice(start, end);
    return {
      vendor,
      packageJson,
      packageVersion: manifest.version,
      spec,
      specVersion: String(node.value),
      specLine: counter.linePos(start).line,
      range: [start, end],
      quote: raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : '',
    };
  });
}

/** One message per vendor whose spec and package disagree, naming both files. */
export function versionMismatches(pairs: readonly VersionPair[]): string[] {
  return pairs
    .filter((p) => p.packageVersion !== p.specVersion)
    .map(
      (p) =>
        `${p.spec}:${p.specLine}: info.version is ${p.specVersion} but ${p.packageJson} has version ${p.packageVersion}; \`pnpm version-packages\` keeps them in step; to fix by hand run \`pnpm exec tsx tooling/release/src/cli.ts sync\``,
    );
}

/** Writes each package's version into its spec's info.version, touching only that scalar; returns the specs changed. */
export function syncSpecVersions(vendors: readonly Vendor[], root = repoRoot): string[] {
  const changed: string[] = [];
  for (const pair of readVersionPairs(vendors, root)) {
    if (pair.packageVersion === pair.specVersion) continue;
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(pair.packageVersion)) {
      throw new Error(`${pair.packageJson}: version ${JSON.stringify(pair.packageVersion)} is not a semver version`);
    }
    const path = resolve(root, pair.spec);
    const text = readFileSync(path, 'utf8');
    const [start, end] = pair.range;
    writeFileSync(path, text.slice(0, start) + pair.quote + pair.packageVersion + pair.quote + text.slice(end));
    changed.push(pair.spec);
  }
  return changed;
}
