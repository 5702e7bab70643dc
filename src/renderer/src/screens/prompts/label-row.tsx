import { Badge, Button, Collapse, Group, List, Paper, Select, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LabelMove, PromptLabel, PromptVersion } from '../../../../shared/schemas/prompts';
import { errorText } from '../../lib/error-text';
import { formatDate } from '../../lib/format';

function moveText(move: LabelMove): string {
  const from = move.fromVersion === null ? 'created' : `v${move.fromVersion}`;
  const to = move.toVersion === null ? 'deleted' : `v${move.toVersion}`;
  return `${formatDate(move.movedAt)}: ${from} → ${to} (${move.reason})`;
}

/** One label: where it points, where it pointed before, and moving or rolling it back. */
export function LabelRow({
  slug,
  label,
  history,
  versions,
  versionOptions,
  rollbackTo,
  onMove,
  onRollback,
  onDelete,
}: {
  slug: string;
  label: PromptLabel;
  history: LabelMove[];
  versions: PromptVersion[];
  versionOptions: Array<{ value: string; label: string }>;
  rollbackTo: number | null;
  onMove(version: number): Promise<void>;
  onRollback(to: number): void;
  onDelete(): void;
}) {
  const [target, setTarget] = useState<string | null>(String(label.version));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  // After a move or rollback the picker starts from where the label points now.
  useEffect(() => setTarget(String(label.version)), [label.version]);
  const commit = versions.find((version) => version.version === label.version)?.commitMessage;
  const locked = label.experimentId !== null;
  const before = history[0]?.toVersion === label.version ? history[0]?.fromVersion : null;

  const move = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await onMove(Number(target));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="sm" radius="md" aria-label={`Label ${label.name}`} component="section">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} miw={220} style={{ flex: 1 }}>
          <Group gap="xs">
            <Text fw={700} ff="monospace">
              {label.name}
            </Text>
            <Badge radius="sm" variant="light" tt="none">
              v{label.version}
            </Badge>
            {locked && (
              <Badge color="orange" variant="light" tt="none">
                locked by experiment {label.experimentId}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {commit ? `“${commit}” · ` : ''}
            {label.movable ? `moved ${formatDate(label.updatedAt)}` : 'follows the newest version'}
          </Text>
          {label.movable && (
            <Text size="xs" c="dimmed">
              {before !== null && before !== undefined
                ? `Before: v${before}`
                : history.length > 0
                  ? 'Before: created here'
                  : ''}
            </Text>
          )}
        </Stack>
        {label.movable && (
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <Select
              aria-label={`Move ${label.name} to version`}
              data={versionOptions}
              value={target}
              onChange={setTarget}
              allowDeselect={false}
              disabled={locked}
              w={240}
              size="sm"
            />
            <Button
              variant="light"
              onClick={() => void move()}
              loading={busy}
              disabled={locked || target === String(label.version)}
            >
              Move
            </Button>
            <Button
              variant="default"
              disabled={locked || rollbackTo === null}
              onClick={() => rollbackTo !== null && onRollback(rollbackTo)}
              title={rollbackTo === null ? 'No earlier version to go back to' : undefined}
            >
              {rollbackTo === null ? 'Roll back' : `Roll back to v${rollbackTo}`}
            </Button>
            <Button variant="subtle" color="red" onClick={onDelete} disabled={locked}>
              Delete
            </Button>
          </Group>
        )}
      </Group>
      {error && (
        <Text size="sm" c="red" role="alert" mt="xs">
          {error}
        </Text>
      )}
      {label.movable && history.length > 0 && (
        <>
          <Button
            variant="subtle"
            size="compact-xs"
            mt={4}
            onClick={() => setShowHistory((shown) => !shown)}
            aria-expanded={showHistory}
            aria-controls={`history-${slug}-${label.name}`}
          >
            {showHistory ? 'Hide history' : `History (${history.length})`}
          </Button>
          <Collapse expanded={showHistory} id={`history-${slug}-${label.name}`}>
            <List size="xs" c="dimmed" mt={4} spacing={2}>
              {history.map((move, index) => (
                <List.Item key={index}>{moveText(move)}</List.Item>
              ))}
            </List>
          </Collapse>
        </>
      )}
    </Paper>
  );
}
