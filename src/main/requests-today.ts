import type { LogRepository } from '../gateway/storage/log-repository';

/**
 * How many requests the gateway logged since local midnight. "Today" is the user's day, not the
 * UTC day the cost stats group by, so the range is passed explicitly and only the total is read.
 */
export function countRequestsToday(logs: Pick<LogRepository, 'costStats'>, now: Date = new Date()): number {
  const startOfDay = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const startOfNextDay = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  const stats = logs.costStats({
    groupBy: 'day',
    from: startOfDay.toISOString(),
    to: startOfNextDay.toISOString(),
  });
  return stats.total.requests;
}
