/** Number formats of the Costs screen. */

const integer = new Intl.NumberFormat(undefined);
const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** Dollars with enough digits for per-request prices: $0.0021, $1.23, $1,234. */
export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  if (Math.abs(value) >= 100) return `$${integer.format(Math.round(value))}`;
  if (Math.abs(value) >= 1) return `$${value.toFixed(2)}`;
  return `$${value.toFixed(4)}`;
}

/** Axis ticks: no trailing zeros ($0.02, $0.005, $1.5). */
export function formatUsdTick(value: number): string {
  if (value === 0) return '$0';
  return `$${Number(value.toPrecision(3))}`;
}

export function formatInteger(value: number): string {
  return integer.format(value);
}

export function formatCompact(value: number): string {
  return compact.format(value);
}

/** "299 / 528 ms": two latencies in the unit of the larger one. */
export function formatLatencyPair(first: number | undefined, second: number | undefined): string {
  if (first === undefined || second === undefined) return '—';
  if (second >= 1000) return `${(first / 1000).toFixed(2)} / ${(second / 1000).toFixed(2)} s`;
  return `${Math.round(first)} / ${Math.round(second)} ms`;
}

export function formatLatency(value: number | undefined): string {
  if (value === undefined) return '—';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** "Jul 3" for the chart axis; days are UTC, like the API's buckets. */
export function formatDay(day: string): string {
  return dayLabel.format(new Date(`${day}T00:00:00Z`));
}
