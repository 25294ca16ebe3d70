import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ReferenceObject, SchemaObject, SecuritySchemeObject } from 'openapi-typescript';
import { credentialPlacement } from '@echo-openapi/runtime';
import type { ApiOperation } from './model.js';

// ajv-formats is CommonJS with a default export; under NodeNext its namespace is what `import x` yields.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

export interface RequestInput {
  pathParams?: Record<string, string>;
  query?: URLSearchParams | Record<string, string | string[] | undefined>;
  /** Header names in any case. */
  headers?: Record<string, string | string[] | undefined>;
  /** The media type the body was sent as (parameters after `;` are ignored). */
  contentType?: string;
  /** The parsed JSON body; undefined when the request has none. */
  body?: unknown;
}

export interface ValidationIssue {
  in: 'path' | 'query' | 'header' | 'cookie' | 'body' | 'security';
  /** The parameter's name, the body field as a JSON pointer without the leading slash (`tagNames/0`), or the scheme names. */
  name: string;
  message: string;
}

export interface RealResponse {
  statusCode?: number | string;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
}

export interface Validator {
  /** Every way `input` breaks the operation's security, parameters (coerced from strings) and body; empty when valid. */
  request(operation: ApiOperation, input: RequestInput): ValidationIssue[];
  /** Every way `real` breaks the documented `code` response: status, declared headers, media type and body schema. */
  response(operation: ApiOperation, code: string, real: RealResponse, mediaType?: string): string[];
  /** A cached validator for any schema of the document. */
  schema(schema: SchemaObject | ReferenceObject | object): (value: unknown) => { valid: boolean; errors: string[] };
}

function newAjv(coerceTypes: boolean | 'array'): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

function lowerKeys<T>(record: Record<string, T> | undefined): Record<string, T> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function pointer(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '');
  const child = error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty : undefined;
  return [base, child].filter(Boolean).join('/');
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return `must not have the property "${(error.params as { additionalProperty: string }).additionalProperty}"`;
    case 'pattern':
      return `must match ${(error.params as { pattern: string }).pattern}`;
    case 'enum':
      return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? error.keyword;
  }
}

type Issue = Pick<ValidationIssue, 'name' | 'message'>;
const issueKey = (issue: Issue) => `${issue.name}\0${issue.message}`;

/**
 * Ajv's errors said as the vendor would: each field and what is wrong with it, once. An `anyOf`/`oneOf` that
 * failed reports each branch's errors, most of them shared (a bad `recipient_contact` in every branch) and the
 * rest naming what tells the branches apart (`message` required in one, `template_id` in the other): those
 * become one issue each ("message or template_id is required") instead of the branches' lists plus
 * "must match a schema in anyOf". Innermost composites first, so nested ones fold into their parents.
 */
function explain(errors: readonly ErrorObject[]): Issue[] {
  const isComposite = (error: ErrorObject) => error.keyword === 'anyOf' || error.keyword === 'oneOf';
  let found = errors.filter((e) => !isComposite(e)).map((e) => ({ schemaPath: e.schemaPath, issue: { name: pointer(e), message: describe(e) } }));
  const composites = errors.filter(isComposite).sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const composite of composites) {
    const prefix = `${composite.schemaPath}/`;
    const branches = new Map<string, Issue[]>();
    let at = -1;
    const rest = found.filter((f, index) => {
      const branch = f.schemaPath.startsWith(prefix) ? /^\d+/.exec(f.schemaPath.slice(prefix.length))?.[0] : undefined;
      if (branch === undefined) return true;
      if (at < 0) at = index;
      branches.set(branch, [...(branches.get(branch) ?? []), f.issue]);
      return false;
    });
    const summary = (
      branches.size === 0
        ? // A oneOf that several branches satisfy: nothing is wrong with any field, the combination is.
          [{ name: pointer(composite), message: 'fits more than one of its accepted forms; send the fields of one only' }]
        : alternatives([...branches.values()])
    ).map((issue) => ({ schemaPath: composite.schemaPath, issue }));
    found = at < 0 ? [...rest, ...summary] : [...rest.slice(0, at), ...summary, ...rest.slice(at)];
  }
  return unique(found.map((f) => f.issue));
}

