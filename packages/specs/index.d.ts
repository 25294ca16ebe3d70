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
/** The vendors this package carries, with their mock and sandbox ports and error envelope. */
export declare const vendors: VendorFacts[];
/** A vendor's bundled spec as a parsed document; `dereferenced: true` inlines every $ref. */
export declare function loadSpec(id: string, options?: { dereferenced?: boolean }): Record<string, unknown>;
/** The absolute path of a vendor's bundled spec file (`yaml`, `json` or `dereferenced.json`). */
export declare function specFile(id: string, format?: 'yaml' | 'json' | 'dereferenced.json'): string;
