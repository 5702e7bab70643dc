import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayErrors } from '../errors/gateway-error';
import { hashKey } from '../storage/key-repository';
import { routeOf } from './request-checks';

/** The key a local tool presents: `Authorization: Bearer …` (OpenAI SDKs) or `x-api-key` (Anthropic SDKs). */
export function presentedKey(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
    return authorization.slice(7).trim() || null;
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : null;
}

/** Gateway keys guard every /v1 route. Keys are stored hashed and looked up by their hash. */
async function gatewayAuth(app: FastifyInstance): Promise<void> {
  app.addRequestCheck((request) => {
    if (!routeOf(request).config.gatewayKey) return;
    const key = presentedKey(request);
    if (!key) {
      throw GatewayErrors.unauthorized(
        'Missing gateway key: send it as "Authorization: Bearer <key>" or "x-api-key: <key>" (create one with `gatehouse keys create NAME`)',
      );
    }
    // Looked up by the key's hash, never by the key: how long the lookup takes says nothing about a valid key.
    const record = app.gateway.keys.findByHash(hashKey(key));
    if (!record) throw GatewayErrors.unauthorized('Invalid gateway key');
    if (request.logEntry) request.logEntry.keyName = record.name;
  });
}

export default fp(gatewayAuth, { name: 'gateway-auth', dependencies: ['request-checks', 'request-log'] });
