import { Badge, Button, Code, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { LogSummary } from '../../../../shared/schemas/log-record';
import { ErrorAlert } from '../../components/error-alert';
import { useAdminResource } from '../../hooks/use-admin-resource';
import { formatCount, formatLatency, formatUsd } from '../../lib/format';
import { promptsApi } from './prompts-api';
import { responseText } from './response-text';

const POLL_MS = 3_000;
const SHOWN = 10;

function CallOutput({ id }: { id: string }) {
  const call = useAdminResource((signal) => promptsApi.call(id, signal));
  if (call.loading) return <Loader size="xs" />;
  if (call.error)
    return (
      <Text size="sm" c="red">
        {call.error}
      </Text>
    );
  const text = responseText(call.data?.responseBody ?? null);
  if (call.data?.error)
    return (
      <Text size="sm" c="red">
        {call.data.error}
      </Text>
    );
  return text === null ? (
    <Text size="sm" c="dimmed">
      The answer was not logged (body logging is off in Settings, or the answer had no text).
    </Text>
  ) : (
    <Code block style={{ whiteSpace: 'pre-wrap' }}>
      {text}
    </Code>
  );
}

function tokens(call: LogSummary): string {
  if (call.inputTokens === null && call.outputTokens === null) return '—';
  return `${formatCount(call.inputTokens ?? 0)} → ${formatCount(call.outputTokens ?? 0)}`;
}

/** The prompt's latest calls from the log, live: output, tokens, cost and latency of each. */
export function RecentCalls({ slug }: { slug: string }) {
  const calls = useAdminResource((signal) => promptsApi.recentCalls(slug, SHOWN, signal), {
    pollMs: POLL_MS,
  });
  const [open, setOpen] = useState<string | null>(null);
  const items = calls.data?.items ?? [];
  if (calls.error && !calls.data) {
    return <ErrorAlert title="Could not load recent calls" message={calls.error} />;
  }
  if (items.length === 0) {
    return (
      <Paper withBorder p="md" radius="md">
        <Text size="sm" c="dimmed">
          {calls.loading
            ? 'Loading…'
            : 'No calls yet. Run one of the snippets above; the call shows up here within a few seconds, with its answer, tokens, cost and latency.'}
        </Text>
      </Paper>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={6} className="gatehouse-numbers" aria-label="Recent calls">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Model</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Tokens in → out</Table.Th>
            <Table.Th>Cost</Table.Th>
            <Table.Th>Latency</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((call) => (
            <Fragment key={call.id}>
              <Table.Tr>
                <Table.Td>{new Date(call.time).toLocaleTimeString()}</Table.Td>
                <Table.Td>{call.promptVersion ? `v${call.promptVersion}` : '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" truncate maw={200}>
                    {call.provider && call.model ? `${call.provider}/${call.model}` : (call.model ?? '—')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={call.outcome === 'ok' ? 'teal' : 'red'} variant="light">
                    {call.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{tokens(call)}</Table.Td>
                <Table.Td>{call.costUsd === null ? '—' : formatUsd(call.costUsd)}</Table.Td>
                <Table.Td>{formatLatency(call.latencyMs)}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    aria-expanded={open === call.id}
                    onClick={() => setOpen(open === call.id ? null : call.id)}
                  >
                    {open === call.id ? 'Hide output' : 'Output'}
                  </Button>
                </Table.Td>
              </Table.Tr>
              {open === call.id && (
                <Table.Tr>
                  <Table.Td colSpan={8}>
                    <Stack gap={4}>
                      <Group gap="xs">
                        <Text size="xs" c="dimmed">
                          Request {call.id}
                        </Text>
                      </Group>
                      <CallOutput id={call.id} />
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
