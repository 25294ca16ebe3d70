/** Small, vendor-neutral helpers over JSON values and the spec's schemas. */

type Json = Record<string, unknown>;
export type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  default?: unknown;
  example?: unknown;
  minimum?: number;
  exclusiveMinimum?: boolean;
  minLength?: number;
  minItems?: number;
};

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The value at a dotted path (`data.pagination.total`); '' is the value itself. */
export function getPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current = value;
  for (const key of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Sets the value at a dotted path, creating objects on the way; '' is not allowed (use the value). */
export function setPath(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let current: Json = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(current[key])) current[key] = {};
    current = current[key] as Json;
  }
  current[keys[keys.length - 1]!] = value;
}

/** allOf merged into one object schema (the specs use allOf only to extend objects). */
function flatten(schema: Schema | undefined): Schema | undefined {
  if (!schema?.allOf) return schema;
  let flat = flattened.get(schema);
  if (!flat) {
    const parts = schema.allOf.map(flatten).filter((part): part is Schema => part !== undefined);
    flat = {
      ...schema,
      allOf: undefined,
      type: schema.type ?? parts.find((part) => part.type)?.type,
      properties: Object.assign({}, ...parts.map((part) => part.properties), schema.properties),
      required: [...new Set([...(schema.required ?? []), ...parts.flatMap((part) => part.required ?? [])])],
    };
    flattened.set(schema, flat);
  }
  return flat;
}

/** Flattened schemas, once per schema object (the spec's schemas never change while serving). */
const flattened = new WeakMap<Schema, Schema>();

/** The schema of the value at a dotted path inside `schema` (through properties and allOf). */
export function schemaAt(schema: Schema | undefined, path: string): Schema | undefined {
  let current = flatten(schema);
  if (path === '') return current;
  for (const key of path.split('.')) current = flatten(current?.properties?.[key]);
  return current;
}

/**
 * `value` trimmed and completed to fit `schema`: properties the schema does not declare are dropped (unless it
 * allows additional ones), and required properties the value lacks are filled: from `example` when it is the
 * documented example of this same record, otherwise with a neutral value (`neutral`), never with another
 * record's example data. So a stored record answers in exactly the shape each operation documents.
 */
export function shape(value: unknown, schema: Schema | undefined, example?: unknown): unknown {
  const flat = flatten(schema);
  // Most answers fit already: checked without copying, and then answered as they are.
  if (!flat || fits(value, flat)) return value;
  if (value === null || value === undefined) return flat.nullable ? value : example !== undefined ? clone(example) : neutral(flat);
  if (Array.isArray(value)) {
    const itemExample = Array.isArray(example) ? example[0] : undefined;
    return flat.items ? value.map((item) => shape(item, flat.items, itemExample)) : value;
  }
  if (!isObject(value) || !flat.properties) return value;
  const exampleObject = isObject(example) ? example : {};
  const out: Json = {};
  for (const [key, propertySchema] of Object.entries(flat.properties)) {
    if (key in value) out[key] = shape(value[key], propertySchema, exampleObject[key]);
    else if (flat.required?.includes(key)) out[key] = key in exampleObject ? clone(exampleObject[key]) : neutral(propertySchema);
  }
  if (flat.additionalProperties) {
    for (const [key, extra] of Object.entries(value)) if (!(key in out)) out[key] = extra;
  }
  return out;
}

/** Whether `shape` would leave `value` as it is: nothing undeclared, nothing required missing, all the way down. */
function fits(value: unknown, schema: Schema | undefined): boolean {
  const flat = flatten(schema);
  if (!flat) return true;
  if (value === null || value === undefined) return flat.nullable === true;
  if (Array.isArray(value)) return !flat.items || value.every((item) => fits(item, flat.items));
  if (!isObject(value) || !flat.properties) return true;
  const properties = flat.properties;
  for (const key of flat.required ?? []) if (properties[key] && !Object.hasOwn(value, key)) return false;
  for (const key in value) {
    if (!Object.hasOwn(properties, key)) {
      if (!flat.additionalProperties) return false;
    } else if (!fits(value[key], properties[key])) return false;
  }
  return true;
}

/** Placeholders for required strings of a format: valid, and plainly nobody's data. */
const NEUTRAL_STRINGS: Record<string, string> = {
  'date-time': '1970-01-01T00:00:00Z',
  date: '1970-01-01',
  email: 'nobody@example.invalid',
  uri: 'about:blank',
  url: 'about:blank',
  uuid: '00000000-0000-0000-0000-000000000000',
};

/**
 * The value a server fills a required field with when it knows nothing: null where allowed, the declared
 * default, the first enum value, 0 (or the minimum), false, '' (or a format's placeholder), an empty array,
 * an object of its required fields. Only a patterned string '' cannot match falls back to the field's own
 * documented example.
 */
