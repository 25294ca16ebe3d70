// Deliberate drift: mutated copies of a (dereferenced) spec, to prove the contract pipeline fails when a
// server stops honouring the spec. A mock served from a drifted copy is "an API that drifted"; the
// contract run still checks it against the true spec.
import { buildApiModel, type WalkableSchema } from '@echo-openapi/api-model';
import type { OpenApiDocument } from '@echo-openapi/tooling-core';

export type DriftKind = 'wrong-type' | 'missing-required' | 'renamed-field' | 'wrong-status' | 'missing-header';

export const DRIFT_KINDS: readonly DriftKind[] = ['wrong-type', 'missing-required', 'renamed-field', 'wrong-status', 'missing-header'];

export interface Drift {
  kind: DriftKind;
  operationId: string;
  /** The documented status the drift breaks. */
  code: string;
  /** What a failure report must name: the field, the header, or `status`. */
  names: string;
}

type Schema = WalkableSchema;

interface Target {
  operationId: string;
  code: string;
  response: { content?: Record<string, { schema?: Schema; example?: unknown }>; headers?: Record<string, { required?: boolean }> };
  responses: Record<string, unknown>;
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/** Every operation's success response: what a drift can break (in place: the model's objects are the document's). */
function targets(spec: OpenApiDocument): Target[] {
  return buildApiModel(spec).operations.flatMap((op) => {
    // The raw responses object, so a moved status lands in the document Prism serves.
    const responses = op.object.responses as Record<string, Target['response']>;
    const code = Object.keys(responses).find((c) => c.startsWith('2'));
    const response = code ? responses[code] : undefined;
    return code && response ? [{ operationId: op.id, code, response, responses }] : [];
  });
}

/**
 * The path (keys) to a required scalar property that the example shows, depth first: the field a
 * wrong-type, missing-required or renamed-field drift breaks.
 */
function requiredScalar(schema: Schema | undefined, example: unknown, path: string[] = []): string[] | undefined {
  if (!schema || typeof example !== 'object' || example === null) return undefined;
  if (Array.isArray(example)) return example.length > 0 ? requiredScalar(schema.items, example[0], [...path, '0']) : undefined;
  const record = example as Record<string, unknown>;
  for (const key of schema.required ?? []) {
    const property = schema.properties?.[key];
    if (property && key in record && SCALARS.has(property.type ?? '') && record[key] !== null) return [...path, key];
  }
  for (const key of schema.required ?? []) {
    const nested = requiredScalar(schema.properties?.[key], record[key], [...path, key]);
    if (nested) return nested;
  }
  return undefined;
}

function parentOf(root: unknown, path: string[]): Record<string, unknown> {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  return node;
}

/** Applies one drift of `kind` to a target; returns undefined when this target cannot carry it. */
function apply(kind: DriftKind, target: Target): Drift | undefined {
  const media = target.response.content?.['application/json'];
  const base = { kind, operationId: target.operationId, code: target.code };
  if (kind === 'wrong-status') {
    const moved = target.code === '200' ? '202' : '200';
    if (target.responses[moved]) return undefined;
    target.responses[moved] = target.responses[target.code];
    delete target.responses[target.code];
    return { ...base, names: 'status' };
  }
  if (kind === 'missing-header') {
    const header = Object.entries(target.response.headers ?? {}).find(([, h]) => h.required)?.[0];
    if (!header) return undefined;
    delete target.response.headers![header];
    return { ...base, names: header };
  }
  const path = media ? requiredScalar(media.schema, media.example) : undefined;
  if (!media || !path) return undefined;
  const parent = parentOf(media.example, path);
  const key = path[path.length - 1]!;
  if (kind === 'wrong-type') parent[key] = typeof parent[key] === 'string' ? 12345 : 'not-a-number';
  if (kind === 'missing-required') delete parent[key];
  if (kind === 'renamed-field') {
    parent[`${key}_renamed`] = parent[key];
    delete parent[key];
  }
  return { ...base, names: key };
}

/**
 * Rounds of drift for a spec: each round is one drifted copy in which every kind this spec can carry
 * breaks a different operation (so one server run shows each break by itself). A kind no operation can
 * carry (no required header anywhere) is left out and listed in `unsupported`.
 */
export function driftRounds(
  spec: OpenApiDocument,
  kinds: readonly DriftKind[] = DRIFT_KINDS,
): { rounds: { spec: OpenApiDocument; drifts: Drift[] }[]; unsupported: DriftKind[] } {
  const rounds: { spec: OpenApiDocument; drifts: Drift[] }[] = [];
  const unsupported: DriftKind[] = [];
  let pending = [...kinds];
  while (pending.length > 0) {
    const copy = structuredClone(spec);
    const available = targets(copy);
    const drifts: Drift[] = [];
    const left: DriftKind[] = [];
    for (const kind of pending) {
      const drift = available
        .filter((t) => !drifts.some((d) => d.operationId === t.operationId))
        .reduce<Drift | undefined>((done, t) => done ?? apply(kind, t), undefined);
      if (drift) drifts.push(drift);
      else if (targets(structuredClone(spec)).some((t) => apply(kind, t))) left.push(kind);
      else unsupported.push(kind);
    }
    if (drifts.length === 0) break;
    rounds.push({ spec: copy, drifts });
    pending = left;
  }
  return { rounds, unsupported };
}
