import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { GatewayErrors } from '../../errors/gateway-error';

/**
 * Validates an admin request body against its shared schema. Done here rather than by Fastify's validator,
 * which drops unknown fields silently: a misspelt field must be a 400 naming it, not a setting that quietly
 * does not exist.
 */
export function checkedBody<Schema extends TSchema>(schema: Schema, body: unknown): Static<Schema> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw GatewayErrors.invalidRequest('Request body must be a JSON object');
  }
  const first = [...Value.Errors(schema, body)].sort(
    (a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length,
  )[0];
  if (first) {
    const field = first.instancePath.split('/').filter(Boolean).join('.') || 'body';
    const extra = (first.params as { additionalProperties?: string[] }).additionalProperties;
    throw GatewayErrors.invalidRequest(
      extra ? `${field}: unknown field ${extra.join(', ')}` : `${field}: ${first.message}`,
    );
  }
  return body as Static<Schema>;
}
