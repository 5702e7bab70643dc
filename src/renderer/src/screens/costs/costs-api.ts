import type { CostStats } from '../../../../shared/schemas/cost-stats';
import { adminFetch } from '../../api/admin-fetch';
import { toApiRange, type DayRange } from './cost-range';

export type StackBy = 'model' | 'provider' | 'key';

/** Per-day totals with latency percentiles, and each day split by `stackBy`: one request. */
export function fetchDailyCosts(range: DayRange, stackBy: StackBy, signal: AbortSignal): Promise<CostStats> {
  const { from, to } = toApiRange(range);
  const query = new URLSearchParams({ groupBy: 'day', stackBy, withLatency: 'true', from, to });
  return adminFetch<CostStats>(`/admin/stats/costs?${query}`, { signal });
}
