import type { HttpMethod } from './methods.js';
import type { ApiOperation } from './model.js';

export interface RouteMatch {
  operation: ApiOperation;
  /** Path parameters, percent-decoded. */
  pathParams: Record<string, string>;
}

export interface Router {
  /** The operation for a concrete path (without the server's base path) and method; literal segments beat templates. */
  match(method: string, path: string): RouteMatch | undefined;
  /** The methods defined for a concrete path (for a 405 with `Allow`); empty when no path template matches. */
  methodsFor(path: string): HttpMethod[];
}

interface Route {
  template: string;
  pattern: RegExp;
  names: string[];
  /** Sort key: templates with more literal characters and fewer parameters win (`/contacts/search` over `/contacts/{id}`). */
  literalLength: number;
  operations: Map<string, ApiOperation>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(template: string): Omit<Route, 'operations'> {
  const names: string[] = [];
  let literalLength = 0;
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name) {
        names.push(name);
        return '([^/]+?)';
      }
      literalLength += part.length;
      return escapeRegExp(part);
    })
    .join('');
  return { template, pattern: new RegExp(`^${source}/?$`), names, literalLength };
}

export function createRouter(operations: readonly ApiOperation[]): Router {
  const byTemplate = new Map<string, Route>();
  for (const operation of operations) {
    let route = byTemplate.get(operation.path);
    if (!route) {
      route = { ...compile(operation.path), operations: new Map() };
      byTemplate.set(operation.path, route);
    }
    route.operations.set(operation.method, operation);
  }
  const routes = [...byTemplate.values()].sort((a, b) => a.names.length - b.names.length || b.literalLength - a.literalLength);

  function* candidates(path: string): Generator<{ route: Route; pathParams: Record<string, string> }> {
    for (const route of routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, i) => {
        const raw = found[i + 1] ?? '';
        try {
          pathParams[name] = decodeURIComponent(raw);
        } catch {
          pathParams[name] = raw;
        }
      });
      yield { route, pathParams };
    }
  }

  return {
    match(method, path) {
      const wanted = method.toLowerCase();
      for (const { route, pathParams } of candidates(path)) {
        const operation = route.operations.get(wanted);
        if (operation) return { operation, pathParams };
      }
      return undefined;
    },
    methodsFor(path) {
      const methods = new Set<HttpMethod>();
      for (const { route } of candidates(path)) for (const op of route.operations.values()) methods.add(op.method);
      return [...methods];
    },
  };
}
