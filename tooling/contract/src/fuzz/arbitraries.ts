// fast-check arbitraries from OpenAPI 3.0 schemas: values that satisfy a schema (types, formats, patterns,
// bounds, enums, required/optional properties, nullable), and values that break it in one named way.
import type { WalkableSchema } from '@echo-openapi/api-model';
import fc from 'fast-check';
/**
 * Schemas are read as the one walkable shape (openapi-typescript's SchemaObject is a union keyed on `type`, too
 * narrow to walk), with the keywords only a generator needs.
 */
export type SchemaObject = WalkableSchema & {
  uniqueItems?: boolean;
  readOnly?: boolean;
  multipleOf?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
};

/** Where a value goes decides its alphabet: a header must stay visible ASCII, a path segment must not split. */
export type Place = 'body' | 'query' | 'header' | 'path';

/** Arrays stay short: a bug that needs many items is rare, and each item is one more thing to shrink. */
const MAX_ITEMS = 3;
/** Without a maximum a string stays short for the same reason. */
const MAX_LENGTH = 24;

/** Printable text, ASCII or not (a server that breaks on non-ASCII input is a classic bug). */
function text(place: Place, minLength: number, maxLength: number): fc.Arbitrary<string> {
  if (place === 'header')
    return fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'), minLength, maxLength });
  const unit = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 -_') },
    { weight: 1, arbitrary: fc.constantFrom(...'éüßçñøåЖжλπ中文日本語한글😀') },
  );
  const arb = fc.string({ unit, minLength, maxLength });
  // A path segment must route to the same operation: no separators, no dot segments, not blank.
  return place === 'path' ? arb.filter((s) => s.trim().length > 0 && s.trim() === s) : arb;
}

const FORMATS: Record<string, (place: Place) => fc.Arbitrary<string>> = {
  'date-time': () =>
    fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  date: () =>
    fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  email: () =>
    fc
      .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/), fc.constantFrom('example.com', 'example.org'))
      .map(([l, d]) => `${l.replace(/\.\.+/g, '.')}@${d}`),
  uri: () => fc.stringMatching(/^[a-z0-9-]{1,12}$/).map((s) => `https://example.com/${s}`),
  url: () => fc.stringMatching(/^[a-z0-9-]{1,12}$/).map((s) => `https://example.com/${s}`),
  uuid: () => fc.uuid(),
  ipv4: () => fc.ipV4(),
  hostname: () => fc.domain(),
  byte: () => fc.base64String({ maxLength: 16 }),
};

/** A value valid against `schema`. `validate` filters out what the generator cannot see (combinations). */
export function valid(schema: SchemaObject | undefined, place: Place = 'body', depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 8) return fc.constant(schema?.example ?? null);
  const arb = nonNull(schema, place, depth);
  return schema.nullable ? fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }) : arb;
}

function nonNull(schema: SchemaObject, place: Place, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]).filter((v) => v !== null));
  if (schema.allOf) return valid(mergeAllOf(schema), place, depth);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...(alternatives as SchemaObject[]).map((s) => valid({ ...s, nullable: false }, place, depth + 1)));
  switch (schema.type ?? inferType(schema)) {
    case 'string':
      return string(schema, place);
    case 'integer':
    case 'number':
      return number(schema);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS));
      const item = valid(schema.items, place, depth + 1);
      return schema.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
      const model = Object.fromEntries(
        Object.entries(properties)
          .filter(([, s]) => !s.readOnly)
          .map(([name, s]) => [name, valid(s, place, depth + 1)]),
      );
      const requiredKeys = ((schema.required ?? []) as string[]).filter((k) => k in model);
      return fc.record(model, { requiredKeys });
    }
    default:
      return fc.constant(schema.example ?? {});
  }
}

function inferType(schema: SchemaObject): string | undefined {
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function string(schema: SchemaObject, place: Place): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? (place === 'path' ? 1 : 0);
  const maxLength = Math.max(minLength, schema.maxLength ?? Math.max(minLength, MAX_LENGTH));
  const format = schema.format ? FORMATS[schema.format as string] : undefined;
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern as string);
    return fc
      .stringMatching(pattern, { size: 'xsmall' })
      .filter((s) => s.length >= minLength && s.length <= maxLength && (place !== 'header' || /^[\x21-\x7e]*$/.test(s)));
  }
  if (format) return format(place).filter((s) => s.length >= minLength && s.length <= maxLength);
  // Bounds are where off-by-one bugs live: both ends often, the middle otherwise.
  return fc.oneof({ weight: 4, arbitrary: text(place, minLength, maxLength) }, { weight: 1, arbitrary: text(place, maxLength, maxLength) });
}

