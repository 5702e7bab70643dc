import { CACHE_HEADER } from '../cache/cache-policy';
import type { CacheLookup } from '../cache/response-cache';
import type { GatewayServices } from '../gateway-services';
import type { LogEntry } from '../logs/log-entry';
import { mergeParams } from '../proxy/merge-params';
import type { PlannedTarget, RequestPlan } from './request-plan';

/** What the response cache needs from the caller's request. */
export interface CacheableRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The body as the caller sent it; each target's params are applied before the key is made. */
  body: Record<string, unknown>;
}

/**
 * Asks the response cache about one target: null when the cache is not in play (no route setting, no
 * x-gatehouse-cache header), else the lookup, with a stored answer when there is a fresh one (or null).
 */
export function lookupCached(
  services: GatewayServices,
  entry: LogEntry,
  plan: RequestPlan,
  planned: PlannedTarget,
  request: CacheableRequest,
): Promise<CacheLookup | null> | null {
  // The usual case (no route setting, no header) decides nothing: no lookup, and no promise to wait on.
  if (request.headers[CACHE_HEADER] === undefined && !plan.cache) return null;
  return services.responseCache.lookup(
    {
      endpoint: entry.endpoint,
      headers: request.headers,
      body: mergeParams(request.body, planned.params),
      routeCache: plan.cache,
    },
    { providerId: planned.target.provider.id, model: planned.target.model },
  );
}
