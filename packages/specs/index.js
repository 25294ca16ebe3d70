import { readFileSync } from 'node:fs';

const read = (file) => JSON.parse(readFileSync(new URL(`./generated/${file}`, import.meta.url), 'utf8'));

/** The vendors this package carries, with their mock and sandbox ports and error envelope. */
export const vendors = read('vendors.json');

/** A vendor's bundled spec as a parsed document; `dereferenced: true` inlines every $ref. */
export function loadSpec(id, { dereferenced = false } = {}) {
  if (!vendors.some((vendor) => vendor.id === id)) {
    throw new Error(`Unknown vendor "${id}". Known vendors: ${vendors.map((vendor) => vendor.id).join(', ')}`);
  }
  return read(`${id}${dereferenced ? '.dereferenced' : ''}.json`);
}

/** The absolute path of a vendor's bundled spec file. */
export function specFile(id, format = 'yaml') {
  return new URL(`./generated/${id}.${format}`, import.meta.url).pathname;
}