function number(schema: SchemaObject): fc.Arbitrary<number> {
  const integer = schema.type === 'integer';
  let min = schema.minimum as number | undefined;
  let max = schema.maximum as number | undefined;
  if (schema.exclusiveMinimum === true && min !== undefined) min = integer ? min + 1 : min + 1e-6;
  if (schema.exclusiveMaximum === true && max !== undefined) max = integer ? max - 1 : max - 1e-6;
  if (typeof schema.exclusiveMinimum === 'number') min = integer ? schema.exclusiveMinimum + 1 : schema.exclusiveMinimum + 1e-6;
  if (typeof schema.exclusiveMaximum === 'number') max = integer ? schema.exclusiveMaximum - 1 : schema.exclusiveMaximum - 1e-6;
  const base = integer
    ? fc.integer({ min: min ?? -1_000_000, max: max ?? 1_000_000 })
    : fc.double({ min: min ?? -1e6, max: max ?? 1e6, noNaN: true, noDefaultInfinity: true });
  const bounds = [min, max].filter((b): b is number => b !== undefined);
  const arb = bounds.length > 0 ? fc.oneof(base, fc.constantFrom(...bounds)) : base;
  const step = schema.multipleOf as number | undefined;
  return step ? arb.map((n) => Math.round(n / step) * step).filter((n) => (min === undefined || n >= min) && (max === undefined || n <= max)) : arb;
}

/** allOf as one schema: properties and required lists joined, the other keywords of the last part win. */
export function mergeAllOf(schema: SchemaObject): SchemaObject {
  const parts = [{ ...schema, allOf: undefined }, ...(schema.allOf as SchemaObject[]).map((s) => (s.allOf ? mergeAllOf(s) : s))];
  const merged: SchemaObject = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (value === undefined) continue;
      if (key === 'properties') merged.properties = { ...merged.properties, ...value };
      else if (key === 'required') merged.required = [...new Set([...(merged.required ?? []), ...value])];
      else (merged as Record<string, unknown>)[key] = value;
    }
  }
  delete merged.allOf;
  return merged;
}

/** One way a value can break its schema: what was done, and the bad value. */
export interface Breakage {
  how: string;
  value: unknown;
}

/** Values that break `schema` (each named), for negative_data_rejection. Empty when anything goes. */
export function breakages(schema: SchemaObject | undefined, place: Place): Breakage[] {
  if (!schema) return [];
  const s = schema.allOf ? mergeAllOf(schema) : schema;
  const out: Breakage[] = [];
  const type = s.type ?? inferType(s);
  const asText = place !== 'body';
  if (s.enum) out.push({ how: `not one of ${JSON.stringify(s.enum)}`, value: 'not-in-enum-value' });
  if (type === 'integer' || type === 'number') {
    out.push({ how: `not a ${type}`, value: 'abc' });
    if (type === 'integer') out.push({ how: 'not an integer', value: 1.5 });
    if (s.maximum !== undefined) out.push({ how: `above maximum ${s.maximum}`, value: (s.maximum as number) + 1 });
    if (s.minimum !== undefined) out.push({ how: `below minimum ${s.minimum}`, value: (s.minimum as number) - 1 });
  }
  if (type === 'boolean') out.push({ how: 'not a boolean', value: asText ? 'maybe' : 'true' });
  if (type === 'string') {
    if (!asText) out.push({ how: 'not a string', value: 12345 });
    if (s.maxLength !== undefined) out.push({ how: `longer than maxLength ${s.maxLength}`, value: 'x'.repeat((s.maxLength as number) + 1) });
    if (s.minLength !== undefined && s.minLength > 0)
      out.push({ how: `shorter than minLength ${s.minLength}`, value: s.minLength > 1 ? 'x'.repeat((s.minLength as number) - 1) : '' });
    if (s.pattern) out.push({ how: `does not match ${s.pattern}`, value: '!! no match !!' });
    if (s.format && FORMATS[s.format as string] && s.format !== 'byte') out.push({ how: `not a ${s.format}`, value: 'not a valid value' });
  }
  if (type === 'array' && !asText) {
    out.push({ how: 'not an array', value: 'not-an-array' });
    if (s.maxItems !== undefined)
      out.push({
        how: `more than maxItems ${s.maxItems}`,
        value: Array.from({ length: (s.maxItems as number) + 1 }, () => s.items?.example ?? s.items?.enum?.[0] ?? 'x'),
      });
    if (s.minItems) out.push({ how: `fewer than minItems ${s.minItems}`, value: [] });
  }
  if (type === 'object' && !asText) out.push({ how: 'not an object', value: 'not-an-object' });
  if (asText) for (const b of out) b.value = typeof b.value === 'string' ? b.value : JSON.stringify(b.value);
  return out.filter((b) => !(s.nullable && b.value === null));
}
