import {
  Alert,
  Badge,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { MessageDiff, PromptDiff, PromptVersion } from '../../../../shared/schemas/prompts';
import { ErrorAlert } from '../../components/error-alert';
import { errorText } from '../../lib/error-text';
import { promptsApi } from './prompts-api';
import { sideBySide, type DiffCell } from './side-by-side';
import classes from './version-diff.module.css';

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Cell({ cell, side }: { cell: DiffCell | null; side: 'left' | 'right' }) {
  const tone = cell === null ? classes.empty : cell.kind === 'unchanged' ? '' : classes[cell.kind];
  const marker = cell?.kind === 'removed' ? '−' : cell?.kind === 'added' ? '+' : ' ';
  return (
    <>
      <td className={`${classes.number} ${tone} ${side === 'right' ? classes.divider : ''}`}>
        {cell?.line ?? ''}
      </td>
      <td className={`${classes.text} ${tone}`}>
        {cell && (
          <>
            <span className={classes.marker} aria-hidden="true">
              {marker}
            </span>
            {cell.kind !== 'unchanged' && <VisuallyHidden component="span">{cell.kind}: </VisuallyHidden>}
            {cell.text}
          </>
        )}
      </td>
    </>
  );
}

function UnchangedNote({ numbers }: { numbers: number[] }) {
  if (numbers.length === 0) return null;
  const text =
    numbers.length === 1
      ? `Message ${numbers[0]} is unchanged.`
      : `Messages ${numbers.join(', ')} are unchanged.`;
  return (
    <Text size="xs" c="dimmed">
      {text}
    </Text>
  );
}

function roleText(diff: MessageDiff): string {
  if (diff.fromRole === diff.toRole) return diff.toRole ?? '';
  return `${diff.fromRole ?? 'none'} → ${diff.toRole ?? 'none'}`;
}

function MessageDiffView({ diff, from, to }: { diff: MessageDiff; from: number; to: number }) {
  const color = { added: 'green', removed: 'red', changed: 'yellow', unchanged: 'gray' }[diff.status];
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Group justify="space-between" px="sm" py={6} bg="var(--mantine-color-default)">
        <Text size="sm" fw={600}>
          Message {diff.index + 1} · {roleText(diff)}
        </Text>
        <Badge color={color} variant="light" size="sm">
          {diff.status}
        </Badge>
      </Group>
      <table
        className={classes.table}
        aria-label={`Message ${diff.index + 1}: version ${from} beside version ${to}`}
      >
        <colgroup>
          <col style={{ width: 40 }} />
          <col />
          <col style={{ width: 40 }} />
          <col />
        </colgroup>
        <tbody>
          {sideBySide(diff.lines).map((row, index) => (
            <tr key={index}>
              <Cell cell={row.left} side="left" />
              <Cell cell={row.right} side="right" />
            </tr>
          ))}
        </tbody>
      </table>
    </Paper>
  );
}

/** Two versions side by side: each template message line by line, then every changed config field. */
export function VersionDiffPanel({
  slug,
  versions,
  initial,
}: {
  slug: string;
  versions: PromptVersion[];
  initial: { from: number; to: number } | null;
}) {
  const newest = versions[0]?.version ?? 1;
  const [from, setFrom] = useState(initial?.from ?? versions[1]?.version ?? newest);
  const [to, setTo] = useState(initial?.to ?? newest);
  const [diff, setDiff] = useState<PromptDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    promptsApi.diff(slug, from, to, controller.signal).then(
      (result) => setDiff(result),
      (caught: unknown) => !controller.signal.aborted && setError(errorText(caught)),
    );
    return () => controller.abort();
  }, [slug, from, to]);

  const options = versions.map((version) => ({
    value: String(version.version),
    label: `v${version.version}${version.commitMessage ? ` · ${version.commitMessage.slice(0, 40)}` : ''}`,
  }));
  const shown = diff && diff.from === from && diff.to === to ? diff : null;

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end">
        <Select
          label="Older"
          data={options}
          value={String(from)}
          onChange={(value) => value && setFrom(Number(value))}
          allowDeselect={false}
          w={280}
        />
        <Select
          label="Newer"
          data={options}
          value={String(to)}
          onChange={(value) => value && setTo(Number(value))}
          allowDeselect={false}
          w={280}
        />
      </Group>
      {error && <ErrorAlert title="Could not compare the versions" message={error} />}
      {!shown && !error && <Skeleton h={200} />}
      {shown && !shown.changed && (
        <Alert color="gray" title="No differences">
          Versions {from} and {to} have the same messages and settings.
        </Alert>
      )}
      {shown && shown.changed && (
        <>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Left: version {from}. Right: version {to}. Removed lines are red, added lines green.
            </Text>
          </Group>
          {shown.messages
            .filter((message) => message.status !== 'unchanged')
            .map((message) => (
              <MessageDiffView key={message.index} diff={message} from={from} to={to} />
            ))}
          <UnchangedNote
            numbers={shown.messages
              .filter((message) => message.status === 'unchanged')
              .map((message) => message.index + 1)}
          />
          <Title order={4}>Settings</Title>
          {shown.config.length === 0 ? (
            <Text size="sm" c="dimmed">
              Model, parameters and variables are the same.
            </Text>
          ) : (
            <Table withTableBorder aria-label="Changed settings">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Version {from}</Table.Th>
                  <Table.Th>Version {to}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.config.map((change) => (
                  <Table.Tr key={change.field}>
                    <Table.Td ff="monospace">{change.field}</Table.Td>
                    <Table.Td className={classes.removed} ff="monospace">
                      {valueText(change.from)}
                    </Table.Td>
                    <Table.Td className={classes.added} ff="monospace">
                      {valueText(change.to)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}
