// redocly.yaml's `apis:` must say what specs/vendors.yaml says (one entry per vendor: its spec root, and
// openapi-typescript's output in its package), so the vendor list lives in one place and this file cannot drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Vendor, repoRoot } from '@echo-openapi/tooling-core';
import { isMap, isScalar, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
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
  const problem = (node: YamlNode | null | undefined, message: string): Problem => ({ tool: 'vendors', file, ...at(node), rule: 'redocly-apis', message, severity: 'error' });
  const apis = doc.get('apis', true);
  if (!isMap(apis)) return [problem(doc.contents, 'redocly.yaml has no `apis:` map; it needs one entry per vendor in specs/vendors.yaml.')];

  const problems: Problem[] = [];
  const entries = apis.items.map((pair) => {
    const value = pair.value;
    const get = (path: string[]) => (isMap(value) ? value.getIn(path, true) : undefined) as YamlNode | undefined;
    const text = (node: YamlNode | undefined) => (isScalar(node) ? String(node.value) : undefined);
    return { key: pair.key as YamlNode, name: String(isScalar(pair.key) ? pair.key.value : pair.key), root: get(['root']), output: get(['x-openapi-ts', 'output']), text };
  });
  for (const vendor of vendors) {
    const entry = entries.find((e) => e.text(e.root) === vendor.spec);
    if (!entry) {
      problems.push(problem(apis, `No apis entry for vendor ${vendor.id} (specs/vendors.yaml): add \`${vendor.id}@v1: { root: ${vendor.spec}, x-openapi-ts: { output: ${schemaOutput(vendor)} } }\`.`));
      continue;
    }
    if (!entry.name.startsWith(`${vendor.id}@`)) problems.push(problem(entry.key, `apis entry ${entry.name} has vendor ${vendor.id}'s root; name it ${vendor.id}@<version>.`));
    if (entry.text(entry.output) !== schemaOutput(vendor)) {
      problems.push(problem(entry.output ?? entry.key, `apis entry ${entry.name}: x-openapi-ts.output must be ${schemaOutput(vendor)} (packageDir ${vendor.packageDir} in specs/vendors.yaml).`));
    }
  }
  for (const entry of entries) {
    if (!vendors.some((v) => v.spec === entry.text(entry.root))) {
      problems.push(problem(entry.key, `apis entry ${entry.name} (root ${entry.text(entry.root) ?? 'missing'}) is no vendor in specs/vendors.yaml: add the vendor there or remove the entry.`));
    }
  }
  return problems;
}
