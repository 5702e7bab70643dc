import { Badge, Group, Table, Text } from '@mantine/core';
import type { ArmResults } from '../../../../shared/schemas/experiments';
import { formatCount, formatLatency, formatUsd } from '../../lib/format';

const rate = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);

function served(arm: ArmResults): string {
  const parts = [
    arm.promptVersion !== null ? `v${arm.promptVersion}` : null,
    arm.model !== null ? arm.model : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'as the target';
}

/** Every arm's numbers side by side; fixed-width digits so live refreshes do not shift the columns. */
export function ArmResultsTable({ arms, promotedArm }: { arms: ArmResults[]; promotedArm: string | null }) {
  const cell = { ta: 'right' as const, style: { whiteSpace: 'nowrap' as const } };
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table
        verticalSpacing={6}
        horizontalSpacing="xs"
        className="gatehouse-numbers"
        aria-label="Results per arm"
        striped
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Arm</Table.Th>
            <Table.Th ta="right">Requests</Table.Th>
            <Table.Th ta="right">Errors</Table.Th>
            <Table.Th ta="right">Latency p50 · p95</Table.Th>
            <Table.Th ta="right">Tokens in → out</Table.Th>
            <Table.Th ta="right">Cost / request</Table.Th>
            <Table.Th ta="right">Feedback</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {arms.map((arm) => (
            <Table.Tr key={arm.arm}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Group gap={6} wrap="nowrap">
                  <Text fw={600} size="sm">
                    {arm.arm}
                  </Text>
                  {arm.isControl && (
                    <Badge size="xs" variant="default" style={{ flexShrink: 0, minWidth: 'max-content' }}>
                      control
                    </Badge>
                  )}
                  {promotedArm === arm.arm && (
                    <Badge size="xs" color="teal" style={{ flexShrink: 0, minWidth: 'max-content' }}>
                      promoted
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" ff="monospace" maw={220} truncate>
                  {served(arm)} · {arm.weight}%
                </Text>
              </Table.Td>
              <Table.Td {...cell}>{formatCount(arm.requests)}</Table.Td>
              <Table.Td {...cell}>
                {formatCount(arm.errors)} · {rate(arm.errorRate)}
              </Table.Td>
              <Table.Td {...cell}>
                {formatLatency(arm.latencyMs.p50)} · {formatLatency(arm.latencyMs.p95)}
                <Text size="xs" c="dimmed">
                  first token {formatLatency(arm.ttftMs.p50)}
                </Text>
              </Table.Td>
              <Table.Td {...cell}>
                {arm.inputTokens.mean === null ? '—' : Math.round(arm.inputTokens.mean)} →{' '}
                {arm.outputTokens.mean === null ? '—' : Math.round(arm.outputTokens.mean)}
              </Table.Td>
              <Table.Td {...cell}>
                {arm.costUsd.perRequest === null ? '—' : formatUsd(arm.costUsd.perRequest)}
                <Text size="xs" c="dimmed">
                  total {formatUsd(arm.costUsd.total)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                {arm.feedback.count === 0 ? (
                  '—'
                ) : (
                  <>
                    {arm.feedback.mean?.toFixed(2)}
                    <Text size="xs" c="dimmed">
                      {rate(arm.feedback.positiveRate)} of {arm.feedback.count} positive
                    </Text>
                  </>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
