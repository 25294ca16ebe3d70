import type { ApiModel } from '@echo-openapi/api-model';

/** One cell of the coverage table: an operation and one of its documented status codes. */
export interface ExpectedCase {
  operationId: string;
  method: string;
  path: string;
  code: string;
}

/** Every operation x documented response code: what a complete contract run must cover. */
export function expectedCases(model: Pick<ApiModel, 'operations'>): ExpectedCase[] {
  return model.operations.flatMap((op) =>
    Object.keys(op.responses)
      .filter((code) => code !== 'default')
      .map((code) => ({ operationId: op.id, method: op.method, path: op.path, code })),
  );
}
