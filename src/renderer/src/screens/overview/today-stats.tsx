import { Sparkline } from '@mantine/charts';
import { Card, Center, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import type { TrafficSummary } from '../../../../shared/schemas/traffic-summary';
import { ErrorAlert } from '../../components/error-alert';
import { formatCount, formatLatency, formatUsd, plural } from '../../lib/format';

const CHART_HEIGHT = 44;

function StatCard({
  label,
  value,
  exact,
  hint,
  series,
  color,
}: {
  label: string;
  value: string | undefined;
  /** The exact value, when `value` is rounded for space. */
  exact?: string;
  hint: string;
  series: Array<number | null> | undefined;
  color: string;
}) {
  return (
    <Card withBorder padding="md">
      <Stack gap={6}>
        <Text size="xs" c="dimmed" fw={700} tt="uppercase" style={{ letterSpacing: 0.4 }}>
          {label}
        </Text>
        {value === undefined ? (
          <Skeleton height={30} width="60%" />
        ) : (
          <Text
            fz={26}
            fw={700}
            lh="30px"
            className="gatehouse-numbers"
            data-testid={`stat-${label}`}
            title={exact}
            truncate
          >
            {value}
          </Text>
        )}
        <Text size="xs" c="dimmed" lh="16px" h={16} truncate>
          {hint}
        </Text>
        {series === undefined ? (
          <Skeleton height={CHART_HEIGHT} />
        ) : series.filter((point) => point !== null).length < 2 ? (
          // One point draws no line; say so in the same space instead of leaving a hole.
          <Center h={CHART_HEIGHT}>
            <Text size="xs" c="dimmed">
              A trend needs two hours of traffic
            </Text>
          </Center>
        ) : (
          <Sparkline
            h={CHART_HEIGHT}
            data={series}
            color={color}
            curveType="monotone"
            fillOpacity={0.25}
            strokeWidth={1.6}
            connectNulls
            aria-label={`${label} per hour today`}
          />
        )}
      </Stack>
    </Card>
  );
}

/** Today's requests, cost, errors and p95 latency, each with its hour-by-hour trend. */
export function TodayStats({
  summary,
  error,
  onRetry,
}: {
  summary: TrafficSummary | undefined;
  error: string | null;
  onRetry(): void;
}) {
  const buckets = summary?.buckets;
  const errorRate = summary && summary.requests > 0 ? (summary.errors / summary.requests) * 100 : 0;
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={600}>Today</Text>
        <Text size="xs" c="dimmed">
          Since midnight, by hour · updates every few seconds
        </Text>
      </Group>
      {error && <ErrorAlert title="Could not load today's numbers" message={error} onRetry={onRetry} />}
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <StatCard
          label="Requests"
          value={summary && formatCount(summary.requests)}
          hint={summary ? `${formatCount(summary.inputTokens + summary.outputTokens)} tokens` : ''}
          series={buckets?.map((bucket) => bucket.requests)}
          color="indigo"
        />
        <StatCard
          label="Cost"
          value={summary && formatUsd(summary.costUsd, { compact: true })}
          exact={summary && formatUsd(summary.costUsd)}
          hint={
            summary && summary.unpricedRequests > 0
              ? `${plural(summary.unpricedRequests, 'request')} without a known price`
              : 'Bundled prices and your own'
          }
          series={buckets?.map((bucket) => bucket.costUsd)}
          color="teal"
        />
        <StatCard
          label="Errors"
          value={summary && formatCount(summary.errors)}
          hint={summary ? `${errorRate.toFixed(errorRate > 0 && errorRate < 1 ? 1 : 0)}% of requests` : ''}
          series={buckets?.map((bucket) => bucket.errors)}
          color="red"
        />
        <StatCard
          label="p95 latency"
          value={summary && formatLatency(summary.p95LatencyMs)}
          hint={summary ? `Median ${formatLatency(summary.p50LatencyMs)}` : ''}
          series={buckets?.map((bucket) => bucket.p95LatencyMs)}
          color="orange"
        />
      </SimpleGrid>
    </Stack>
  );
}
