import type { CircuitBreakerConfig } from '../../shared/schemas/gateway-config';
import type { ProviderRegistry } from '../providers/provider-registry';
import { CircuitBreakers, DEFAULT_CIRCUIT_SETTINGS } from './circuit-breakers';
import { MemoryCircuitStore, type CircuitStore } from './circuit-store';
import { KeyRing } from './key-ring';
import { LatencyTracker } from './latency-tracker';
import type { RouteRepository } from './route-repository';
import { RouteTable } from './route-table';
import { systemClock, type RoutingClock } from './routing-clock';

export interface RoutingOptions {
  circuitBreaker?: CircuitBreakerConfig;
  /** Where breaker state lives (memory by default). */
  circuitStore?: CircuitStore;
  /** Tests inject a clock that does not wait, and a seeded random source. */
  clock?: RoutingClock;
  random?: () => number;
}

/** Everything the dispatcher keeps between requests: routes, breakers, latency averages and key turns. */
export class Routing {
  readonly repository: RouteRepository;
  readonly routes: RouteTable;
  readonly breakers: CircuitBreakers;
  readonly latency = new LatencyTracker();
  readonly keys: KeyRing;
  readonly clock: RoutingClock;
  readonly random: () => number;

  constructor(repository: RouteRepository, providers: ProviderRegistry, options: RoutingOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    const now = () => this.clock.now();
    this.repository = repository;
    this.routes = new RouteTable(this.repository, providers);
    this.breakers = new CircuitBreakers(
      options.circuitStore ?? new MemoryCircuitStore(),
      {
        failureThreshold:
          options.circuitBreaker?.failureThreshold ?? DEFAULT_CIRCUIT_SETTINGS.failureThreshold,
        coolDownMs: options.circuitBreaker?.coolDownMs ?? DEFAULT_CIRCUIT_SETTINGS.coolDownMs,
      },
      now,
    );
    this.keys = new KeyRing(now);
  }
}
