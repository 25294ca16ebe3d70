import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface VendorFacts {
  id: string;
  title: string;
  purpose: string;
  package: string;
  mockPort: number;
  sandboxPort: number;
  /** Dotted paths into the vendor's error body: where its message, code and field details live. */
  errorEnvelope: { message: string; code?: string; details?: string };
}

const generated = (file: string) => new URL(`../generated/${file}`, import.meta.url);
const read = (file: string): unknown => JSON.parse(readFileSync(generated(file), 'utf8'));

/** The vendors this package carries, with their mock and sandbox ports and error envelope. */
export const vendors = read('vendors.json') as VendorFacts[];

/** A vendor's bundled spec as a parsed document; `dereferenced: true` inlines every $ref. */
export function loadSpec(id: string, { dereferenced = false }: { dereferenced?: boolean } = {}): Record<string, unknown> {
  if (!vendors.some((vendor) => vendor.id === id)) {
    throw new Error(`Unknown vendor "${id}". Known vendors: ${vendors.map((vendor) => vendor.id).join(', ')}`);
  }
  return read(`${id}${dereferenced ? '.dereferenced' : ''}.json`) as Record<string, unknown>;
}

/** The absolute path of a vendor's bundled spec file. */
export function specFile(id: string, format: 'yaml' | 'json' | 'dereferenced.json' = 'yaml'): string {
  return fileURLToPath(generated(`${id}.${format}`));
}
