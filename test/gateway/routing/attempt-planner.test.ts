import { describe, expect, it } from 'vitest';
import { orderTargets } from '../../../src/gateway/routing/attempt-planner';
import { LatencyTracker } from '../../../src/gateway/routing/latency-tracker';
import { seededRandom } from './routing-harness';

const targets = [
  { key: 'a/one', weight: 3 },
  { key: 'b/two', weight: 1 },
  { key: 'c/three', weight: 0 },
];
const noLatency = () => null;

describe('the attempt planner', () => {
  it('loadbalance: over 2,000 requests the first picks land within ±5% of the weights', () => {
    const random = seededRandom(2026);
    const firsts = new Map<string, number>();
    for (let request = 0; request < 2_000; request += 1) {
      const [first] = orderTargets('loadbalance', targets, { random, averageLatency: noLatency });
      firsts.set(first!.key, (firsts.get(first!.key) ?? 0) + 1);
    }
    expect(Math.abs((firsts.get('a/one') ?? 0) / 2_000 - 0.75)).toBeLessThanOrEqual(0.05);
    expect(Math.abs((firsts.get('b/two') ?? 0) / 2_000 - 0.25)).toBeLessThanOrEqual(0.05);
    // Weight 0 is a standby: never the first pick.
    expect(firsts.get('c/three')).toBeUndefined();
  });

  it('loadbalance: the targets not picked follow as fallbacks, heaviest first', () => {
    const pickSecond = () => 0.8; // 0.8 × 4 = 3.2 falls in b/two's share
    const order = orderTargets('loadbalance', targets, { random: pickSecond, averageLatency: noLatency });
    expect(order.map((target) => target.key)).toEqual(['b/two', 'a/one', 'c/three']);
  });

  it('fallback keeps the written order', () => {
    const order = orderTargets('fallback', targets, { random: Math.random, averageLatency: noLatency });
    expect(order.map((target) => target.key)).toEqual(['a/one', 'b/two', 'c/three']);
  });

  it('least-latency: untried targets first, then the fastest moving average', () => {
    const averages: Record<string, number | null> = { 'a/one': 900, 'b/two': 120, 'c/three': null };
    const order = orderTargets('least-latency', targets, {
      random: Math.random,
      averageLatency: (key) => averages[key] ?? null,
    });
    expect(order.map((target) => target.key)).toEqual(['c/three', 'b/two', 'a/one']);
  });

  it('least-latency follows the moving average: a target that slows down loses first place', () => {
    const latency = new LatencyTracker();
    const pair = [
      { key: 'a/one', weight: 1 },
      { key: 'b/two', weight: 1 },
    ];
    const first = () =>
      orderTargets('least-latency', pair, {
        random: Math.random,
        averageLatency: (key) => latency.average(key),
      })[0]?.key;
    latency.record('a/one', 100);
    latency.record('b/two', 300);
    expect(first()).toBe('a/one');
    for (let sample = 0; sample < 5; sample += 1) latency.record('a/one', 900);
    expect(latency.average('a/one')).toBeGreaterThan(300);
    expect(first()).toBe('b/two');
  });
});
