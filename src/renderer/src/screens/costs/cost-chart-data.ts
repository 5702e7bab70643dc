import type { CostStackRow, CostStats, CostStatsRow } from '../../../../shared/schemas/cost-stats';
import { daysOf, type DayRange } from './cost-range';

/** The chart shows this many stacks by name; the rest are summed as "Other". */
export const maxNamedStacks = 8;
const colors = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6', 'lime.7', 'indigo.5'];
export const otherLabel = 'Other';

export interface ChartSeriesModel {
  /** A safe data key: names like "gpt-4.1" would be read as paths by the chart library. */
  name: string;
  label: string;
  color: string;
}

export interface DailyRow extends CostStatsRow {
  day: string;
}

export interface CostsModel {
  /** Every day of the range, oldest first; days without requests are zero. */
  daily: DailyRow[];
  stacked: CostStackRow[];
  series: ChartSeriesModel[];
  /** One object per day: { day, s0: cost, s1: cost, … } for the stacked cost chart. */
  costByDay: Array<Record<string, string | number>>;
  total: CostStatsRow;
}

function emptyRow(group: string): CostStatsRow {
  return {
    group,
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    costUsd: 0,
    unpricedRequests: 0,
  };
}

/** Shapes one /admin/stats/costs?groupBy=day&stackBy=… answer for the charts and tables. */
export function buildCostsModel(stats: CostStats, range: DayRange): CostsModel {
  const byDay = new Map(stats.rows.map((row) => [row.group, row]));
  const daily = daysOf(range).map((day) => ({ ...(byDay.get(day) ?? emptyRow(day)), day }));
  const stacked = stats.stacked ?? [];

  // Biggest spenders get their own colour; ties (unpriced local models) go by requests.
  const totals = new Map<string, { cost: number; requests: number }>();
  for (const row of stacked) {
    const total = totals.get(row.stack) ?? { cost: 0, requests: 0 };
    total.cost += row.costUsd;
    total.requests += row.requests;
    totals.set(row.stack, total);
  }
  const ranked = [...totals.entries()]
    .sort(([, a], [, b]) => b.cost - a.cost || b.requests - a.requests)
    .map(([name]) => name);
  const named = ranked.length > maxNamedStacks ? ranked.slice(0, maxNamedStacks - 1) : ranked;
  const keyOf = new Map(named.map((name, index) => [name, `s${index}`]));
  const series: ChartSeriesModel[] = named.map((label, index) => ({
    name: `s${index}`,
    label,
    color: colors[index % colors.length] ?? 'gray.6',
  }));
  if (ranked.length > named.length) series.push({ name: 'other', label: otherLabel, color: 'gray.6' });

  const costByDay = daily.map((row) => {
    const point: Record<string, string | number> = { day: row.day };
    for (const entry of series) point[entry.name] = 0;
    return point;
  });
  const pointByDay = new Map(costByDay.map((point) => [point.day as string, point]));
  for (const row of stacked) {
    const point = pointByDay.get(row.group);
    if (!point) continue;
    const key = keyOf.get(row.stack) ?? 'other';
    point[key] = (point[key] as number) + row.costUsd;
  }
  return { daily, stacked, series, costByDay, total: stats.total };
}
