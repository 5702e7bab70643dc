import { GatewayErrors } from '../errors/gateway-error';

/** The request header that turns the cache on, off or refreshes an entry, whatever the route says. */
export const CACHE_HEADER = 'x-gatehouse-cache';
/** TTL when a request asks for the cache (`on`, `refresh`) and its route sets none. */
export const DEFAULT_CACHE_TTL_SECONDS = 300;

/** A route's `cache: { ttlSeconds }` setting. */
export interface RouteCacheSettings {
  ttlSeconds: number;
}

export interface CacheDecision {
  /** Look for a stored answer before dispatching. */
  lookup: boolean;
  /** Store the answer when the request completes. */
  store: boolean;
  ttlSeconds: number;
}

/**
 * The cache is opt-in: a route with `cache: { ttlSeconds }` uses it for every request, and any request can
 * decide for itself with the header — `on` (look up and store), `off` (bypass), `refresh` (skip the lookup,
 * store the new answer). Returns null when the cache is not in play; an unknown header value is a 400.
 */
export function decideCache(
  header: string | string[] | undefined,
  route?: RouteCacheSettings | null,
): CacheDecision | null {
  const ttlSeconds = route?.ttlSeconds ?? DEFAULT_CACHE_TTL_SECONDS;
  const value = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  if (value === undefined || value === '') return route ? { lookup: true, store: true, ttlSeconds } : null;
  switch (value) {
    case 'on':
      return { lookup: true, store: true, ttlSeconds };
    case 'refresh':
      return { lookup: false, store: true, ttlSeconds };
    case 'off':
      return null;
    default:
      throw GatewayErrors.invalidRequest(
        `The ${CACHE_HEADER} header must be on, off or refresh; got "${value}"`,
      );
  }
}
