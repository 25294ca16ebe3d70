// The vendor list lives in specs/vendors.yaml; what other files must repeat of it (redocly.yaml's `apis:`, the
// package.json files that use every client) is checked against it here, so they cannot drift.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Vendor, repoRoot } from '@echo-openapi/tooling-core';
import { isMap, isScalar, LineCounter, parse, parseDocument, type Node as YamlNode } from 'yaml';
import type { Problem } from './lint.js';

/** Where openapi-typescript writes a vendor's types (codegen reads redocly.yaml's `x-openapi-ts.output`). */
export const schemaOutput = (vendor: Vendor) => `${vendor.packageDir}/src/generated/schema.ts`;

/** Every disagreement between redocly.yaml's `apis:` and the vendors, at its line in redocly.yaml. */
export function checkRedoclyApis(vendors: readonly Vendor[], file = join(repoRoot, 'redocly.yaml')): Problem[] {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  const at = (node: YamlNode | null | undefined) => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { line, col };
  };
  const problem = (node: YamlNode | null | undefined, message: string): Problem => ({
    tool: 'vendors',
    file,
    ...at(node),
    rule: 'redocly-apis',
    message,
    severity: 'error',
  });
  const apis = doc.get('apis', true);
  if (!isMap(apis)) return [problem(doc.contents, 'redocly.yaml has no `apis:` map; it needs one entry per vendor in specs/vendors.yaml.')];

  const problems: Problem[] = [];
  const entries = apis.items.map((pair) => {
    const value = pair.value;
    const get = (path: string[]) => (isMap(value) ? value.getIn(path, true) : undefined) as YamlNode | undefined;
    const text = (node: YamlNode | undefined) => (isScalar(node) ? String(node.value) : undefined);
    return {
      key: pair.key as YamlNode,
      name: String(isScalar(pair.key) ? pair.key.value : pair.key),
      root: get(['root']),
      output: get(['x-openapi-ts', 'output']),
      text,
    };
  });
  for (const vendor of vendors) {
    const entry = entries.find((e) => e.text(e.root) === vendor.spec);
    if (!entry) {
      problems.push(
        problem(
          apis,
          `No apis entry for vendor ${vendor.id} (specs/vendors.yaml): add \`${vendor.id}@v1: { root: ${vendor.spec}, x-openapi-ts: { output: ${schemaOutput(vendor)} } }\`.`,
        ),
      );
      continue;
    }
    if (!entry.name.startsWith(`${vendor.id}@`))
      problems.push(problem(entry.key, `apis entry ${entry.name} has vendor ${vendor.id}'s root; name it ${vendor.id}@<version>.`));
    if (entry.text(entry.output) !== schemaOutput(vendor)) {
      problems.push(
        problem(
          entry.output ?? entry.key,
          `apis entry ${entry.name}: x-openapi-ts.output must be ${schemaOutput(vendor)} (packageDir ${vendor.packageDir} in specs/vendors.yaml).`,
        ),
      );
    }
  }
  for (const entry of entries) {
    if (!vendors.some((v) => v.spec === entry.text(entry.root))) {
      problems.push(
        problem(
          entry.key,
          `apis entry ${entry.name} (root ${entry.text(entry.root) ?? 'missing'}) is no vendor in specs/vendors.yaml: add the vendor there or remove the entry.`,
        ),
      );
    }
  }
  return problems;
}

/**
 * pnpm needs the vendor packages listed where they are used as a set (the docs site type-checks a sample per
 * client; the release tests pack and install every client). A package that depends on one vendor package
 * must depend on all of them, so a new vendor cannot be left out silently.
 */
export function checkVendorDependencies(vendors: readonly Vendor[], root = repoRoot): Problem[] {
  const names = vendors.map((v) => v.package);
  const ownPackages = new Set(vendors.map((v) => join(root, v.packageDir, 'package.json')));
  const problems: Problem[] = [];
  for (const file of workspaceManifests(root)) {
    if (ownPackages.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const manifest = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
    const sections = ['dependencies', 'devDependencies'] as const;
    const listed = sections.flatMap((s) => Object.keys(manifest[s] ?? {}));
    const using = names.filter((n) => listed.includes(n));
    if (using.length === 0 || using.length === names.length) continue;
    const section = sections.find((s) => names.some((n) => manifest[s]?.[n])) ?? 'devDependencies';
    const line = text.split('\n').findIndex((l) => l.includes(`"${section}"`)) + 1;
    const missing = names.filter((n) => !listed.includes(n));
    problems.push({
      tool: 'vendors',
      file,
      line: Math.max(line, 1),
      col: 1,
      rule: 'vendor-dependencies',
      message: `Uses the vendor packages as a set but lacks ${missing.join(', ')} (specs/vendors.yaml): add ${missing.map((m) => `"${m}": "workspace:*"`).join(', ')} to ${section}.`,
      severity: 'error',
    });
  }
  return problems;
}

/** package.json of every workspace package (pnpm-workspace.yaml's `dir` and `dir/*` entries). */
function workspaceManifests(root: string): string[] {
  const globs = (parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages?: string[] }).packages ?? [];
  return globs
    .flatMap((glob) => {
      const base = join(root, glob.replace(/\/\*$/, ''));
      if (!glob.endsWith('/*')) return [base];
      return existsSync(base)
        ? readdirSync(base, { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => join(base, d.name))
        : [];
    })
    .map((dir) => join(dir, 'package.json'))
    .filter((file) => existsSync(file));
}
