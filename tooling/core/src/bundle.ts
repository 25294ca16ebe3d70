import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { OpenApiDocument } from '@echo-openapi/api-model';
import { binPath, runNode } from './process.js';
import { repoRoot, specPath, type Vendor } from './vendors.js';

export interface BundleOptions {
  /** Inline every $ref (Dredd reads dereferenced documents more reliably). */
  dereferenced?: boolean;
  /** Where to write; a fresh temporary directory when omitted, so parallel callers never share a file. */
  outDir?: string;
  /**
   * `yaml` or `json`. Default: `json` when dereferenced (Redocly writes the shared inlined schemas as YAML
   * anchors, more aliases than the yaml parser accepts), `yaml` otherwise.
   */
  ext?: 'yaml' | 'json';
}

export type { OpenApiDocument };

export interface Bundle {
  path: string;
  document: OpenApiDocument;
}

/** Bundles a vendor's split spec into one file with Redocly; errors carry Redocly's file:line report. */
export async function bundleSpec(vendor: Vendor, options: BundleOptions = {}): Promise<Bundle> {
  return bundleFile(specPath(vendor), `${vendor.id}${options.dereferenced ? '.dereferenced' : ''}`, options);
}

export async function bundleFile(root: string, name: string, options: BundleOptions = {}): Promise<Bundle> {
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'echo-openapi-'));
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${name}.${options.ext ?? (options.dereferenced ? 'json' : 'yaml')}`);
  const args = ['bundle', root, '--output', out];
  if (options.dereferenced) args.push('--dereferenced');
  const result = await runNode(binPath('@redocly/cli', 'redocly'), args, { cwd: repoRoot });
  if (result.code !== 0) {
    throw new Error(`Could not bundle ${root}:\n${result.stderr || result.stdout}`);
  }
  return { path: out, document: parse(readFileSync(out, 'utf8')) as OpenApiDocument };
}
