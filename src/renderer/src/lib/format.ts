const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const smallUsd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 3,
});
const count = new Intl.NumberFormat('en-US');

/**
 * $12.34, or three significant digits below a cent ($0.00123) so small spend does not read as $0.00.
 * `compact` (big numbers in narrow cards) says "<$0.01" instead.
 */
export function formatUsd(value: number, options: { compact?: boolean } = {}): string {
  if (value === 0) return '$0.00';
  if (Math.abs(value) >= 0.01) return usd.format(value);
  return options.compact ? '<$0.01' : smallUsd.format(value);
}

/** "1 request", "2 requests". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

export function formatCount(value: number): string {
  return count.format(value);
}

/** 850 ms, 1.25 s; an em dash when unknown. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  // Local calls take a millisecond or two: below 10 ms one decimal keeps 0.4 and 1.6 apart (axis ticks too).
  if (ms < 10) return `${Number(ms.toFixed(1))} ms`;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
