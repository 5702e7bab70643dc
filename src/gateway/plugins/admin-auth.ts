import { parseCookie } from 'cookie';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { presentedAdminToken, sessionCookieName } from '../config/admin-credentials';
import { GatewayErrors } from '../errors/gateway-error';
import { boundPort } from './host-guard';
import { requestOriginKind } from './origin-guard';
import { routeOf } from './request-checks';

/**
 * The /ui session id from the cookie, when one was sent. Cookies are read here, where a route needs one,
 * not by a hook on every request: /v1 traffic never carries them (docs/benchmarks.md).
 */
export function presentedSession(app: FastifyInstance, request: FastifyRequest): string | null {
  const port = boundPort(app);
  const header = request.headers.cookie;
  if (port === null || !header) return null;
  const value = parseCookie(header)[sessionCookieName(port)];
  return value ? value : null;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A cookie travels with every request the browser makes to this host, including ones started by other
 * local pages (another port on 127.0.0.1 is the same site, so SameSite=Strict does not stop it). A
 * cookie-authenticated request must therefore prove it comes from the web UI itself.
 */
function isSameOriginBrowserRequest(app: FastifyInstance, request: FastifyRequest): boolean {
  const kind = requestOriginKind(app, request);
  if (kind !== 'own' && kind !== 'absent') return false;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  // Browsers send Origin with every state-changing request; without it (or Sec-Fetch-Site) we cannot tell.
  return kind === 'own' || site !== undefined || safeMethods.has(request.method);
}

/**
 * Every /admin route needs the admin token (persistent or this process's, compared by hash in constant
 * time) or a /ui session cookie from a same-origin page. Foreign origins were refused by origin-guard.
 */
async function adminAuth(app: FastifyInstance): Promise<void> {
  app.addRequestCheck((request) => {
    if (!routeOf(request).config.admin) return;
    const token = presentedAdminToken(request);
    if (token !== null) {
      if (app.gateway.adminCredentials.verifyToken(token)) return;
      throw GatewayErrors.unauthorized('Wrong admin token');
    }
    if (requestOriginKind(app, request) === 'desktop')
      throw GatewayErrors.forbidden('Requests from a file:// or null origin must carry the admin token');
    const session = presentedSession(app, request);
    if (session !== null && app.gateway.adminCredentials.verifySession(session)) {
      if (isSameOriginBrowserRequest(app, request)) return;
      throw GatewayErrors.forbidden(
        'Cookie-authenticated admin requests must come from the Gatehouse UI itself',
      );
    }
    throw GatewayErrors.unauthorized(
      'Missing admin token: send "Authorization: Bearer <admin token>", or sign in to the web UI with the link `gatehouse serve` prints',
    );
  });
}

export default fp(adminAuth, {
  name: 'admin-auth',
  dependencies: ['request-checks', 'origin-guard'],
});
