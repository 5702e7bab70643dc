import { Agent } from 'undici';
import type { ApiConfig } from '../../shared/schemas/apis';
import { systemClock, type RoutingClock } from '../routing/routing-clock';
import type { ApiRecord, ApiRepository } from '../storage/api-repository';
import { ApiRateLimiter } from './api-rate-limiter';
import { DEFAULT_CACHE_TOTAL_BYTES, RestCache } from './rest-cache';
import { DEFAULT_COOL_DOWN_MS, TargetSelector } from './target-selector';

export interface ApiRegistryOptions {
  /** Tests move time forward for cool-downs, rate limits, retry waits and cache expiry without sleeping. */
  clock?: RoutingClock;
  /** Bytes all cached REST answers may take together (default 64 MiB). */
  cacheMaxBytes?: number;
}

/** An API with the state its requests share: base URL health and the rate-limit window. */
export interface RegisteredApi {
  record: ApiRecord;
  config: ApiConfig;
  targets: TargetSelector;
  limiter: ApiRateLimiter | null;
}

/**
 * The REST APIs served at /apis/<slug>/, loaded from the repository and reloaded after every admin change.
 * Owns one connection pool for all of them (not the LLM pool: REST timeouts are per API).
 */
export class ApiRegistry {
  readonly clock: RoutingClock;
  private readonly now: () => number;
  readonly cache: RestCache;
  readonly agent: Agent;
  private apis = new Map<string, RegisteredApi>();

  constructor(
    readonly repository: ApiRepository,
    options: ApiRegistryOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.now = () => this.clock.now();
    this.cache = new RestCache(this.now, options.cacheMaxBytes ?? DEFAULT_CACHE_TOTAL_BYTES);
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connect: { timeout: 15_000, noDelay: true },
    });
    this.reload();
  }

  get(slug: string): RegisteredApi | undefined {
    return this.apis.get(slug);
  }

  list(): RegisteredApi[] {
    return [...this.apis.values()];
  }

  /** Re-reads the repository. Health and rate windows survive when the settings they depend on did not change. */
  reload(): void {
    const next = new Map<string, RegisteredApi>();
    for (const record of this.repository.list()) {
      const config = record.config;
      const previous = this.apis.get(config.slug);
      const sameTargets =
        previous &&
        JSON.stringify([previous.config.baseUrls, previous.config.coolDownMs]) ===
          JSON.stringify([config.baseUrls, config.coolDownMs]);
      const sameLimit = previous?.config.rateLimit?.requestsPerMinute === config.rateLimit?.requestsPerMinute;
      if (previous && JSON.stringify(previous.config) !== JSON.stringify(config))
        this.cache.clear(config.slug);
      next.set(config.slug, {
        record,
        config,
        targets: sameTargets
          ? previous.targets
          : new TargetSelector(config.baseUrls, config.coolDownMs ?? DEFAULT_COOL_DOWN_MS, this.now),
        limiter:
          sameLimit && previous
            ? previous.limiter
            : config.rateLimit
              ? new ApiRateLimiter(config.rateLimit.requestsPerMinute, this.now)
              : null,
      });
    }
    for (const slug of this.apis.keys()) if (!next.has(slug)) this.cache.clear(slug);
    this.apis = next;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
