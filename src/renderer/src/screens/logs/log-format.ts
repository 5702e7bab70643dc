/** Display formats shared by the list and the detail drawer. */

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
});

/** "14:03:07" today, "Jul 3 14:03:07" on other days. */
export function formatTime(time: number, now = Date.now()): string {
  const date = new Date(time);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return sameDay ? timeFormat.format(date) : `${dateFormat.format(date)} ${timeFormat.format(date)}`;
}

export function formatFullTime(time: number): string {
  return fullFormat.format(new Date(time));
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

/** Per-request prices are tiny: keep two significant digits ($0.0000048, $0.0021, $1.25). */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  const digits = Math.min(10, Math.max(2, 1 - Math.floor(Math.log10(usd))));
  return `$${usd.toFixed(digits).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

const integerFormat = new Intl.NumberFormat(undefined);

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integerFormat.format(value);
}

export function statusColor(status: number, outcome: string): string {
  if (outcome === 'cancelled') return 'gray';
  if (status >= 500) return 'red';
  if (status >= 400) return 'orange';
  return 'teal';
}
