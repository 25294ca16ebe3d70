// x-codeSamples for every operation, generated at build time from the API model (@echo-openapi/api-model:
// operations, exampleOf, credentialParams) and specs/vendors.yaml: a curl command, a TypeScript call with the
// vendor's client and a Python call with requests. Nothing here is written by hand per operation, so a spec
// change changes the samples; test/code-samples.test.ts type-checks every TypeScript sample and compiles
// every Python one.
import {
  buildApiModel,
  credentialParams,
  dereference,
  credentialPlacement,
  exampleOf,
  type ApiModel,
  type ApiOperation,
} from '@echo-openapi/api-model';
import type { OpenApiDocument, Vendor } from '@echo-openapi/tooling-core';
import type { ParameterObject } from 'openapi-typescript';

export type Parameter = ParameterObject;

/** One operation as the samples and pages use it (read from the model). */
export interface Operation {
  path: string;
  /** Lower case, as in the spec. */
  method: string;
  operationId: string;
  summary: string;
  tag: string | undefined;
  parameters: Parameter[];
  /** The JSON request body's example, when the operation takes one. */
  body: { contentType: string; example: unknown } | undefined;
  /** The security alternatives that apply (the operation's own, or the root's); each holds together. */
  security: string[][];
  sideEffects: string | undefined;
  /** The model's operation. */
  model: ApiOperation;
}

/** A Redoc code sample (`x-codeSamples` entry). */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

const models = new WeakMap<object, ApiModel>();

/** The API model of a bundled spec (built once per spec object). */
export function modelOf(spec: OpenApiDocument): ApiModel {
  let model = models.get(spec);
  if (!model) {
    model = buildApiModel(dereference(spec));
    models.set(spec, model);
  }
  return model;
}

/** Every operation of the spec, in the spec's order. */
export function operationsOf(spec: OpenApiDocument): Operation[] {
  return modelOf(spec).operations.map((op) => {
    const json = Object.entries(op.requestBody?.content ?? {}).find(([type]) => /json/i.test(type));
    return {
      path: op.path,
      method: op.method,
      operationId: op.id,
      summary: op.summary ?? op.id,
      tag: op.tags[0],
      parameters: op.parameters,
      body: json ? { contentType: json[0], example: exampleOf(json[1]) ?? {} } : undefined,
      security: op.security,
      sideEffects: op.sideEffects,
      model: op,
    };
  });
}

/** Whether the spec gives the parameter a value (its own example, a named one, or its schema's). */
function hasExample(parameter: Parameter): boolean {
  const schema = parameter.schema as { example?: unknown } | undefined;
  return parameter.example !== undefined || Object.keys(parameter.examples ?? {}).length > 0 || schema?.example !== undefined;
}

/** Parameters a sample sends: every path parameter, and query/header ones that are required or have an example. */
function sampleParameters(operation: Operation): { parameter: Parameter; value: unknown }[] {
  return operation.parameters
    .filter((p) => p.in === 'path' || p.required || hasExample(p))
    .filter((p) => p.in !== 'cookie')
    .map((parameter) => ({ parameter, value: exampleOf(parameter) }));
}

/** The first server's URL with each variable at its default: the URL the client calls without `baseUrl`. */
export function serverUrl(spec: OpenApiDocument): string {
  const url = modelOf(spec).serverUrl;
  if (!url) throw new Error(`${spec.info.title}: the spec declares no server`);
  return url;
}

/**
 * The security alternative a sample uses: the first one the vendor's client options can fill entirely
 * (specs/vendors.yaml `credentials`), else the first one.
 */
export function chosenRequirement(vendor: Vendor, alternatives: string[][]): string[] {
  const schemesWithCredentials = new Set(Object.values(vendor.credentials).map((c) => c.scheme));
  return alternatives.find((schemes) => schemes.every((s) => schemesWithCredentials.has(s))) ?? alternatives[0] ?? [];
}

/**
 * Where a scheme's credential goes, in words: `Authorization: Bearer <key>`, `header X-API-Key`, `query
 * parameter access_token`; `code` wraps the technical part (the landing page's plain text, HTML elsewhere).
 */
export function describeCredential(spec: OpenApiDocument, scheme: string, value: string, code: (text: string) => string = (t) => t): string {
  const placement = credentialPlacement(modelOf(spec).securitySchemes[scheme] as Parameters<typeof credentialPlacement>[0]);
  if (!placement) return code(scheme);
  if (placement.prefix) return code(`${placement.name}: ${placement.prefix}${value}`);
  return `${placement.in === 'query' ? 'query parameter' : 'header'} ${code(placement.name)}`;
}

