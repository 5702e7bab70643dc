import type { IncomingHttpHeaders } from 'node:http';
import type { ApiCache } from '../../shared/schemas/apis';

export const DEFAULT_CACHE_MAX_BODY_BYTES = 1024 * 1024;

interface Directives {
  noStore: boolean;
  noCache: boolean;
  private: boolean;
  public: boolean;
  maxAge: number | null;
  sMaxAge: number | null;
}

export function parseCacheControl(value: string | string[] | undefined): Directives {
  const directives: Directives = {
    noStore: false,
    noCache: false,
    private: false,
    public: false,
    maxAge: null,
    sMaxAge: null,
  };
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  for (const part of text.split(',')) {
    const [rawName, rawValue] = part.split('=', 2);
    const name = rawName!.trim().toLowerCase();
    const seconds = rawValue === undefined ? null : Number(rawValue.trim().replace(/^"|"$/g, ''));
    if (name === 'no-store') directives.noStore = true;
    else if (name === 'no-cache') directives.noCache = true;
    else if (name === 'private') directives.private = true;
    else if (name === 'public') directives.public = true;
    else if (name === 'max-age' && Number.isFinite(seconds)) directives.maxAge = seconds;
    else if (name === 's-maxage' && Number.isFinite(seconds)) directives.sMaxAge = seconds;
  }
  return directives;
}

/** What the cache may do for one request: look for a stored answer, and store the new one. */
export interface CacheUse {
  lookup: boolean;
  store: boolean;
}

/**
 * Only bodiless GETs of an API with caching on use the cache. The caller's `Cache-Control: no-store` keeps
 * the exchange out of it entirely; `no-cache` (or `max-age=0`) skips the lookup but stores the new answer.
 */
export function cacheUse(
  settings: ApiCache | null | undefined,
  method: string,
  hasBody: boolean,
  headers: IncomingHttpHeaders,
): CacheUse {
  if (!settings?.enabled || method !== 'GET' || hasBody) return { lookup: false, store: false };
  const request = parseCacheControl(headers['cache-control']);
  if (request.noStore) return { lookup: false, store: false };
  const pragmaNoCache = /no-cache/i.test(String(headers.pragma ?? ''));
  return { lookup: !(request.noCache || request.maxAge === 0 || pragmaNoCache), store: true };
}

/**
 * How long a response may be reused, or null when it must not be stored. Gatehouse is a shared cache (every
 * gateway key reads it), so it follows RFC 9111's rules for one: `no-store`, `no-cache` and `private`
 * answers, `Vary: *`, answers setting cookies, and answers to requests that carried the caller's own
 * Authorization (unless marked public) are not stored. The API's ttlSeconds overrides the answer's own
 * freshness (and caches answers that state none); without it, s-maxage or max-age decides.
 */
export function freshnessSeconds(
  settings: ApiCache,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  callerAuthorization: boolean,
): number | null {
  if (status !== 200) return null;
  const response = parseCacheControl(headers['cache-control']);
  if (response.noStore || response.noCache || response.private) return null;
  const vary = String(headers.vary ?? '');
  if (vary.split(',').some((name) => name.trim() === '*')) return null;
  if (headers['set-cookie'] !== undefined) return null;
  if (callerAuthorization && !response.public && response.sMaxAge === null) return null;
  const seconds = settings.ttlSeconds ?? response.sMaxAge ?? response.maxAge;
  return seconds !== null && seconds > 0 ? seconds : null;
}

/** Lowercase header names the answer varies on. */
export function varyNames(headers: Record<string, string | string[] | undefined>): string[] {
  const vary = Array.isArray(headers.vary) ? headers.vary.join(',') : (headers.vary ?? '');
  return vary
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
    .sort();
}
