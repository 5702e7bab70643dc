import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
type RouteSchemaDefinition = Parameters<ReturnType<ValidatorFactory>>[0];

/**
 * Fastify's own schema compilers (Ajv for input, fast-json-stringify for responses), compiling each route's
 * schema on the route's first use instead of all of them before the server listens. Only admin routes have
 * schemas; compiling them all cost more start-up time than everything else together, and about 20 MB of
 * memory (an Ajv instance per response schema) that a headless gateway serving /v1 never needs.
 * A broken schema therefore fails its route's first request, not the start — the admin tests hit them all.
 */
export function lazySchemaCompilers(): CompilersFactory {
  return {
    buildValidator: lazyValidatorFactory(AjvCompiler()),
    buildSerializer: lazySerializerFactory(SerializerSelector()),
  };
}

function lazyValidatorFactory(factory: ValidatorFactory): ValidatorFactory {
  return (externalSchemas, options) => {
    let compiler: ReturnType<ValidatorFactory> | undefined;
    return (route: RouteSchemaDefinition) => {
      let validate: ReturnType<ReturnType<ValidatorFactory>> | undefined;
      const compiled = () =>
        (validate ??= (compiler ??= factory(externalSchemas, options))(withHeaderNames(route)));
      const lazy = ((data: unknown) => compiled()(data)) as ReturnType<ReturnType<ValidatorFactory>>;
      // Fastify reads Ajv's `errors` off the function after a failed check.
      Object.defineProperty(lazy, 'errors', {
        get: () => (validate as { errors?: unknown } | undefined)?.errors,
      });
      return lazy;
    };
  };
}

function lazySerializerFactory(factory: SerializerFactory): SerializerFactory {
  return (externalSchemas, options) => {
    let compiler: ReturnType<SerializerFactory> | undefined;
    return (route) => {
      let serialize: ((data: unknown) => string) | undefined;
      return (data: unknown) => (serialize ??= (compiler ??= factory(externalSchemas, options))(route))(data);
    };
  };
}

/**
 * Fastify lower-cases the header names of a headers schema for its default compiler only (Node hands
 * header names over in lower case); these compilers count as custom, so they do it themselves.
 */
function withHeaderNames(route: RouteSchemaDefinition): RouteSchemaDefinition {
  const schema = route.schema as { properties?: Record<string, unknown>; required?: unknown } | null;
  if (route.httpPart !== 'headers' || typeof schema !== 'object' || schema === null) return route;
  const lowered: Record<string, unknown> = { ...schema };
  if (schema.properties && typeof schema.properties === 'object') {
    lowered.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, value]) => [name.toLowerCase(), value]),
    );
  }
  if (Array.isArray(schema.required)) {
    lowered.required = schema.required.map((name) => (typeof name === 'string' ? name.toLowerCase() : name));
  }
  return { ...route, schema: lowered };
}
