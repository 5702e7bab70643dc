import { Alert, Badge, Code, Group, Stack, Text, Title } from '@mantine/core';
import type { LogRecord } from '../../../../shared/schemas/log-record';
import { getConnection } from '../../api/admin-fetch';
import { CopyButton } from '../../components/copy-button';
import { curlCommand } from './curl-command';
import { JsonBody } from './json-body';
import { LogAttemptsTable } from './log-attempts-table';
import { formatCost, formatCount, formatFullTime, formatMs, statusColor } from './log-format';
import classes from './log-detail.module.css';

// Fields shown in their own places; anything else a newer gateway adds is listed under "More".
const shownFields = new Set([
  'id',
  'time',
  'keyName',
  'endpoint',
  'provider',
  'model',
  'stream',
  'status',
  'outcome',
  'error',
  'latencyMs',
  'ttftMs',
  'inputTokens',
  'outputTokens',
  'cachedTokens',
  'costUsd',
  'warnings',
  'route',
  'attempts',
  'requestBody',
  'responseBody',
  'cacheHit',
  'prompt',
  'promptVersion',
  'experimentId',
  'experimentArm',
]);

function Fact({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </div>
  );
}

function humanize(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Everything about one logged request: timings, tokens, cost, attempts, bodies, and a curl to replay it. */
export function LogDetail({ record }: { record: LogRecord }): React.JSX.Element {
  const curl = curlCommand(record, getConnection().adminUrl || window.location.origin);
  const extra = Object.entries(record).filter(
    ([name, value]) =>
      !shownFields.has(name) && value !== null && value !== undefined && typeof value !== 'object',
  );
  const prompt =
    record.prompt === undefined
      ? null
      : `${record.prompt}${record.promptVersion === undefined ? '' : ` v${record.promptVersion}`}`;
  const experiment =
    record.experimentId === undefined
      ? null
      : `${record.experimentId}${record.experimentArm === undefined ? '' : ` · arm ${record.experimentArm}`}`;

  return (
    <Stack gap="md" data-testid="log-detail">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group gap="xs">
          <Badge
            color={statusColor(record.status, record.outcome)}
            variant="filled"
            data-testid="detail-status"
          >
            {record.status} {record.outcome}
          </Badge>
          {record.stream && <Badge variant="outline">stream</Badge>}
          {record.cacheHit && (
            <Badge variant="outline" color="grape">
              cache hit
            </Badge>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <CopyButton value={record.id} label="Copy request id" />
          <CopyButton value={curl.text} label="Copy as curl" variant="button" />
        </Group>
      </Group>

      {record.error && (
        <Alert color="red" title="Error" data-testid="detail-error">
          {record.error}
        </Alert>
      )}
      {record.warnings && (
        <Alert color="yellow" title="Warnings: settings the provider could not honour">
          {record.warnings.split('\n').map((line) => (
            <div key={line}>{line}</div>
          ))}
        </Alert>
      )}

      <div className={classes.facts}>
        <Fact label="Time" value={formatFullTime(record.time)} />
        <Fact label="Latency" value={formatMs(record.latencyMs)} testId="detail-latency" />
        <Fact label="Time to first byte" value={formatMs(record.ttftMs)} />
        <Fact label="Cost" value={formatCost(record.costUsd)} testId="detail-cost" />
        <Fact label="Input tokens" value={formatCount(record.inputTokens)} testId="detail-input-tokens" />
        <Fact label="Output tokens" value={formatCount(record.outputTokens)} testId="detail-output-tokens" />
        <Fact label="Cached tokens" value={formatCount(record.cachedTokens)} />
        <Fact label="Model" value={record.model ?? '—'} testId="detail-model" />
        <Fact label="Provider" value={record.provider ?? '—'} />
        <Fact label="Key" value={record.keyName ?? '—'} />
        <Fact label="Endpoint" value={record.endpoint} />
        {record.route && <Fact label="Route" value={record.route} />}
        {prompt && <Fact label="Prompt" value={prompt} />}
        {experiment && <Fact label="Experiment" value={experiment} />}
        {extra.map(([name, value]) => (
          <Fact key={name} label={humanize(name)} value={String(value)} />
        ))}
      </div>

      <div>
        <Title order={4} mb="xs">
          Attempts
        </Title>
        <LogAttemptsTable attempts={record.attempts} />
      </div>
      <div>
        <Title order={4} mb="xs">
          Request
        </Title>
        <JsonBody text={record.requestBody} label="Request body" />
      </div>
      <div>
        <Title order={4} mb="xs">
          Response
        </Title>
        <JsonBody text={record.responseBody} label="Response body" />
      </div>
      <div>
        <Title order={4} mb="xs">
          Replay with curl
        </Title>
        <Text size="xs" c="dimmed" mb={4}>
          Set GATEHOUSE_KEY to one of your gateway keys first; the command never contains a key.
        </Text>
        {curl.caveat && (
          <Text size="xs" c="orange" mb={4}>
            {curl.caveat}
          </Text>
        )}
        <Code block className={classes.curl} data-testid="curl-text">
          {curl.text}
        </Code>
      </div>
      <Text size="xs" c="dimmed">
        Request id <Code>{record.id}</Code>
      </Text>
    </Stack>
  );
}