/** What a failed anyOf/oneOf means: what every branch says once, then what would satisfy one branch. */
function alternatives(branches: Issue[][]): Issue[] {
  const inEvery = (issue: Issue) => branches.every((b) => b.some((i) => issueKey(i) === issueKey(issue)));
  const common = unique(branches[0]!.filter(inEvery));
  const remaining = branches.map((b) => b.filter((i) => !inEvery(i)));
  // Fixing the shared issues satisfies a branch: they are all there is to say.
  if (remaining.some((r) => r.length === 0)) return common;
  // Each branch wants one field of its own: "message or template_id is required".
  if (remaining.every((r) => r.length === 1 && r[0]!.message === 'is required'))
    return [
      ...common,
      {
        name: unique(remaining.map((r) => r[0]!))
          .map((i) => i.name)
          .join(' or '),
        message: 'is required',
      },
    ];
  // Otherwise the closest branch (fewest problems) says what to change.
  return [...common, ...remaining.reduce((closest, r) => (r.length < closest.length ? r : closest))];
}

function unique<T extends Issue>(issues: readonly T[]): T[] {
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issueKey(issue)) && Boolean(seen.add(issueKey(issue))));
}

/**
 * The issues as one sentence for an error message: `field what-is-wrong`, separated by `; `, each once (an issue
 * about the body as a whole has no field name and says so itself).
 */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return unique(issues)
    .map((issue) => (issue.name ? `${issue.name} ${issue.message}` : issue.message))
    .join('; ');
}

