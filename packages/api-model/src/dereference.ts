/** A copy of a bundled spec with every local `$ref` inlined (bundles have no other kind, and no cycles). */
export function dereference<T extends object>(spec: T): T {
  const resolving = new Set<string>();
  const resolved = new Map<string, unknown>();
  const lookup = (ref: string): unknown => {
    if (!ref.startsWith('#/')) throw new Error(`Cannot resolve ${ref}: only local refs are expected in a bundled spec`);
    if (resolved.has(ref)) return resolved.get(ref);
    if (resolving.has(ref)) throw new Error(`${ref} refers to itself`);
    resolving.add(ref);
    const target = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], spec);
    if (target === undefined) throw new Error(`${ref} does not exist`);
    const value = walk(target);
    resolving.delete(ref);
    resolved.set(ref, value);
    return value;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    if (typeof (node as { $ref?: unknown }).$ref === 'string') return lookup((node as { $ref: string }).$ref);
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
  };
  return walk(spec) as T;
}
