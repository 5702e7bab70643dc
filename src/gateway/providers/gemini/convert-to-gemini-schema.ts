import { isJsonObject } from './gemini-wire-types';

/** Keywords of Gemini's schema subset (an OpenAPI 3.0 Schema object), copied through unchanged. */
const SUPPORTED = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'propertyOrdering',
  'default',
  'minimum',
  'maximum',
]);

/** Annotations and definition tables: dropping them loses nothing once local $refs are inlined. */
const SILENT = new Set(['$schema', '$id', '$comment', '$defs', 'definitions']);

interface Context {
  root: Record<string, unknown>;
  /** Keywords dropped because Gemini has no equivalent; the caller warns once with the list. */
  removed: Set<string>;
  /** $refs being inlined, to stop at a recursive one. */
  expanding: string[];
}

/**
 * JSON Schema (tool parameters, json_schema response formats) → Gemini's schema subset, which refuses
 * unknown keywords with a 400. Local `$ref`s are inlined instead of dropped, `type: [T, "null"]` and
 * `anyOf`/`oneOf` with a null branch become `nullable`, `oneOf` becomes `anyOf` and `const` becomes a
 * one-value `enum`. Anything else Gemini cannot express (additionalProperties, allOf, not, …) is
 * removed and its name added to `removed`.
 */
export function convertToGeminiSchema(
  schema: Record<string, unknown>,
  removed: Set<string>,
): Record<string, unknown> {
  return convertNode(schema, { root: schema, removed, expanding: [] });
}

/** An object schema without properties: Gemini refuses it as function parameters, so send none. */
export function isEmptyObjectSchema(schema: Record<string, unknown>): boolean {
  return (
    schema.type === 'object' &&
    (!isJsonObject(schema.properties) || Object.keys(schema.properties).length === 0)
  );
}

function convertNode(node: unknown, context: Context): Record<string, unknown> {
  // Boolean schemas (`true` = anything) have no Gemini form; an empty schema is the closest.
  if (!isJsonObject(node)) return {};
  if (typeof node.$ref === 'string') return convertReference(node, node.$ref, context);

  const result: Record<string, unknown> = {};
  const variants: unknown[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type') {
      applyType(value, result);
    } else if (key === 'properties' && isJsonObject(value)) {
      result.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, convertNode(property, context)]),
      );
    } else if (key === 'items' && isJsonObject(value)) {
      result.items = convertNode(value, context);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      variants.push(...value);
    } else if (key === 'const') {
      result.enum = [value];
    } else if (SUPPORTED.has(key)) {
      result[key] = value;
    } else if (!SILENT.has(key)) {
      // Includes tuple-form `items` (an array), which Gemini cannot express either.
      context.removed.add(key);
    }
  }
  if (variants.length === 0) return result;

  const nonNull = variants.filter((variant) => !(isJsonObject(variant) && variant.type === 'null'));
  if (nonNull.length < variants.length) result.nullable = true;
  // `anyOf: [X, null]` is how most generators write an optional X: Gemini spells it X + nullable.
  if (nonNull.length === 1) return { ...convertNode(nonNull[0], context), ...result };
  if (nonNull.length > 1) result.anyOf = nonNull.map((variant) => convertNode(variant, context));
  return result;
}

function applyType(value: unknown, result: Record<string, unknown>): void {
  if (!Array.isArray(value)) {
    result.type = value;
    return;
  }
  const types = value.filter((type) => type !== 'null');
  if (types.length < value.length) result.nullable = true;
  if (types.length === 1) result.type = types[0];
  else if (types.length > 1) result.anyOf = types.map((type) => ({ type }));
}

/** Inlines a local `$ref`; keywords beside the $ref (e.g. a description) override the target's. */
function convertReference(
  node: Record<string, unknown>,
  ref: string,
  context: Context,
): Record<string, unknown> {
  const { $ref: _ref, ...siblings } = node;
  const target = context.expanding.includes(ref) ? null : resolvePointer(context.root, ref);
  if (target === null) {
    // Remote or recursive: Gemini's schema has no references, so only the siblings survive.
    context.removed.add('$ref');
    return convertNode(siblings, context);
  }
  context.expanding.push(ref);
  try {
    return convertNode({ ...target, ...siblings }, context);
  } finally {
    context.expanding.pop();
  }
}

/** Resolves `#/a/b` (JSON Pointer, RFC 6901) inside the root schema; null for anything else. */
function resolvePointer(root: Record<string, unknown>, ref: string): Record<string, unknown> | null {
  if (!ref.startsWith('#')) return null;
  let current: unknown = root;
  try {
    for (const segment of decodeURIComponent(ref.slice(1)).split('/').slice(1)) {
      const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      current = isJsonObject(current) ? current[key] : undefined;
    }
  } catch {
    return null; // a malformed %-escape
  }
  return isJsonObject(current) ? current : null;
}