/** The environment variable holding a scheme's credential (from vendors.yaml; a derived name otherwise). */
export function envFor(vendor: Vendor, scheme: string): string {
  const credential = Object.values(vendor.credentials).find((c) => c.scheme === scheme);
  return credential?.env ?? `${vendor.id}_${scheme.replace(/([a-z0-9])([A-Z])/g, '$1_$2')}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

const shellDouble = (text: string) => text.replace(/(["\\`])/g, '\\$1');
const shellSingle = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function queryPairs(parameter: Parameter, value: unknown): [string, string][] {
  const explode = parameter.explode ?? (parameter.style ?? 'form') === 'form';
  if (Array.isArray(value)) return explode ? value.map((v) => [parameter.name, String(v)]) : [[parameter.name, value.map(String).join(',')]];
  return [[parameter.name, typeof value === 'object' ? JSON.stringify(value) : String(value)]];
}

/** A curl command: the real server URL, example values, credentials from environment variables. */
export function curlSample(vendor: Vendor, spec: OpenApiDocument, operation: Operation, baseUrl = serverUrl(spec)): string {
  const values = sampleParameters(operation);
  let path = operation.path;
  const query: [string, string][] = [];
  const headers: string[] = [];
  for (const { parameter, value } of values) {
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else if (parameter.in === 'query') query.push(...queryPairs(parameter, value));
    else headers.push(`${parameter.name}: ${shellDouble(String(value))}`);
  }
  const queryString = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  // Credentials as shell variables: the value stays unencoded so the shell expands it.
  const requirement = chosenRequirement(vendor, operation.security);
  const auth = credentialParams(modelOf(spec), [requirement], Object.fromEntries(requirement.map((name) => [name, `$${envFor(vendor, name)}`])));
  for (const [name, value] of Object.entries(auth?.query ?? {})) queryString.push(`${encodeURIComponent(name)}=${value}`);
  for (const [name, value] of Object.entries(auth?.headers ?? {})) headers.push(`${name}: ${value}`);
  if (operation.body) headers.push(`Content-Type: ${operation.body.contentType}`);
  const url = `${baseUrl}${path}${queryString.length ? `?${queryString.join('&')}` : ''}`;
  const lines = [`curl${operation.method === 'get' ? '' : ` -X ${operation.method.toUpperCase()}`} "${shellDouble(url)}"`];
  for (const header of headers) lines.push(`  -H "${header}"`);
  if (operation.body) lines.push(`  --data ${shellSingle(JSON.stringify(operation.body.example, null, 2).replace(/\n/g, '\n  '))}`);
  const comment = operation.sideEffects
    ? lineComment(`Side effects: ${operation.sideEffects}`, '# ')
        .map((l) => `${l}\n`)
        .join('')
    : '';
  return comment + lines.join(' \\\n');
}

/** A valid JS identifier from a vendor id (`acme` -> `acme`, `my-api` -> `myApi`). */
export function clientVariable(vendor: Vendor): string {
  const camel = vendor.id.replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  return /^[A-Za-z]/.test(camel) ? camel : `api${camel}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const tsString = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

/**
 * A TypeScript literal of a JSON value, on one line when it fits in `width` after `column` characters
 * (80: Redoc's sample panel is narrow),
 * else one entry per line (Prettier's layout).
 */
export function tsLiteral(value: unknown, indent = 0, column = indent, width = 80): string {
  const flat = flatLiteral(value);
  if (column + flat.length <= width || value === null || typeof value !== 'object') return flat;
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((v) => `${pad}${tsLiteral(v, indent + 2, indent + 2, width)},`).join('\n')}\n${close}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
    const key = IDENTIFIER.test(k) ? k : tsString(k);
    return `${pad}${key}: ${tsLiteral(v, indent + 2, indent + 2 + key.length + 2, width)},`;
  });
  return `{\n${entries.join('\n')}\n${close}}`;
}

/** A comment of one or more `// ` lines no wider than `width`. */
export function lineComment(text: string, prefix = '// ', width = 72): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(prefix + line);
  return lines;
}

function flatLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return tsString(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(flatLiteral).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.length ? `{ ${entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : tsString(k)}: ${flatLiteral(v)}`).join(', ')} }` : '{}';
}

/** The client options a sample passes: the root's and the operation's credentials, and the server variables. */
export function clientOptions(vendor: Vendor, spec: OpenApiDocument, operation?: Operation): { name: string; code: string; comment?: string }[] {
  const schemes = new Set([
    ...chosenRequirement(vendor, modelOf(spec).security),
    ...(operation ? chosenRequirement(vendor, operation.security) : []),
  ]);
  const credentials = Object.entries(vendor.credentials)
    .filter(([, c]) => schemes.has(c.scheme))
    .map(([name, c]) => ({ name, code: `process.env.${c.env}!` }));
  // Each server variable is a client option of the same name (e.g. an `{alias}` subdomain), defaulting as the spec says.
  const variables = Object.entries(spec.servers?.[0]?.variables ?? {}).map(([name, variable]) => ({
    name,
    code: tsString(variable.default),
    // The description's first clause, so the line stays short.
    ...(variable.description ? { comment: variable.description.split(/[,.(\n]/)[0]?.trim() } : {}),
  }));
  return [...variables, ...credentials];
}

/** `createXClient({ ... })` as a statement assigning `variable`. */
export function clientCreation(vendor: Vendor, options: { name: string; code: string; comment?: string }[], extra: string[] = []): string {
  const lines = [...options.map((o) => `  ${o.name}: ${o.code},${o.comment ? ` // ${o.comment}` : ''}`), ...extra.map((line) => `  ${line}`)];
  return `const ${clientVariable(vendor)} = ${vendor.factory}({\n${lines.join('\n')}\n});`;
}

/**
 * The argument of an operation method: the sample parameters by location (`path`, `query`, `header`) and the
 * body, or undefined when the call needs none.
 */
export function callInit(spec: OpenApiDocument, operation: Operation): Record<string, unknown> | undefined {
  const init: Record<string, unknown> = {};
  for (const { parameter, value } of sampleParameters(operation)) ((init[parameter.in] ??= {}) as Record<string, unknown>)[parameter.name] = value;
  if (operation.body) init.body = operation.body.example;
  return Object.keys(init).length ? init : undefined;
}

/** `client.operationId(init)` for an operation; `lead` is the text before it on its line (for wrapping). */
export function callExpression(vendor: Vendor, spec: OpenApiDocument, operation: Operation, lead = '', indent = 0): string {
  const init = callInit(spec, operation);
  const head = `${clientVariable(vendor)}.${operation.operationId}(`;
  return init ? `${head}${tsLiteral(init, indent, indent + lead.length + head.length)})` : `${head})`;
}

/** A TypeScript module calling the operation with the vendor's published client. */
export function typescriptSample(vendor: Vendor, spec: OpenApiDocument, operation: Operation): string {
  return [
    `import { ${vendor.factory} } from '${vendor.package}';`,
    '',
    clientCreation(vendor, clientOptions(vendor, spec, operation)),
    '',
    ...(operation.sideEffects ? lineComment(`Side effects: ${operation.sideEffects}`) : []),
    `const { data, error, response } = await ${callExpression(vendor, spec, operation, 'const { data, error, response } = await ')};`,
    'if (error) console.error(response.status, error);',
    'else console.log(data);',
    '',
  ].join('\n');
}

const pyString = (text: string) => JSON.stringify(text);

/** A Python literal of a JSON value, laid out like `tsLiteral` (Black's layout: one entry per line when long). */
export function pyLiteral(value: unknown, indent = 0, column = indent, width = 80): string {
  const flat = flatPyLiteral(value);
  if (column + flat.length <= width || value === null || typeof value !== 'object') return flat;
  const pad = ' '.repeat(indent + 4);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((v) => `${pad}${pyLiteral(v, indent + 4, indent + 4, width)},`).join('\n')}\n${close}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => `${pad}${pyString(k)}: ${pyLiteral(v, indent + 4, indent + 4 + k.length + 4, width)},`,
  );
  return `{\n${entries.join('\n')}\n${close}}`;
}

function flatPyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return pyString(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(flatPyLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pyString(k)}: ${flatPyLiteral(v)}`)
    .join(', ')}}`;
}

/**
 * A Python call with `requests`, as the vendors' own pages show their examples: the real server URL,
 * example values, credentials from environment variables.
 */
export function pythonSample(vendor: Vendor, spec: OpenApiDocument, operation: Operation): string {
  let path = operation.path;
  const params: Record<string, unknown> = {};
  const headers: [string, string][] = [];
  for (const { parameter, value } of sampleParameters(operation)) {
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else if (parameter.in === 'query')
      params[parameter.name] =
        Array.isArray(value) && !(parameter.explode ?? (parameter.style ?? 'form') === 'form') ? value.map(String).join(',') : value;
    else headers.push([parameter.name, pyString(String(value))]);
  }
  // Each credential is a marker first, then the expression that reads its environment variable.
  const requirement = chosenRequirement(vendor, operation.security);
  const marker = (scheme: string) => `\u0000${scheme}\u0000`;
  const auth = credentialParams(modelOf(spec), [requirement], Object.fromEntries(requirement.map((scheme) => [scheme, marker(scheme)])));
  const fromEnv = (text: string): string => {
    const scheme = requirement.find((s) => text.includes(marker(s)));
    if (!scheme) return pyString(text);
    const read = `os.environ[${pyString(envFor(vendor, scheme))}]`;
    if (text === marker(scheme)) return read;
    const [before = '', after = ''] = text.split(marker(scheme));
    return `f${pyString(`${before.replace(/[{}]/g, '$&$&')}{${read.replace(/"/g, "'")}}${after.replace(/[{}]/g, '$&$&')}`)}`;
  };
  for (const [name, value] of Object.entries(auth?.headers ?? {})) headers.push([name, fromEnv(value)]);
  const authQuery = Object.entries(auth?.query ?? {}).map(([name, value]) => `${pyString(name)}: ${fromEnv(value)}`);
  const args = [`${pyString(`${serverUrl(spec)}${path}`)},`];
  if (headers.length) args.push(`headers={\n${headers.map(([name, value]) => `        ${pyString(name)}: ${value},`).join('\n')}\n    },`);
  const queryEntries = [...Object.entries(params).map(([k, v]) => `${pyString(k)}: ${pyLiteral(v, 8, 12 + k.length)}`), ...authQuery];
  if (queryEntries.length) args.push(`params={\n${queryEntries.map((entry) => `        ${entry},`).join('\n')}\n    },`);
  if (operation.body) args.push(`json=${pyLiteral(operation.body.example, 4, 9)},`);
  args.push('timeout=30,');
  return [
    'import os',
    '',
    'import requests',
    '',
    ...(operation.sideEffects ? lineComment(`Side effects: ${operation.sideEffects}`, '# ') : []),
    `response = requests.${operation.method === 'options' || operation.method === 'trace' ? `request(${pyString(operation.method.toUpperCase())}, ` : `${operation.method}(`}`,
    ...args.map((arg) => `    ${arg}`),
    ')',
    'response.raise_for_status()',
    // The success response's documented media type decides how to read it.
    Object.entries(operation.model.responses).some(
      ([code, response]) => /^2/.test(code) && Object.keys(response.content ?? {}).some((type) => /json/i.test(type)),
    )
      ? 'print(response.json())'
      : 'print(response.text)',
    '',
  ].join('\n');
}

/**
 * Redoc 3 shows a sample only under a language of its `codeSamples.languages` option, matched by the
 * sample's label (else its lang), case-insensitively; `lang` picks the highlighting. TypeScript is
 * highlighted as JavaScript: Redoc's highlighter has no TypeScript grammar.
 */
export const SAMPLE_LANGUAGES = [
  { lang: 'curl', label: 'curl' },
  { lang: 'javascript', label: 'TypeScript' },
  { lang: 'python', label: 'Python' },
] as const;

/** Redoc's `codeSamples` option: our three languages, then the request body ("Payload") where there is one. */
export const redocCodeSamplesOption = { languages: [...SAMPLE_LANGUAGES, { lang: 'payload', label: 'Payload' }] };

/** The three samples of an operation, as Redoc shows them. */
export function codeSamples(vendor: Vendor, spec: OpenApiDocument, operation: Operation): CodeSample[] {
  const [curl, typescript, python] = SAMPLE_LANGUAGES;
  return [
    { ...curl, source: curlSample(vendor, spec, operation) },
    { ...typescript, source: typescriptSample(vendor, spec, operation) },
    { ...python, source: pythonSample(vendor, spec, operation) },
  ];
}

/** A copy of the spec with `x-codeSamples` on every operation (the input stays untouched). */
export function withCodeSamples(vendor: Vendor, spec: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(spec);
  for (const operation of operationsOf(spec)) {
    const item = copy.paths?.[operation.path] as Record<string, Record<string, unknown>> | undefined;
    const op = item?.[operation.method];
    if (!op) throw new Error(`${spec.info.title}: ${operation.method.toUpperCase()} ${operation.path} is not inline in the bundle`);
    op['x-codeSamples'] = codeSamples(vendor, spec, operation);
  }
  return copy;
}
