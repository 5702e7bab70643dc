import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { CostStatsRow } from '../../../../shared/schemas/cost-stats';
import { formatInteger, formatLatencyPair, formatUsd } from './cost-format';

function Figure(props: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {props.label}
      </Text>
      <Text size="xl" fw={700} data-testid={props.testId}>
        {props.value}
      </Text>
      <Text size="xs" c="dimmed" mih={18}>
        {props.detail ?? ''}
      </Text>
    </Paper>
  );
}

/** The range's totals in four figures. */
export function CostSummary({ total }: { total: CostStatsRow }): React.JSX.Element {
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
      <Figure
        label="Cost"
        value={formatUsd(total.costUsd)}
        detail={total.unpricedRequests > 0 ? `${formatInteger(total.unpricedRequests)} unpriced` : undefined}
        testId="total-cost"
      />
      <Figure
        label="Requests"
        value={formatInteger(total.requests)}
        detail={`${formatInteger(total.errors)} failed or cancelled`}
        testId="total-requests"
      />
      <Figure
        label="Tokens"
        value={formatInteger(total.inputTokens + total.outputTokens)}
        detail={`${formatInteger(total.inputTokens)} in · ${formatInteger(total.outputTokens)} out`}
        testId="total-tokens"
      />
      <Figure
        label="Latency p50 / p95"
        value={formatLatencyPair(total.latencyP50Ms, total.latencyP95Ms)}
        testId="total-latency"
      />
    </SimpleGrid>
  );
}
