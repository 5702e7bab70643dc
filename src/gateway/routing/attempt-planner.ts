import type { RouteStrategy } from '../../shared/schemas/routes';

export interface Weighted {
  /** `<provider>/<model>`. */
  key: string;
  weight: number;
}

export interface PlannerInputs {
  /** Uniform in [0, 1); injected so tests can seed it. */
  random: () => number;
  /** Moving-average latency of a target, null when it has not answered yet. */
  averageLatency: (key: string) => number | null;
}

/**
 * The order in which one request tries a route's targets:
 * - fallback: as written;
 * - loadbalance: the first pick is weighted-random, the rest follow heaviest first as fallbacks;
 * - least-latency: targets that have not answered yet first (so every target gets measured), then
 *   fastest moving average first.
 */
export function orderTargets<T extends Weighted>(
  strategy: RouteStrategy,
  targets: readonly T[],
  inputs: PlannerInputs,
): T[] {
  if (strategy === 'loadbalance') return loadBalanced(targets, inputs.random);
  if (strategy === 'least-latency') return fastestFirst(targets, inputs.averageLatency);
  return [...targets];
}

function loadBalanced<T extends Weighted>(targets: readonly T[], random: () => number): T[] {
  const first = weightedPick(targets, random);
  const rest = targets.filter((_, index) => index !== first);
  // Array.prototype.sort is stable: equal weights keep the order they were written in.
  rest.sort((a, b) => b.weight - a.weight);
  return first === -1 ? rest : [targets[first] as T, ...rest];
}

/** Index of a target chosen with probability weight / total; the first one when every weight is 0. */
export function weightedPick(targets: readonly Weighted[], random: () => number): number {
  const total = targets.reduce((sum, target) => sum + Math.max(0, target.weight), 0);
  if (targets.length === 0) return -1;
  if (total <= 0) return 0;
  let point = random() * total;
  for (const [index, target] of targets.entries()) {
    point -= Math.max(0, target.weight);
    if (point < 0) return index;
  }
  // Rounding can leave a sliver past the last boundary: it belongs to the last weighted target.
  return targets.findLastIndex((target) => target.weight > 0);
}

function fastestFirst<T extends Weighted>(
  targets: readonly T[],
  averageLatency: (key: string) => number | null,
): T[] {
  const untried = targets.filter((target) => averageLatency(target.key) === null);
  const measured = targets
    .filter((target) => averageLatency(target.key) !== null)
    .sort((a, b) => (averageLatency(a.key) as number) - (averageLatency(b.key) as number));
  return [...untried, ...measured];
}
