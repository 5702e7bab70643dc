import type { CircuitView } from '../../shared/schemas/routes';
import type { CircuitRecord, CircuitStore } from './circuit-store';

export interface CircuitSettings {
  /** Consecutive failures that open a closed breaker. */
  failureThreshold: number;
  /** How long an open breaker skips its target before letting one probe through. */
  coolDownMs: number;
}

export const DEFAULT_CIRCUIT_SETTINGS: CircuitSettings = { failureThreshold: 5, coolDownMs: 30_000 };

const CLOSED: CircuitRecord = {
  state: 'closed',
  consecutiveFailures: 0,
  openedAt: null,
  probeInFlight: false,
};

/**
 * A breaker per target (`<provider>/<model>`): closed → open after N consecutive failures → half-open once
 * the cool-down has passed, letting exactly one probe through → closed when the probe succeeds, open again
 * when it fails.
 */
export class CircuitBreakers {
  constructor(
    private readonly store: CircuitStore,
    private readonly settings: CircuitSettings,
    private readonly now: () => number,
  ) {}

  /**
   * May a routed request try this target now? A true from a half-open breaker reserves its one probe, so
   * every true must be followed by recordSuccess, recordFailure or release.
   */
  tryAcquire(target: string): boolean {
    const record = this.read(target);
    if (record.state === 'closed') return true;
    if (record.state === 'open') {
      if (!this.cooledDown(record)) return false;
      this.store.set(target, { ...record, state: 'half-open', probeInFlight: true });
      return true;
    }
    if (record.probeInFlight) return false;
    this.store.set(target, { ...record, probeInFlight: true });
    return true;
  }

  /** Milliseconds until an open breaker lets a probe through (0 when it would now). */
  msUntilProbe(target: string): number {
    const record = this.read(target);
    if (record.state !== 'open' || record.openedAt === null) return 0;
    return Math.max(0, record.openedAt + this.settings.coolDownMs - this.now());
  }

  recordSuccess(target: string): void {
    if (this.store.get(target) === undefined) return;
    this.store.set(target, CLOSED);
  }

  recordFailure(target: string): void {
    const record = this.read(target);
    const consecutiveFailures = record.consecutiveFailures + 1;
    // A failed probe, a failure past the threshold, or more bad news while open: (re)start the cool-down.
    const open = record.state !== 'closed' || consecutiveFailures >= this.settings.failureThreshold;
    this.store.set(target, {
      state: open ? 'open' : 'closed',
      consecutiveFailures,
      openedAt: open ? this.now() : null,
      probeInFlight: false,
    });
  }

  /** The attempt said nothing about the target's health (the request was refused as invalid, the caller left). */
  release(target: string): void {
    const record = this.store.get(target);
    if (record?.probeInFlight) this.store.set(target, { ...record, probeInFlight: false });
  }

  view(target: string): CircuitView {
    const record = this.read(target);
    // An open breaker whose cool-down has passed lets the next request through: show it as half-open.
    const state = record.state === 'open' && this.cooledDown(record) ? 'half-open' : record.state;
    return { target, state, consecutiveFailures: record.consecutiveFailures, openedAt: record.openedAt };
  }

  views(): CircuitView[] {
    return this.store
      .entries()
      .map(([target]) => this.view(target))
      .sort((a, b) => a.target.localeCompare(b.target));
  }

  private read(target: string): CircuitRecord {
    return this.store.get(target) ?? CLOSED;
  }

  private cooledDown(record: CircuitRecord): boolean {
    return record.openedAt !== null && this.now() - record.openedAt >= this.settings.coolDownMs;
  }
}
