import { Badge, Button, Card, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { RouteView } from '../../../../shared/schemas/routes';
import { formatLatency } from '../../lib/format';
import { CircuitBadge } from './circuit-badge';

const strategyLabels: Record<string, string> = {
  fallback: 'Fallback in order',
  loadbalance: 'Load balance by weight',
  'least-latency': 'Fastest first',
};

function extras(route: RouteView): string[] {
  const parts: string[] = [];
  if (route.retry) parts.push(`${route.retry.attempts} tries per target`);
  if (route.timeoutMs) parts.push(`${route.timeoutMs} ms per attempt`);
  if (route.deadlineMs) parts.push(`${route.deadlineMs} ms deadline`);
  if (route.cache) parts.push(`cached ${route.cache.ttlSeconds} s`);
  return parts;
}

/** One route: its strategy, and each target with weight, circuit state and latency. */
export function RouteCard({
  route,
  onEdit,
  onDelete,
}: {
  route: RouteView;
  onEdit(route: RouteView): void;
  onDelete(route: RouteView): void;
}) {
  const fromConfig = route.source === 'config';
  const weighted = route.strategy === 'loadbalance';
  const total = route.targets.reduce((sum, target) => sum + target.weight, 0);
  return (
    <Card withBorder padding="md" data-testid={`route-${route.name}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={650} size="lg" ff="monospace">
              {route.name}
            </Text>
            <Badge variant="light" radius="sm">
              {strategyLabels[route.strategy] ?? route.strategy}
            </Badge>
            {fromConfig && (
              <Badge variant="outline" color="gray" radius="sm">
                Config file
              </Badge>
            )}
          </Group>
          <Tooltip label="Managed by the config file: change it there." disabled={!fromConfig}>
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={() => onEdit(route)} disabled={fromConfig}>
                Edit
              </Button>
              <Button
                size="xs"
                variant="light"
                color="red"
                onClick={() => onDelete(route)}
                disabled={fromConfig}
              >
                Delete
              </Button>
            </Group>
          </Tooltip>
        </Group>
        <Table verticalSpacing={6} horizontalSpacing="sm" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={32}>#</Table.Th>
              <Table.Th>Target</Table.Th>
              {weighted && <Table.Th w={90}>Share</Table.Th>}
              <Table.Th w={130}>Circuit</Table.Th>
              <Table.Th w={120} style={{ whiteSpace: 'nowrap' }}>
                Avg latency
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {route.targets.map((target, index) => (
              <Table.Tr key={`${target.model}-${index}`}>
                <Table.Td c="dimmed">{index + 1}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" truncate>
                    {target.model}
                  </Text>
                </Table.Td>
                {weighted && (
                  <Table.Td className="gatehouse-numbers">
                    {total > 0 ? `${Math.round((target.weight / total) * 100)}%` : '—'}
                    {target.weight === 0 && ' (standby)'}
                  </Table.Td>
                )}
                <Table.Td>
                  <CircuitBadge circuit={target.circuit} />
                </Table.Td>
                <Table.Td className="gatehouse-numbers">{formatLatency(target.averageLatencyMs)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {extras(route).length > 0 && (
          <Text size="xs" c="dimmed">
            {extras(route).join(' · ')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