/** The validator of one document: one Ajv per coercion mode, every compiled schema cached by identity. */
export function createValidator(securitySchemes: Record<string, SecuritySchemeObject>): Validator {
  const strict = newAjv(false);
  const coercing = newAjv('array');
  const cache = new WeakMap<object, ValidateFunction>();
  const wrappedCache = new WeakMap<object, ValidateFunction>();

  const compile = (schema: object): ValidateFunction => {
    let fn = cache.get(schema);
    if (!fn) {
      fn = strict.compile(schema);
      cache.set(schema, fn);
    }
    return fn;
  };
  // Parameters and headers arrive as strings: validate them inside a wrapper so Ajv can coerce in place.
  const compileCoercing = (schema: object): ValidateFunction => {
    let fn = wrappedCache.get(schema);
    if (!fn) {
      fn = coercing.compile({ type: 'object', properties: { value: schema } });
      wrappedCache.set(schema, fn);
    }
    return fn;
  };
  const checkValue = (schema: object, value: unknown): string[] => {
    const fn = compileCoercing(schema);
    return fn({ value }) ? [] : (fn.errors ?? []).map(describe);
  };

  function securityIssues(
    operation: ApiOperation,
    headers: Record<string, string | string[] | undefined>,
    query: (name: string) => string | undefined,
  ): ValidationIssue[] {
    if (operation.security.length === 0 || operation.security.some((alternative) => alternative.length === 0)) return [];
    const present = (name: string): boolean => {
      const placement = credentialPlacement(securitySchemes[name] as Parameters<typeof credentialPlacement>[0]);
      if (!placement) return false;
      if (placement.in === 'query') return Boolean(query(placement.name));
      if (placement.in === 'cookie') return new RegExp(`(?:^|;\\s*)${placement.name}=`).test(first(headers.cookie) ?? '');
      const value = first(headers[placement.name.toLowerCase()]);
      if (!value) return false;
      return placement.prefix === '' || (value.toLowerCase().startsWith(placement.prefix.toLowerCase()) && value.length > placement.prefix.length);
    };
    if (operation.security.some((alternative) => alternative.every(present))) return [];
    return [{ in: 'security', name: operation.security.map((a) => a.join(' + ')).join(' or '), message: 'credentials are missing' }];
  }

  return {
    request(operation, input) {
      const issues: ValidationIssue[] = [];
      const headers = lowerKeys(input.headers);
      const query = input.query instanceof URLSearchParams ? input.query : undefined;
      const queryRecord = input.query instanceof URLSearchParams ? undefined : (input.query ?? {});
      const queryValues = (name: string): string[] => {
        if (query) return query.getAll(name);
        const value = queryRecord?.[name];
        return value === undefined ? [] : Array.isArray(value) ? value : [value];
      };
      issues.push(...securityIssues(operation, headers, (name) => queryValues(name)[0]));

      for (const parameter of operation.parameters) {
        let value: unknown;
        if (parameter.in === 'path') value = input.pathParams?.[parameter.name];
        else if (parameter.in === 'header') value = first(headers[parameter.name.toLowerCase()]);
        else if (parameter.in === 'query') {
          const values = queryValues(parameter.name);
          value = (parameter.schema as { type?: string } | undefined)?.type === 'array' ? (values.length ? values : undefined) : values[0];
        } else continue;
        if (value === undefined || value === '') {
          if (parameter.required || parameter.in === 'path') issues.push({ in: parameter.in, name: parameter.name, message: 'is required' });
          continue;
        }
        if (parameter.schema)
          for (const message of checkValue(parameter.schema, value)) issues.push({ in: parameter.in, name: parameter.name, message });
      }

      const body = operation.requestBody;
      if (body) {
        if (input.body === undefined) {
          if (body.required) issues.push({ in: 'body', name: '', message: 'a request body is required' });
        } else {
          const sent = (input.contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
          const declared = Object.keys(body.content);
          const matched = declared.find((type) => type.toLowerCase() === sent) ?? declared.find((type) => type === '*/*');
          if (!matched) issues.push({ in: 'body', name: '', message: `content type "${sent}" is not accepted; send ${declared.join(' or ')}` });
          else {
            const schema = body.content[matched]?.schema;
            if (schema) {
              const fn = compile(schema);
              if (!fn(input.body))
                for (const { name, message } of explain(fn.errors ?? []))
                  issues.push({ in: 'body', name, message: name ? message : `the body ${message}` });
            }
          }
        }
      } else if (input.body !== undefined && input.body !== null && input.body !== '') {
        // A body the operation does not take is ignored, as servers do; nothing to report.
      }
      return issues;
    },

    response(operation, code, real, mediaType) {
      const errors: string[] = [];
      const status = String(real.statusCode ?? '');
      if (status !== code) errors.push(`status ${status || '(none)'}, expected ${code}`);
      const response = operation.responses[status] ?? operation.responses[code];
      if (!response) return errors;

      const headers = lowerKeys(real.headers);
      for (const [name, header] of Object.entries(response.headers ?? {})) {
        const declared = header as { required?: boolean; schema?: object };
        const value = first(headers[name.toLowerCase()]);
        if (value === undefined) {
          if (declared.required) errors.push(`header ${name} is missing`);
          continue;
        }
        if (declared.schema) for (const message of checkValue(declared.schema, value)) errors.push(`header ${name} ${message}`);
      }

      const content = response.content ?? {};
      const declaredTypes = Object.keys(content);
      if (declaredTypes.length === 0) return errors;
      const actualType = (first(headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase();
      const matched = declaredTypes.find((type) => type.toLowerCase() === actualType);
      if (!matched) {
        errors.push(`content-type "${actualType || '(none)'}", expected ${mediaType ?? declaredTypes.join(' or ')}`);
        return errors;
      }
      const schema = content[matched]?.schema;
      if (!schema || !/json/.test(matched)) return errors;
      let body: unknown;
      try {
        body = JSON.parse(real.body ?? '');
      } catch {
        errors.push('body is not valid JSON');
        return errors;
      }
      const fn = compile(schema);
      if (!fn(body)) for (const error of fn.errors ?? []) errors.push(`body /${pointer(error)} ${describe(error)}`);
      return errors;
    },

    schema(schema) {
      const fn = compile(schema);
      return (value) =>
        fn(value) ? { valid: true, errors: [] } : { valid: false, errors: (fn.errors ?? []).map((e) => `/${pointer(e)} ${describe(e)}`) };
    },
  };
}
