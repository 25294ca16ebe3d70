import type { OperationMetadata, VendorMetadata } from './metadata.js';

/** An operation's metadata together with its operationId. */
export type OperationEntry = OperationMetadata & { operationId: string };

const indexes = new WeakMap<VendorMetadata, Map<string, OperationEntry>>();

/** The operation a request belongs to, by HTTP method and the spec's path template. */
export function findOperation(vendor: VendorMetadata, method: string, schemaPath: string): OperationEntry | undefined {
  let index = indexes.get(vendor);
  if (!index) {
    index = new Map(Object.entries(vendor.operations).map(([operationId, op]) => [`${op.method} ${op.path}`, { ...op, operationId }]));
    indexes.set(vendor, index);
  }
  return index.get(`${method.toLowerCase()} ${schemaPath}`);
}
