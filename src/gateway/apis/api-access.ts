import type { IncomingHttpHeaders } from 'node:http';
import { GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import type { RegisteredApi } from './api-registry';
import { checkApiPath } from './path-safety';

/** The API a request names, or 404: unknown and disabled APIs look the same to callers. */
export function findApi(gateway: GatewayServices, slug: string): RegisteredApi {
  const api = gateway.apis.get(slug);
  if (!api || api.config.enabled === false) throw GatewayErrors.routeNotFound(`No REST API named "${slug}"`);
  return api;
}

/** 403 when the caller's gateway key is limited to other APIs. */
export function checkKeyAllowsApi(gateway: GatewayServices, keyName: string | null, slug: string): void {
  if (keyName === null) return;
  const allowed = gateway.keys.findByName(keyName)?.allowedApis;
  if (!allowed || allowed.length === 0 || allowed.includes(slug)) return;
  throw GatewayErrors.forbidden(`The gateway key "${keyName}" may not call the API "${slug}"`);
}

/** Which header carried the gateway key (as gateway-auth reads it): it is never forwarded upstream. */
export function gatewayKeyHeaders(headers: IncomingHttpHeaders): string[] {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+\S/.test(authorization)) return ['authorization'];
  return ['x-api-key'];
}

export interface ApiRequestTarget {
  slug: string;
  /** The checked path below the API ("" or "/…"), still percent-encoded as the caller sent it. */
  path: string;
  /** The query without "?", as sent. */
  rawQuery: string;
}

/**
 * Splits a raw request target (`/apis/<slug>/<path>?<query>`) without decoding or normalising it: routers
 * decode, and a decoded `%2e%2e%2f` is exactly what must not be trusted. The path is then checked.
 */
export function parseApiTarget(rawUrl: string): ApiRequestTarget {
  const queryAt = rawUrl.indexOf('?');
  const pathPart = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
  const [empty, prefix, rawSlug, ...rest] = pathPart.split('/');
  if (empty !== '' || prefix !== 'apis' || !rawSlug) {
    throw GatewayErrors.invalidRequest('REST API paths look like /apis/<slug>/<path>');
  }
  let slug: string;
  try {
    slug = decodeURIComponent(rawSlug);
  } catch {
    throw GatewayErrors.invalidRequest('The API slug has a malformed percent-escape');
  }
  const path = rest.length === 0 ? '' : `/${rest.join('/')}`;
  return { slug, path: checkApiPath(path), rawQuery };
}