export function neutral(schema: Schema | undefined): unknown {
  const flat = flatten(schema);
  if (!flat) return null;
  if (flat.nullable) return null;
  if (flat.default !== undefined) return clone(flat.default);
  if (flat.enum?.length) return flat.enum[0];
  const alternative = flat.oneOf?.[0] ?? flat.anyOf?.[0];
  if (alternative) return neutral(alternative);
  switch (flat.type) {
    case 'string': {
      const text = NEUTRAL_STRINGS[flat.format ?? ''] ?? '-'.repeat(flat.minLength ?? 0);
      return flat.pattern && !new RegExp(flat.pattern, 'u').test(text) && flat.example !== undefined ? flat.example : text;
    }
    case 'integer':
    case 'number':
      return flat.minimum === undefined ? 0 : flat.minimum + (flat.exclusiveMinimum ? 1 : 0);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: flat.minItems ?? 0 }, () => neutral(flat.items));
    case 'object':
      return shape({}, flat);
    default:
      return flat.properties ? shape({}, flat) : null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A new id in the style of a documented one: an integer after the highest so far, a UUID for a UUID, and
 * otherwise the example's text with a counter (`tag-id-1` -> `tag-id-17`).
 */
export function newId(example: unknown, seq: number, taken: (id: string) => boolean): string | number {
  for (let n = seq; ; n++) {
    const id = candidate(example, n);
    if (!taken(String(id))) return id;
  }
}

function candidate(example: unknown, n: number): string | number {
  if (typeof example === 'number') return example + n;
  if (typeof example === 'string' && UUID.test(example)) return crypto.randomUUID();
  // `whk_789xyz456abc` -> `whk_` and a counter in the same length; `tag-id-1` -> `tag-id-17`.
  const prefixed = typeof example === 'string' ? /^([a-z]+_)([0-9a-z]+)$/i.exec(example) : null;
  if (prefixed) return `${prefixed[1]}${n.toString(36).padStart(prefixed[2]!.length, '0')}`;
  const text = typeof example === 'string' ? example.replace(/-?\d+$/, '') : 'id';
  return `${text}-${n}`;
}

/** Field names the engine stamps with the virtual clock on create (and the second kind on update). */
const CREATED = /^(created|createdAt|created_at|assignedAt|assigned_at|date_created|date_joined)$/;
const UPDATED = /^(updated|updatedAt|updated_at|date_updated)$/;

/** `now` written the way a documented timestamp is written (`2024-01-15 10:30:00`, or RFC 3339 with/without ms). */
export function formatTime(now: number, example: unknown): string | number {
  const iso = new Date(now).toISOString();
  if (typeof example === 'number') return Math.floor(now / 1000);
  if (typeof example !== 'string') return iso;
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(example)) return iso.slice(0, 19).replace('T', ' ');
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(example)) return `${iso.slice(0, 19)}Z`;
  return iso;
}

/**
 * Stamps the creation (and update) timestamps a record's schema declares (or its documented example shows),
 * written the way the example writes them.
 */
export function stamp(record: Json, schema: Schema | undefined, example: Json | undefined, now: number, kind: 'create' | 'update'): void {
  const keys = new Set([...Object.keys(flatten(schema)?.properties ?? {}), ...Object.keys(example ?? {})]);
  for (const key of keys) {
    if ((kind === 'create' && CREATED.test(key)) || UPDATED.test(key)) record[key] = formatTime(now, example?.[key]);
  }
}

/** The record with the defaults `schema` declares for the properties it lacks. */
export function withDefaults(record: Json, schema: Schema | undefined): Json {
  const properties = flatten(schema)?.properties ?? {};
  const out = { ...record };
  for (const [key, property] of Object.entries(properties)) {
    const declared = flatten(property)?.default;
    if (!(key in out) && declared !== undefined) out[key] = clone(declared);
  }
  return out;
}

/**
 * `value` without the properties `schema` does not declare, all the way down (an object schema that allows
 * additional properties, or declares none, keeps everything): what a server that knows only its schema keeps.
 */
export function declaredOnly(value: unknown, schema: Schema | undefined): unknown {
  const flat = flatten(schema);
  if (!flat) return value;
  if (Array.isArray(value)) return flat.items ? value.map((item) => declaredOnly(item, flat.items)) : value;
  if (!isObject(value) || !flat.properties || flat.additionalProperties) return value;
  const out: Json = {};
  for (const key of Object.keys(value)) if (Object.hasOwn(flat.properties, key)) out[key] = declaredOnly(value[key], flat.properties[key]);
  return out;
}

/** Whether JSON text nests arrays and objects deeper than `max` (one pass over the text, brackets in strings skipped). */
export function exceedsDepth(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Names that reach an object's prototype when copied carelessly: refused in bodies, never stored. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first forbidden key anywhere in a parsed JSON value, if any. */
export function forbiddenKey(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = forbiddenKey(item);
      if (found !== undefined) return found;
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return key;
      const found = forbiddenKey(value[key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
