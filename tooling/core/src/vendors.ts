import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root: tooling/core/src -> ../../.. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface CredentialOption {
  /** Security scheme (in the spec's components.securitySchemes) this client option fills. */
  scheme: string;
  /** Environment variable a live contract run reads the credential from. */
  env: string;
  /**
   * A credential more than one scheme can carry, chosen by another client option (UserEcho `tokenIn`):
   * that option's name and, per value, the scheme it selects; `scheme` above is the default.
   */
  schemeChoice?: { option: string; schemes: Record<string, string> };
}

export interface Vendor {
  id: string;
  title: string;
  purpose: string;
  /** Root of the spec, relative to the repo root. */
  spec: string;
  package: string;
  packageDir: string;
  factory: string;
  mockPort: number;
  /** Port of the stateful sandbox (`pnpm sandbox`). */
  sandboxPort: number;
  credentials: Record<string, CredentialOption>;
  baseUrlEnv: string;
  /**
   * Where the error envelope carries the message, code and details (dotted paths); `failureField` and
   * `failureValues` when the body itself reports failure whatever the HTTP status (UserEcho `status: fail`).
   */
  errorEnvelope: { message: string; code?: string; details?: string; failureField?: string; failureValues?: (string | number | boolean)[] };
  /**
   * Per operation: statuses with which the API refuses a schema-valid request because of its state (an id
   * that names nothing where no 404 is documented, a name already taken), which no schema can say. The fuzz
   * run's positive_data_acceptance does not count them as refusing valid data.
   */
  stateRefusals?: Record<string, { statuses: number[]; why: string }>;
}

export function loadVendors(file = join(repoRoot, 'specs/vendors.yaml')): Vendor[] {
  const doc = parse(readFileSync(file, 'utf8')) as { vendors: Vendor[] };
  return doc.vendors;
}

/** Vendors selected by id (all when `ids` is empty); an unknown id is an error naming the known ones. */
export function selectVendors(ids: readonly string[], vendors = loadVendors()): Vendor[] {
  if (ids.length === 0) return vendors;
  return ids.map((id) => {
    const vendor = vendors.find((v) => v.id === id);
    if (!vendor) throw new Error(`Unknown vendor "${id}". Known vendors: ${vendors.map((v) => v.id).join(', ')}`);
    return vendor;
  });
}

/** The spec root as an absolute path (`vendor.spec` is relative to the repo root, or absolute). */
export function specPath(vendor: Vendor): string {
  return resolve(repoRoot, vendor.spec);
}
