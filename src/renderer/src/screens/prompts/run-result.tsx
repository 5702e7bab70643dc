import { Anchor, Badge, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatCount, formatLatency, formatUsd } from '../../lib/format';
import { useLogsStore } from '../../stores/logs-store';
import type { PromptRunResult } from './prompts-api';
import { responseText } from './response-text';

function tokens(usage: PromptRunResult['usage']): string {
  if (usage.inputTokens === null && usage.outputTokens === null) return 'not reported';
  return `${formatCount(usage.inputTokens ?? 0)} → ${formatCount(usage.outputTokens ?? 0)}`;
}

function cost(result: PromptRunResult): string {
  if (result.cacheHit) return `${formatUsd(0)} (from cache)`;
  return result.costUsd === null ? 'no price known' : formatUsd(result.costUsd);
}

function finishReason(response: Record<string, unknown>): string | null {
  const choices = response.choices;
  if (!Array.isArray(choices)) return null;
  const first: unknown = choices[0];
  if (typeof first !== 'object' || first === null || !('finish_reason' in first)) return null;
  return typeof first.finish_reason === 'string' ? first.finish_reason : null;
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="xs" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600} className="gatehouse-numbers">
        {value}
      </Text>
    </Paper>
  );
}

/** One run's answer with the numbers its log row holds, and the way to that row. */
export function RunResult({ result }: { result: PromptRunResult }) {
  const text = responseText(JSON.stringify(result.response));
  const finish = finishReason(result.response);
  return (
    <Stack gap="xs" component="section" aria-label="Run output">
      <Group gap="xs">
        <Title order={5}>Version {result.promptVersion} answered</Title>
        {result.model && (
          <Badge variant="default" tt="none">
            {result.model}
          </Badge>
        )}
        {finish && finish !== 'stop' && (
          <Badge color="yellow" variant="light" tt="none">
            {finish === 'length' ? 'cut off at max_tokens' : `finish: ${finish}`}
          </Badge>
        )}
      </Group>
      <Paper withBorder p="sm" radius="md">
        {text === null ? (
          <Text size="sm" c="dimmed">
            The answer has no text (a tool call, or an empty reply); open it in Logs for the whole body.
          </Text>
        ) : (
          <Code block style={{ whiteSpace: 'pre-wrap' }} aria-label="Output text">
            {text}
          </Code>
        )}
      </Paper>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <Figure label="Tokens in → out" value={tokens(result.usage)} />
        <Figure label="Cost" value={cost(result)} />
        <Figure label="Latency" value={formatLatency(result.latencyMs)} />
        <Paper withBorder p="xs" radius="md">
          <Text size="xs" c="dimmed">
            Log row
          </Text>
          <Anchor
            href="#/logs"
            size="sm"
            fw={600}
            // The Logs screen opens with this request's detail drawer.
            onClick={() => useLogsStore.getState().select(result.requestId)}
          >
            Open in Logs
          </Anchor>
          <Text size="xs" c="dimmed" ff="monospace" truncate>
            {result.requestId}
          </Text>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
