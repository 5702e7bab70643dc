import { parse as parseYaml } from 'yaml';
import type { ApiMethod, ApiOperation, ApiOperationList, ApiParameter } from '../../shared/schemas/apis';
import { GatewayErrors } from '../errors/gateway-error';

type Json = Record<string, unknown>;

const METHODS: ReadonlyArray<[string, ApiMethod]> = [
  ['get', 'GET'],
  ['head', 'HEAD'],
  ['post', 'POST'],
  ['put', 'PUT'],
  ['patch', 'PATCH'],
  ['delete', 'DELETE'],
  ['options', 'OPTIONS'],
];

/** `$ref` chains longer than this are treated as broken (they are usually a cycle). */
const MAX_REF_DEPTH = 16;

/**
 * Parses an OpenAPI 3 document given as JSON or YAML (YAML reads JSON too) and returns it as an object, or
 * throws a 400 saying what is wrong. Only the shape the operation list needs is checked; the rest is kept
 * as written.
 */
export function parseOpenApiDocument(text: string): Json {
  let document: unknown;
  try {
    document = parseYaml(text, { maxAliasCount: 1000 });
  } catch (error) {
    throw GatewayErrors.invalidRequest(
      `The OpenAPI document is neither JSON nor YAML: ${(error as Error).message}`,
    );
  }
  if (!isObject(document)) throw GatewayErrors.invalidRequest('The OpenAPI document must be an object');
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.')) {
    throw GatewayErrors.invalidRequest(
      'Only OpenAPI 3 documents are supported (an "openapi": "3.x" field); convert Swagger 2 documents first',
    );
  }
  if (!isObject(document.paths))
    throw GatewayErrors.invalidRequest('The OpenAPI document has no "paths" object');
  return document;
}

/** Every operation of a parsed document, in document order, with path-level parameters merged in. */
export function listOperations(document: Json): ApiOperationList {
  const info = isObject(document.info) ? document.info : {};
  const items: ApiOperation[] = [];
  for (const [path, rawItem] of Object.entries(document.paths as Json)) {
    const pathItem = resolve(document, rawItem);
    if (!isObject(pathItem)) continue;
    const shared = parameters(document, pathItem.parameters);
    for (const [field, method] of METHODS) {
      const operation = resolve(document, pathItem[field]);
      if (!isObject(operation)) continue;
      const own = parameters(document, operation.parameters);
      const merged = [
        ...shared.filter(
          (parameter) => !own.some((mine) => mine.name === parameter.name && mine.in === parameter.in),
        ),
        ...own,
      ];
      items.push({
        method,
        path,
        operationId: text(operation.operationId),
        summary: text(operation.summary),
        description: text(operation.description),
        tags: Array.isArray(operation.tags)
          ? operation.tags.filter((tag): tag is string => typeof tag === 'string')
          : [],
        parameters: merged,
        requestBody: requestBody(document, operation.requestBody),
      });
    }
  }
  return { title: text(info.title), version: text(info.version), items };
}

function parameters(document: Json, list: unknown): ApiParameter[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((entry) => resolve(document, entry))
    .filter(isObject)
    .filter((parameter) => typeof parameter.name === 'string' && typeof parameter.in === 'string')
    .map((parameter) => ({
      name: parameter.name as string,
      in: parameter.in as string,
      // Path parameters are always required, whatever the document says.
      required: parameter.in === 'path' || parameter.required === true,
      description: text(parameter.description),
      schema: parameter.schema === undefined ? null : resolve(document, parameter.schema),
    }));
}

function requestBody(document: Json, raw: unknown): ApiOperation['requestBody'] {
  const body = resolve(document, raw);
  if (!isObject(body)) return null;
  return {
    required: body.required === true,
    contentTypes: isObject(body.content) ? Object.keys(body.content) : [],
    description: text(body.description),
  };
}

/** Follows local `$ref`s (`#/components/…`); anything else (remote refs, broken ones) resolves to null. */
function resolve(document: Json, value: unknown, depth = 0): unknown {
  if (!isObject(value) || typeof value.$ref !== 'string') return value;
  if (depth >= MAX_REF_DEPTH || !value.$ref.startsWith('#/')) return null;
  let target: unknown = document;
  for (const part of value.$ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    target = isObject(target) ? target[key] : undefined;
  }
  return target === undefined ? null : resolve(document, target, depth + 1);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
