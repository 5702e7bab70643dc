/** USD budgets run per UTC day and UTC month, so every gateway (and the log's `time`) agrees on them. */

export const MINUTE_MS = 60_000;

/**
 * The last period named, with its bounds: limits ask on every request, and formatting a date each time
 * cost more than the rest of the limits check.
 */
interface NamedPeriod {
  from: number;
  to: number;
  name: string;
}
const lastDay: NamedPeriod = { from: 0, to: 0, name: '' };
const lastMonth: NamedPeriod = { from: 0, to: 0, name: '' };

/** `2026-07-24` */
export function utcDay(time: number): string {
  if (time >= lastDay.from && time < lastDay.to) return lastDay.name;
  lastDay.name = new Date(time).toISOString().slice(0, 10);
  lastDay.from = startOfUtcDay(time);
  lastDay.to = startOfNextUtcDay(time);
  return lastDay.name;
}

/** `2026-07` */
export function utcMonth(time: number): string {
  if (time >= lastMonth.from && time < lastMonth.to) return lastMonth.name;
  lastMonth.name = new Date(time).toISOString().slice(0, 7);
  lastMonth.from = startOfUtcMonth(time);
  lastMonth.to = startOfNextUtcMonth(time);
  return lastMonth.name;
}

export function startOfUtcDay(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

export function startOfUtcMonth(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function startOfNextUtcDay(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
}

export function startOfNextUtcMonth(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
