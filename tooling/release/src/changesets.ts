import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '@echo-openapi/tooling-core';
import { parseDocument, isMap, isScalar, LineCounter } from 'yaml';
import { CLASS_ORDER, type ChangeClass } from './diff.js';

/** One package bump from a pending changeset file. */
export interface PendingBump {
  package: string;
  bump: ChangeClass;
  /** The changeset file, relative to the repo root, and the line of this entry. */
  file: string;
  line: number;
}

const BUMPS = new Set<string>(CLASS_ORDER);

/**
 * Reads the pending changesets (`.changeset/*.md` except README.md): the YAML front matter maps package
 * names to `major | minor | patch | none`. A malformed file or an unknown package is an error naming the
 * file and line, as `changeset version` would fail on it later anyway.
 */
export function readChangesets(dir: string, knownPackages: readonly string[], root = repoRoot): PendingBump[] {
  if (!existsSync(dir)) return [];
  const bumps: PendingBump[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.md') || name.toLowerCase() === 'readme.md') continue;
    const path = join(dir, name);
    bumps.push(...parseChangeset(readFileSync(path, 'utf8'), relative(root, path), knownPackages));
  }
  return bumps;
}

export function parseChangeset(text: string, file: string, knownPackages: readonly string[]): PendingBump[] {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new Error(`${file}:1: a changeset starts with a "---" front matter line`);
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end < 0) throw new Error(`${file}:1: the front matter is not closed by a second "---" line`);
  const front = lines.slice(1, end).join('\n');
  if (front.trim() === '') return []; // an empty changeset: a change that releases nothing
  const counter = new LineCounter();
  const doc = parseDocument(front, { lineCounter: counter });
  // Front matter starts on line 2 of the file.
  const lineOf = (offset: number | undefined) => (offset === undefined ? 2 : counter.linePos(offset).line + 1);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new Error(`${file}:${lineOf(error.pos[0])}: ${error.message.split('\n')[0]}`);
  }
  if (!isMap(doc.contents)) throw new Error(`${file}:2: the front matter must map package names to major, minor, patch or none`);
  return doc.contents.items.map((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const value = isScalar(pair.value) ? String(pair.value.value) : String(pair.value);
    const line = lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    if (!knownPackages.includes(key)) {
      throw new Error(`${file}:${line}: unknown package "${key}". Known packages: ${knownPackages.join(', ')}`);
    }
    if (!BUMPS.has(value)) throw new Error(`${file}:${line}: "${key}": "${value}" is not major, minor, patch or none`);
    return { package: key, bump: value as ChangeClass, file, line };
  });
}
