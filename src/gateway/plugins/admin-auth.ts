import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayErrors } from '../errors/gateway-error';
import { sha256 } from './gateway-auth';

function presentedAdminToken(request: FastifyRequest): string | null {
  const header = request.headers['x-gatehouse-admin-token'];
  if (typeof header === 'string' && header) return header;
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer '))
    return authorization.slice(7).trim();
  // EventSource cannot set headers, so the live tail may carry the token in the query string.
  const query = request.query as { token?: unknown } | undefined;
  return typeof query?.token === 'string' && query.token ? query.token : null;
}

/** The admin token guards every /admin route; it is compared by hash in constant time. */
async function adminAuth(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.config.admin) return;
    const token = presentedAdminToken(request);
    if (!token || !timingSafeEqual(sha256(token), app.gateway.adminTokenHash)) {
      throw GatewayErrors.unauthorized('Missing or wrong admin token');
    }
  });
}

export default fp(adminAuth, { name: 'admin-auth' });
