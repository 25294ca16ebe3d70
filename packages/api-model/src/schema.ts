import type { ReferenceObject, SchemaObject } from 'openapi-typescript';

/**
 * A schema as the tools walk it. openapi-typescript's `SchemaObject` is a union keyed on `type`, too narrow to
 * walk generically (every `.properties` read needs a narrowing first), so walkers read this one shape instead.
 */
export interface WalkableSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, WalkableSchema>;
  additionalProperties?: boolean | WalkableSchema;
  items?: WalkableSchema;
  allOf?: WalkableSchema[];
  oneOf?: WalkableSchema[];
  anyOf?: WalkableSchema[];
  example?: unknown;
  default?: unknown;
  [extension: `x-${string}`]: unknown;
}

/** The walkable view of a schema from a dereferenced document (a `$ref` here is a bug upstream). */
export function walkable(schema: SchemaObject | ReferenceObject | undefined): WalkableSchema | undefined {
  return schema as WalkableSchema | undefined;
}
