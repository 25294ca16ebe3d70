import type { ApiModel, ApiOperation } from './model.js';

/** One OpenAPI link: a successful `from` response feeds `to`'s parameters and body through runtime expressions. */
export interface Link {
  from: ApiOperation;
  to: ApiOperation;
  /** Target parameters, each set to a `$response.body#/json/pointer` (other expressions are not followed). */
  parameters: { in: 'path' | 'query' | 'header'; name: string; expression: string }[];
  /**
   * The link's `requestBody`: a literal whose `$response.body#/...` values are evaluated. An object is laid
   * over the request's own body (`{contact_id: $response.body#/data/contact_id}` names the resource, the rest
   * stays); anything else replaces it.
   */
  requestBody?: unknown;
}

/** What a link puts into its target's request, evaluated against the source's response body. */
export interface LinkValues {
  path: Record<string, string>;
  query: Record<string, string>;
  header: Record<string, string>;
  /** Present when the link declares a request body. */
  body?: unknown;
}

type LinkObject = { operationId?: string; parameters?: Record<string, unknown>; requestBody?: unknown };

/** The links declared on the operations' 2xx responses, to operations of the same document, in document order. */
export function linksOf(operations: readonly ApiOperation[]): Link[] {
  const byId = new Map(operations.map((op) => [op.id, op]));
  return operations.flatMap((from) =>
    Object.entries(from.responses)
      .filter(([code]) => code.startsWith('2'))
      .flatMap(([, response]) => Object.values((response as { links?: Record<string, LinkObject> }).links ?? {}))
      .flatMap((link) => {
        const to = link.operationId ? byId.get(link.operationId) : undefined;
        if (!to) return [];
        const parameters = Object.entries(link.parameters ?? {}).map(([key, expression]) => {
          // `path.id` names the location; a bare name is the target's parameter of that name.
          const qualified = /^(path|query|header)\.(.+)$/.exec(key);
          const name = qualified ? qualified[2]! : key;
          const where = (qualified?.[1] ?? to.parameters.find((p) => p.name === name)?.in ?? 'path') as Link['parameters'][number]['in'];
          return { in: where, name, expression: String(expression) };
        });
        return [{ from, to, parameters, ...(link.requestBody === undefined ? {} : { requestBody: link.requestBody }) }];
      }),
  );
}

/** The links from `op`'s 2xx responses. */
export function linksFrom(model: Pick<ApiModel, 'links'>, op: ApiOperation): Link[] {
  return model.links.filter((link) => link.from === op);
}

/** An operation that removes its resource: a DELETE, or one the spec declares a delete (`x-sandbox`, e.g. a POST /contact/delete). */
export function removesResource(op: ApiOperation): boolean {
  return op.method === 'delete' || (op.extensions['x-sandbox'] as { action?: string } | undefined)?.action === 'delete';
}

/** `$response.body#/data/id` against a parsed body: the value there (undefined when it is another kind of expression or finds nothing). */
function resolve(expression: string, body: unknown): unknown {
  const match = /^\$response\.body#(\/.*)?$/.exec(expression);
  if (!match) return undefined;
  let node = body;
  for (const token of (match[1] ?? '')
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node ?? undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** A `requestBody` literal with its runtime expressions evaluated; undefined when one finds nothing. */
function evaluate(literal: unknown, body: unknown): unknown {
  if (typeof literal === 'string' && literal.startsWith('$')) return resolve(literal, body);
  if (Array.isArray(literal)) {
    const items = literal.map((item) => evaluate(item, body));
    return items.includes(undefined) ? undefined : items;
  }
  if (isRecord(literal)) {
    const entries = Object.entries(literal).map(([key, value]) => [key, evaluate(value, body)] as const);
    return entries.some(([, value]) => value === undefined) ? undefined : Object.fromEntries(entries);
  }
  return literal;
}

/** The values a link takes from the source's parsed response body; undefined when the body lacks one of them. */
export function linkValues(link: Link, sourceBody: unknown): LinkValues | undefined {
  const values: LinkValues = { path: {}, query: {}, header: {} };
  for (const parameter of link.parameters) {
    const value = resolve(parameter.expression, sourceBody);
    if (value === undefined || typeof value === 'object') return undefined;
    values[parameter.in][parameter.name] = String(value);
  }
  if (link.requestBody !== undefined) {
    const body = evaluate(link.requestBody, sourceBody);
    if (body === undefined) return undefined;
    values.body = body;
  }
  return values;
}

/** A request body with a link's body applied: an object is laid over an object body, anything else replaces it. */
export function withLinkBody(body: unknown, linked: unknown): unknown {
  return isRecord(linked) && isRecord(body) ? { ...body, ...linked } : linked;
}
