import type { OpenApiDocument } from '@echo-openapi/tooling-core';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** One cell of the coverage table: an operation and one of its documented status codes. */
export interface ExpectedCase {
  operationId: string;
  method: string;
  path: string;
  code: string;
}

/** Every operation x documented response code: what a complete contract run must cover. */
export function expectedCases(spec: OpenApiDocument): ExpectedCase[] {
  const cases: ExpectedCase[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method] as { operationId?: string; responses?: Record<string, unknown> } | undefined;
      if (!op) continue;
      for (const code of Object.keys(op.responses ?? {})) {
        if (code === 'default') continue;
        cases.push({ operationId: op.operationId ?? `${method} ${path}`, method, path, code });
      }
    }
  }
  return cases;
}
