import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { presentedAdminToken } from '../config/admin-credentials';
import type { ServerSettings } from '../config/server-settings';
import { encodeError, GatewayErrors } from '../errors/gateway-error';
import { boundPort, isOwnHost, parseHost } from './host-guard';
import { routeOf } from './request-checks';

/**
 * Where a browser request comes from:
 * - `absent`: no Origin header (curl, SDKs, and browsers' own same-origin GETs);
 * - `own`: a page served by this gateway (the web UI at /ui);
 * - `desktop`: the desktop window, which loads from file:// (Origin `null`) or, in development, from the
 *   dev server; such a page must prove itself with the admin token, since sandboxed frames anywhere on
 *   the web also send `Origin: null`;
 * - `foreign`: any other website.
 */
export type OriginKind = 'absent' | 'own' | 'desktop' | 'foreign';

export function originKind(
  origin: string | undefined,
  port: number | null,
  settings: ServerSettings,
): OriginKind {
  if (origin === undefined) return 'absent';
  if (origin === 'null' || origin === 'file://' || settings.desktopOrigins.includes(origin)) return 'desktop';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'foreign';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'foreign';
  const host = parseHost(url.host, url.protocol === 'https:' ? 443 : 80);
  return host && isOwnHost(host, port, settings) ? 'own' : 'foreign';
}

export function requestOriginKind(app: FastifyInstance, request: FastifyRequest): OriginKind {
  return originKind(request.headers.origin, boundPort(app), app.gateway.settings);
}

function isV1(url: string): boolean {
  return url === '/v1' || url.startsWith('/v1/') || url.startsWith('/v1?');
}

// Headers go on the raw response so they survive routes that hijack the reply (the live-log stream).
function allowOrigin(reply: FastifyReply, origin: string, exposed?: string): void {
  reply.raw.setHeader('access-control-allow-origin', origin);
  reply.raw.setHeader('vary', 'Origin');
  if (exposed) reply.raw.setHeader('access-control-expose-headers', exposed);
}

function refuse(request: FastifyRequest, reply: FastifyReply, message: string): true {
  const format = request.url.startsWith('/v1/messages') ? 'anthropic' : 'openai';
  reply.code(403).send(encodeError(format, GatewayErrors.forbidden(message)));
  return true;
}

/** A preflight: answered on the origin alone, since preflights never carry credentials. */
function answerPreflight(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): true {
  const origin = request.headers.origin;
  const v1 = isV1(request.url);
  const allowed = v1
    ? origin !== undefined && app.gateway.settings.corsOrigins.includes(origin)
    : requestOriginKind(app, request) === 'desktop';
  if (!allowed || origin === undefined)
    return refuse(
      request,
      reply,
      `Cross-origin requests from ${origin?.slice(0, 100) ?? 'this page'} are not allowed`,
    );
  allowOrigin(reply, origin);
  const requested = request.headers['access-control-request-headers'];
  reply
    .code(204)
    .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
    .header(
      'access-control-allow-headers',
      v1
        ? (requested ?? 'authorization, content-type')
        : 'authorization, x-gatehouse-admin-token, content-type',
    )
    .header('access-control-max-age', '600')
    .send();
  return true;
}

/** Applies the origin policy; true when it answered the request itself (a preflight or a refusal). */
function checkOrigin(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined)
    return answerPreflight(app, request, reply);
  const origin = request.headers.origin;
  // Local tools and SDKs send no Origin: nothing to decide.
  if (origin === undefined) return false;
  if (isV1(request.url)) {
    if (app.gateway.settings.corsOrigins.includes(origin))
      allowOrigin(reply, origin, 'x-gatehouse-request-id, x-gatehouse-warnings, retry-after');
    return false;
  }
  const kind = requestOriginKind(app, request);
  if (kind === 'foreign' && routeOf(request).config.admin)
    return refuse(request, reply, `Admin requests from ${origin.slice(0, 100)} are not allowed`);
  if (kind === 'desktop') {
    const token = presentedAdminToken(request);
    if (token && app.gateway.adminCredentials.verifyToken(token)) allowOrigin(reply, origin);
  }
  return false;
}

/**
 * CORS and Origin policy. No route ever answers `Access-Control-Allow-Origin: *`. /v1 serves local tools,
 * not browsers: no CORS unless server.corsOrigins names the origin. Admin routes refuse foreign origins
 * outright (the admin-auth plugin then decides whether desktop and own origins are authenticated).
 */
async function originGuard(app: FastifyInstance): Promise<void> {
  app.addRequestCheck((request, reply) => checkOrigin(app, request, reply));
}

export default fp(originGuard, {
  name: 'origin-guard',
  dependencies: ['error-handler', 'request-checks', 'host-guard'],
});
