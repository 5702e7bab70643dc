import { BarChart } from '@mantine/charts';
import { Paper, Stack, Text } from '@mantine/core';
import { Bar, XAxis } from 'recharts';
import type { ArmResults, Comparison, ComparisonMetric } from '../../../../shared/schemas/experiments';
import { formatDifference, METRICS, wilsonInterval } from './metric-meta';

const CHART_HEIGHT = 150;

/** Recharts hands range bars their [low, high] pair where the types promise a number. */
function formatted(metric: ComparisonMetric, value: unknown, signed: boolean): string {
  const rate = METRICS[metric].rateCounts !== undefined;
  // Axis ticks have little room: a rate's difference is written as "+12.5 pts" there.
  const one = (part: number) =>
    !signed
      ? METRICS[metric].format(part)
      : rate
        ? `${part > 0 ? '+' : part < 0 ? '−' : ''}${Math.abs(part * 100).toFixed(1)} pts`
        : formatDifference(metric, part);
  if (Array.isArray(value)) return `${one(Number(value[0]))} to ${one(Number(value[1]))}`;
  return typeof value === 'number' ? one(value) : '—';
}

function comparisonColor(comparison: Comparison): string {
  if (!comparison.significant) return 'gray.5';
  const improved =
    METRICS[comparison.metric].better === 'lower'
      ? (comparison.difference ?? 0) < 0
      : (comparison.difference ?? 0) > 0;
  return improved ? 'teal.6' : 'red.6';
}

/**
 * One metric for every arm: the arm's value as a bar (rates with their 95% interval drawn through it), and
 * each arm's difference from the control as a 95% confidence range — a range that does not cross zero is a
 * significant difference.
 */
export function MetricChart({
  metric,
  arms,
  comparisons,
}: {
  metric: ComparisonMetric;
  arms: ArmResults[];
  comparisons: Array<{ arm: string; comparison: Comparison }>;
}) {
  const meta = METRICS[metric];
  const values = arms.map((arm) => {
    const counts = meta.rateCounts?.(arm);
    return {
      arm: arm.isControl ? `${arm.arm} (control)` : arm.arm,
      value: meta.armValue(arm),
      interval: counts ? wilsonInterval(counts.successes, counts.trials) : null,
    };
  });
  const ranges = comparisons
    .filter(({ comparison }) => comparison.ciLow !== null && comparison.ciHigh !== null)
    .map(({ arm, comparison }) => ({
      arm,
      range: [comparison.ciLow!, comparison.ciHigh!],
      color: comparisonColor(comparison),
    }));
  const hasRates = meta.rateCounts !== undefined;

  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={meta.label}>
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {meta.label}
          <Text span size="xs" c="dimmed" fw={400}>
            {' '}
            · {meta.better} is better
          </Text>
        </Text>
        <BarChart
          h={CHART_HEIGHT}
          data={values}
          dataKey="arm"
          series={[{ name: 'value', label: meta.label, color: 'indigo.5' }]}
          valueFormatter={(value) => formatted(metric, value, false)}
          yAxisProps={{ width: 72 }}
          maxBarWidth={56}
          withTooltip
          tooltipAnimationDuration={0}
        >
          {hasRates && <XAxis xAxisId="interval" dataKey="arm" hide />}
          {hasRates && (
            <Bar
              xAxisId="interval"
              dataKey="interval"
              name="95% interval"
              barSize={4}
              fill="var(--mantine-color-dark-3)"
              isAnimationActive={false}
            />
          )}
        </BarChart>
        <Text size="xs" c="dimmed">
          {hasRates
            ? 'Bars: each arm’s rate; the thin bar through it is its 95% interval. '
            : 'Bars: each arm’s mean. '}
          Difference from the control (the line at 0), 95% confidence interval:
        </Text>
        {ranges.length === 0 ? (
          <Text size="xs" c="dimmed" h={60}>
            {comparisons.find(({ comparison }) => comparison.message)?.comparison.message ??
              'No interval yet: each arm needs enough requests first.'}
          </Text>
        ) : (
          <BarChart
            h={Math.max(60, 24 + ranges.length * 28)}
            data={ranges}
            dataKey="arm"
            orientation="vertical"
            series={[{ name: 'range', label: 'Difference (95% CI)', color: 'gray.5' }]}
            valueFormatter={(value) => formatted(metric, value, true)}
            referenceLines={[{ x: 0, color: 'gray.6' }]}
            yAxisProps={{ width: 72 }}
            withTooltip
            tooltipAnimationDuration={0}
            maxBarWidth={14}
          />
        )}
      </Stack>
    </Paper>
  );
}
