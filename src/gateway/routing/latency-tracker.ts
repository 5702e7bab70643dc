/**
 * A moving average of each target's latency (successful attempts: time to the answer, for streams to
 * the first byte), for the least-latency strategy. Recent answers count most, so a target that slows
 * down loses its place within a few requests.
 */
export class LatencyTracker {
  private readonly averages = new Map<string, number>();

  /** `weight` is how much the newest sample moves the average (exponentially weighted, 0 < weight ≤ 1). */
  constructor(private readonly weight = 0.3) {}

  record(target: string, latencyMs: number): void {
    const previous = this.averages.get(target);
    this.averages.set(
      target,
      previous === undefined ? latencyMs : previous + this.weight * (latencyMs - previous),
    );
  }

  /** Null before the target's first successful attempt. */
  average(target: string): number | null {
    return this.averages.get(target) ?? null;
  }
}
