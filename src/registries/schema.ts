// One ajv instance for the registry response schemas. Schemas list only the fields depvet reads and allow
// anything else, so a registry adding fields never breaks a scan, while a changed type of a field we use does.
import { createHash } from 'node:crypto';
import Ajv, { type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: false, allowUnionTypes: true, strict: true });

export function compileSchema<T>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

export const nullableString = { type: ['string', 'null'] } as const;
export const stringArray = { type: 'array', items: { type: 'string' } } as const;
export const nullableStringArray = { type: ['array', 'null'], items: { type: 'string' } } as const;

/** The subset of JSON Schema the registry schemas are written in. */
interface SchemaNode {
  type?: string | readonly string[];
  properties?: Record<string, SchemaNode>;
  required?: readonly string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  anyOf?: readonly SchemaNode[];
}

function jsonTypeMatches(type: string | readonly string[], value: unknown): boolean {
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const types = typeof type === 'string' ? [type] : type;
  return types.some((t) => t === actual || ((t === 'integer' || t === 'number') && actual === 'number'));
}

/**
 * The part of a value (already validated against `schema`) that the schema describes: the properties it names,
 * every other property only where `additionalProperties` gives a schema (a map, such as a packument's versions),
 * array items by `items`, the `anyOf` branch of the value's type. An object schema that names no properties keeps
 * its value whole. Registry answers are kept in this form (in the cache and in snapshots), so a PyPI description or
 * an npm packument's per-version manifests are never stored or parsed again, and every answer the checks see has
 * the same shape whether it came from the network or the cache.
 */
export function projectToSchema(value: unknown, schema: unknown): unknown {
  const node = (schema ?? {}) as SchemaNode;
  if (node.anyOf) {
    const branch = node.anyOf.find((b) => b.type === undefined || jsonTypeMatches(b.type, value));
    return branch ? projectToSchema(value, branch) : value;
  }
  if (Array.isArray(value)) return node.items ? value.map((item) => projectToSchema(item, node.items)) : value;
  if (value === null || typeof value !== 'object') return value;
  const extra = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
  if (!node.properties && !extra) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const sub = (node.properties && Object.hasOwn(node.properties, key) ? node.properties[key] : undefined) ?? extra;
    if (sub === undefined && !node.required?.includes(key)) continue;
    // defineProperty, not assignment: a key named `__proto__` stays a plain key, as JSON.parse made it.
    Object.defineProperty(out, key, { value: sub ? projectToSchema(item, sub) : item, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

const schemaIds = new WeakMap<object, string>();

/** A short digest of a compiled schema: cache keys carry it, so an answer kept in one schema's form never serves another. */
export function schemaId(validate: ValidateFunction<unknown>): string {
  let id = schemaIds.get(validate);
  if (id === undefined) {
    id = createHash('sha256').update(JSON.stringify(validate.schema)).digest('hex').slice(0, 16);
    schemaIds.set(validate, id);
  }
  return id;
}
