import { Badge, Table, Text } from '@mantine/core';
import type { LogAttempt } from '../../../../shared/schemas/log-record';
import { formatMs, statusColor } from './log-format';

/** Every upstream try in order: retries and fallbacks of a route, or the one call of a direct model. */
export function LogAttemptsTable({ attempts }: { attempts: LogAttempt[] | undefined }): React.JSX.Element {
  if (!attempts || attempts.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No upstream call (answered from the cache, or refused before reaching a provider).
      </Text>
    );
  return (
    <Table striped withTableBorder fz="sm" data-testid="log-attempts">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>#</Table.Th>
          <Table.Th>Provider</Table.Th>
          <Table.Th>Model</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th ta="right">Latency</Table.Th>
          <Table.Th>Error</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {attempts.map((attempt, index) => (
          <Table.Tr key={index}>
            <Table.Td>{index + 1}</Table.Td>
            <Table.Td>{attempt.provider}</Table.Td>
            <Table.Td>{attempt.model}</Table.Td>
            <Table.Td>
              <Badge size="sm" variant="light" color={statusColor(attempt.status, 'ok')}>
                {attempt.status}
              </Badge>
            </Table.Td>
            <Table.Td ta="right">{formatMs(attempt.latencyMs)}</Table.Td>
            <Table.Td>{attempt.error ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
