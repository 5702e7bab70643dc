import type { TrafficSummary, TrafficSummaryQuery } from '../../shared/schemas/traffic-summary';
import { parseInstant, type LogRepository, type TrafficRow } from './log-repository';

const HOUR_MS = 60 * 60 * 1000;
const MAX_WINDOW_MS = 31 * 24 * HOUR_MS;
const DEFAULT_BUCKETS = 24;

/**
 * Totals, nearest-rank latency percentiles and an evenly sliced series for one window (the Overview's
 * "today" with its trend lines). Reads each row of the window once.
 */
export function trafficSummary(
  logs: Pick<LogRepository, 'trafficRows'>,
  query: TrafficSummaryQuery = {},
  now: number = Date.now(),
): TrafficSummary {
  const to = query.to === undefined ? now : parseInstant(query.to, 'to');
  const from = query.from === undefined ? to - 24 * HOUR_MS : parseInstant(query.from, 'from');
  if (from >= to) throw new Error(`"from" must be before "to".`);
  if (to - from > MAX_WINDOW_MS)
    throw new Error('The window is at most 31 days; use /admin/stats/costs for longer ranges.');
  const count = query.buckets ?? DEFAULT_BUCKETS;
  const width = (to - from) / count;

  const buckets = Array.from({ length: count }, (_, index) => ({
    start: new Date(Math.round(from + index * width)).toISOString(),
    requests: 0,
    errors: 0,
    costUsd: 0,
    latencies: [] as number[],
  }));
  const all: number[] = [];
  const total = { requests: 0, errors: 0, costUsd: 0, unpricedRequests: 0, inputTokens: 0, outputTokens: 0 };
  for (const row of logs.trafficRows(from, to) as Iterable<TrafficRow>) {
    const bucket = buckets[Math.min(count - 1, Math.floor((row.time - from) / width))]!;
    bucket.requests += 1;
    bucket.errors += row.failed;
    bucket.costUsd += row.costUsd ?? 0;
    bucket.latencies.push(row.latencyMs);
    all.push(row.latencyMs);
    total.requests += 1;
    total.errors += row.failed;
    total.costUsd += row.costUsd ?? 0;
    if (row.costUsd === null) total.unpricedRequests += 1;
    total.inputTokens += row.inputTokens ?? 0;
    total.outputTokens += row.outputTokens ?? 0;
  }
  all.sort((a, b) => a - b);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...total,
    p50LatencyMs: nearestRank(all, 0.5),
    p95LatencyMs: nearestRank(all, 0.95),
    buckets: buckets.map(({ latencies, ...bucket }) => ({
      ...bucket,
      p95LatencyMs: nearestRank(
        latencies.sort((a, b) => a - b),
        0.95,
      ),
    })),
  };
}

/** The smallest value with at least `fraction` of the values at or below it; null for no values. */
export function nearestRank(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]!;
}
