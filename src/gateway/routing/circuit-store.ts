import type { CircuitStateName } from '../../shared/schemas/routes';

/** One target's breaker. `probeInFlight` marks the single request a half-open breaker lets through. */
export interface CircuitRecord {
  state: CircuitStateName;
  consecutiveFailures: number;
  openedAt: number | null;
  probeInFlight: boolean;
}

/**
 * Where breaker state lives. In memory for one gateway; several gateways behind a load balancer would
 * share it (Redis) through this same interface.
 */
export interface CircuitStore {
  get(target: string): CircuitRecord | undefined;
  set(target: string, record: CircuitRecord): void;
  entries(): Array<[string, CircuitRecord]>;
}

export class MemoryCircuitStore implements CircuitStore {
  private readonly records = new Map<string, CircuitRecord>();

  get(target: string): CircuitRecord | undefined {
    return this.records.get(target);
  }

  set(target: string, record: CircuitRecord): void {
    this.records.set(target, record);
  }

  entries(): Array<[string, CircuitRecord]> {
    return [...this.records.entries()];
  }
}
