import { BarChart, LineChart } from '@mantine/charts';
import { Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { CostsModel } from './cost-chart-data';
import type { StackBy } from './costs-api';
import { StackByControl } from './stack-by-control';
import {
  formatCompact,
  formatDay,
  formatInteger,
  formatLatency,
  formatUsd,
  formatUsdTick,
} from './cost-format';

interface ChartCardProps {
  title: string;
  note?: string;
  /** Controls on the right of the title. */
  actions?: React.ReactNode;
  children: React.ReactNode;
  testId: string;
}

function ChartCard(props: ChartCardProps) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid={props.testId}>
      <Group justify="space-between" wrap="nowrap" mb={props.note ? 0 : 'xs'}>
        <Title order={4} size="h5">
          {props.title}
        </Title>
        {props.actions}
      </Group>
      {props.note && (
        <Text size="xs" c="dimmed" mb="xs">
          {props.note}
        </Text>
      )}
      {props.children}
    </Paper>
  );
}

const dayAxis = { tickFormatter: formatDay, minTickGap: 16 };
const smallLegend = { verticalAlign: 'bottom', height: 32 } as const;

/** Cost per day stacked by model/provider/key; tokens, requests and latency per day beneath it. */
export function CostCharts(props: {
  model: CostsModel;
  stackLabel: string;
  stackBy: StackBy;
  onStackBy(stackBy: StackBy): void;
}) {
  const { model, stackLabel, stackBy, onStackBy } = props;
  const tokens = model.daily.map((row) => ({
    day: row.day,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
  }));
  const requests = model.daily.map((row) => ({
    day: row.day,
    succeeded: row.requests - row.errors,
    failed: row.errors,
  }));
  const latency = model.daily.map((row) => ({
    day: row.day,
    p50: row.latencyP50Ms ?? null,
    p95: row.latencyP95Ms ?? null,
  }));
  const unpriced = model.total.unpricedRequests;

  return (
    <>
      <ChartCard
        title={`Cost per day by ${stackLabel}`}
        note={
          unpriced > 0
            ? `${formatInteger(unpriced)} requests have no known price and are not in these bars.`
            : undefined
        }
        testId="cost-chart"
        actions={<StackByControl value={stackBy} onChange={onStackBy} />}
      >
        <BarChart
          h={260}
          data={model.costByDay}
          dataKey="day"
          type="stacked"
          series={model.series}
          valueFormatter={formatUsd}
          xAxisProps={dayAxis}
          yAxisProps={{ tickFormatter: formatUsdTick, width: 56 }}
          withLegend
          legendProps={{ verticalAlign: 'bottom', height: 40 }}
          tooltipAnimationDuration={0}
        />
      </ChartCard>
      <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="sm">
        <ChartCard title="Tokens per day" testId="tokens-chart">
          <BarChart
            h={200}
            data={tokens}
            dataKey="day"
            type="stacked"
            series={[
              { name: 'inputTokens', label: 'Input', color: 'blue.6' },
              { name: 'outputTokens', label: 'Output', color: 'teal.6' },
            ]}
            valueFormatter={formatCompact}
            xAxisProps={dayAxis}
            withLegend
            legendProps={smallLegend}
            tooltipAnimationDuration={0}
          />
        </ChartCard>
        <ChartCard title="Requests per day" testId="requests-chart">
          <BarChart
            h={200}
            data={requests}
            dataKey="day"
            type="stacked"
            series={[
              { name: 'succeeded', label: 'Succeeded', color: 'teal.6' },
              { name: 'failed', label: 'Failed or cancelled', color: 'red.6' },
            ]}
            valueFormatter={formatInteger}
            xAxisProps={dayAxis}
            withLegend
            legendProps={smallLegend}
            tooltipAnimationDuration={0}
          />
        </ChartCard>
        <ChartCard title="Latency per day" testId="latency-chart">
          <LineChart
            h={200}
            data={latency}
            dataKey="day"
            series={[
              { name: 'p50', label: 'p50', color: 'blue.6' },
              { name: 'p95', label: 'p95', color: 'orange.6' },
            ]}
            valueFormatter={(value) => formatLatency(value)}
            xAxisProps={dayAxis}
            withLegend
            legendProps={smallLegend}
            withDots={false}
            curveType="linear"
            connectNulls
            tooltipAnimationDuration={0}
          />
        </ChartCard>
      </SimpleGrid>
    </>
  );
}
