import type { MediaTypeObject, ParameterObject, ReferenceObject, SchemaObject } from 'openapi-typescript';

// Read loosely: openapi-typescript's SchemaObject is a union keyed on `type`, too narrow to walk generically.
type Schema = Record<string, unknown>;

/** Stand-ins for common formats, so a synthesized example still validates. */
const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': '2024-01-15T10:30:00Z',
  date: '2024-01-15',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  ipv4: '192.0.2.1',
  hostname: 'example.com',
};

/**
 * The one example renderer. For a media type or a parameter: its `example`, else its first named example,
 * else its schema's. For a schema: its `example`, `default` or first `enum` value, else one synthesized from
 * its type (objects get their required properties, arrays one item).
 */
export function exampleOf(target: MediaTypeObject | ParameterObject | SchemaObject | ReferenceObject | object | undefined, depth = 0): unknown {
  if (!target || depth > 12) return undefined;
  const t = target as Record<string, unknown>;
  if ('schema' in t || 'examples' in t || 'in' in t || 'content' in t) {
    if (t.example !== undefined) return t.example;
    const first = Object.values((t.examples ?? {}) as Record<string, { value?: unknown }>)[0];
    if (first?.value !== undefined) return first.value;
    return exampleOf(t.schema as SchemaObject | undefined, depth + 1);
  }
  return schemaExample(target as unknown as Schema, depth);
}

function schemaExample(schema: Schema, depth: number): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  const enumValues = schema.enum as unknown[] | undefined;
  if (enumValues?.length) return enumValues[0];
  const allOf = schema.allOf as Schema[] | undefined;
  if (allOf?.length) {
    return Object.assign({}, ...allOf.map((part) => exampleOf(part as SchemaObject, depth + 1)).filter((v) => v && typeof v === 'object'));
  }
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (alternatives?.length) return exampleOf(alternatives[0] as SchemaObject, depth + 1);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'array': {
      const item = exampleOf(schema.items as SchemaObject | undefined, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(
        required.filter((name) => properties[name]).map((name) => [name, exampleOf(properties[name] as SchemaObject, depth + 1)]),
      );
    }
    case 'string': {
      const format = schema.format as string | undefined;
      if (format && FORMAT_EXAMPLES[format]) return FORMAT_EXAMPLES[format];
      if (schema.pattern === '^\\+[1-9]\\d{1,14}$') return '+14155551234';
      return 'string';
    }
    default:
      return schema.properties ? schemaExample({ ...schema, type: 'object' }, depth) : undefined;
  }
}
