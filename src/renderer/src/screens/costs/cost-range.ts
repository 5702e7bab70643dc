/** Date ranges of the Costs screen: whole UTC days (the admin API's day buckets), both ends inclusive. */
export interface DayRange {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
}

export const presetDays = [7, 30, 90] as const;
/** A longer range still works in the API; the chart would just be unreadable. */
export const maxRangeDays = 731;

const dayMs = 24 * 60 * 60 * 1000;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export function utcToday(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The last `days` days, today included. */
export function presetRange(days: number, today = utcToday()): DayRange {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** Which preset a range is, if any (so the preset switch shows "Custom" otherwise). */
export function matchingPreset(range: DayRange, today = utcToday()): number | null {
  if (range.to !== today) return null;
  return presetDays.find((days) => presetRange(days, today).from === range.from) ?? null;
}

/** A message saying how to fix the range, or null when it is usable. */
export function rangeProblem(range: DayRange): string | null {
  if (!dayPattern.test(range.from) || Number.isNaN(Date.parse(range.from))) return 'Pick a start date.';
  if (!dayPattern.test(range.to) || Number.isNaN(Date.parse(range.to))) return 'Pick an end date.';
  if (range.from > range.to) return 'The start date is after the end date: swap them.';
  if (dayCount(range) > maxRangeDays) return `Pick at most ${maxRangeDays} days.`;
  return null;
}

export function dayCount(range: DayRange): number {
  return Math.round((Date.parse(range.to) - Date.parse(range.from)) / dayMs) + 1;
}

/** Every day of the range, oldest first, so days without requests show as zero instead of vanishing. */
export function daysOf(range: DayRange): string[] {
  return Array.from({ length: dayCount(range) }, (_, index) => addDays(range.from, index));
}

/** The API's half-open interval: from the start of `from` to the start of the day after `to`. */
export function toApiRange(range: DayRange): { from: string; to: string } {
  return { from: range.from, to: addDays(range.to, 1) };
}
