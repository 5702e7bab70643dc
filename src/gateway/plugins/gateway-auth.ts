import fp from 'fastify-plugin';
import type { Socket } from 'node:net';
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

const lastKey = Symbol('gatehouse.lastPresentedKey');
type KeyedSocket = Socket & { [lastKey]?: { key: string; hash: string } };

/**
 * The presented key's hash. A keep-alive client sends the same key on every request of a connection, so the
 * connection keeps the last key it presented with its hash, compared in constant time: hashing (≈ 13 µs on a
 * cold request) is then done once per connection instead of once per request. Nothing else changes: the key
 * is still found by its hash, revocations apply at once, and a different key on the same connection is hashed.
 */
function presentedKeyHash(socket: Socket | null, key: string): string {
  const connection = socket as KeyedSocket | null;
  const last = connection?.[lastKey];
  if (last !== undefined && sameText(last.key, key)) return last.hash;
  const hash = hashKey(key);
  if (connection) connection[lastKey] = { key, hash };
  return hash;
}

/** True when both strings are equal, in a time that depends on their length only. */
function sameText(known: string, presented: string): boolean {
  if (known.length !== presented.length) return false;
  let difference = 0;
  for (let index = 0; index < known.length; index += 1) {
    difference |= known.charCodeAt(index) ^ presented.charCodeAt(index);
  }
  return difference === 0;
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
    const record = app.gateway.keys.findByHash(presentedKeyHash(request.raw.socket, key));
    if (!record) throw GatewayErrors.unauthorized('Invalid gateway key');
    if (request.logEntry) request.logEntry.keyName = record.name;
  });
}

export default fp(gatewayAuth, { name: 'gateway-auth', dependencies: ['request-checks', 'request-log'] });
