import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LabelMove, PromptLabel, PromptVersion } from '../../../../shared/schemas/prompts';
import { ConfirmDialog } from '../../components/confirm-dialog';
import type { NoticeMessage } from '../../components/notice';
import { errorText } from '../../lib/error-text';
import { usePromptsStore } from '../../stores/prompts-store';
import { LabelRow } from './label-row';
import { promptsApi } from './prompts-api';

const LABEL = /^[a-z][a-z0-9_-]{0,31}$/;

/** Where a rollback of the label goes, found the way the gateway finds it: the move that brought it here. */
export function rollbackTarget(label: PromptLabel, history: LabelMove[]): number | null {
  return (
    history.find((move) => move.toVersion === label.version && move.fromVersion !== null)?.fromVersion ?? null
  );
}

/** Labels are movable pointers: move one to any version, roll it back, add or delete one. */
export function LabelsPanel({
  slug,
  versions,
  onNotice,
}: {
  slug: string;
  versions: PromptVersion[];
  onNotice(notice: NoticeMessage): void;
}) {
  const { labels, moveLabel, rollbackLabel, deleteLabel } = usePromptsStore();
  const [histories, setHistories] = useState<Record<string, LabelMove[]>>({});
  const [rollingBack, setRollingBack] = useState<{ label: PromptLabel; to: number } | null>(null);
  const [deleting, setDeleting] = useState<PromptLabel | null>(null);
  const [newName, setNewName] = useState('');
  const [newVersion, setNewVersion] = useState<string | null>(
    versions[0] ? String(versions[0].version) : null,
  );
  const [addError, setAddError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  // Reloaded whenever a label moves, so "before" always tells where it pointed until the last move.
  const labelsKey = labels.map((label) => `${label.name}:${label.version}:${label.updatedAt}`).join(',');
  useEffect(() => {
    const controller = new AbortController();
    void Promise.all(
      labels
        .filter((label) => label.movable)
        .map(
          async (label) =>
            [label.name, (await promptsApi.labelHistory(slug, label.name, controller.signal)).items] as const,
        ),
    ).then(
      (entries) => !controller.signal.aborted && setHistories(Object.fromEntries(entries)),
      () => undefined,
    );
    return () => controller.abort();
    // labelsKey stands for labels' content; the array itself is new on every store update.
  }, [slug, labelsKey]);

  const versionOptions = versions.map((version) => ({
    value: String(version.version),
    label: `v${version.version}${version.commitMessage ? ` · ${version.commitMessage.slice(0, 48)}` : ''}`,
  }));

  const move = async (label: string, version: number) => {
    const previous = labels.find((item) => item.name === label)?.version;
    await moveLabel(slug, label, version);
    onNotice({
      color: 'teal',
      title: `Moved ${label} to version ${version}`,
      text:
        previous === undefined
          ? `Callers of prompt:${slug}@${label} get version ${version} from now on.`
          : `It pointed at version ${previous} before; "Roll back" returns it there.`,
    });
  };

  const add = async () => {
    setAddError(null);
    if (!LABEL.test(newName)) {
      setAddError('A label is lowercase letters, digits, "-" and "_", starting with a letter.');
      return;
    }
    if (labels.some((label) => label.name === newName)) {
      setAddError(`There is already a label "${newName}"; move it in its row instead.`);
      return;
    }
    if (!newVersion) return;
    setAdding(true);
    try {
      await move(newName, Number(newVersion));
      setNewName('');
    } catch (caught) {
      setAddError(errorText(caught));
    } finally {
      setAdding(false);
    }
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Callers name a label (<code>prompt:{slug}@production</code>); moving it changes what they get without
        a code change. “latest” always follows the newest version.
      </Text>
      <Stack gap="sm">
        {labels.map((label) => (
          <LabelRow
            key={label.name}
            slug={slug}
            label={label}
            history={histories[label.name] ?? []}
            versions={versions}
            versionOptions={versionOptions}
            rollbackTo={rollbackTarget(label, histories[label.name] ?? [])}
            onMove={(version) => move(label.name, version)}
            onRollback={(to) => setRollingBack({ label, to })}
            onDelete={() => setDeleting(label)}
          />
        ))}
      </Stack>
      <Paper withBorder p="md" radius="md">
        <Title order={5} mb="xs">
          Add a label
        </Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <Group align="flex-start" gap="sm">
            <TextInput
              aria-label="New label name"
              placeholder="staging"
              value={newName}
              onChange={(event) => setNewName(event.currentTarget.value.trim().toLowerCase())}
              error={addError}
              w={220}
            />
            <Select
              aria-label="New label version"
              data={versionOptions}
              value={newVersion}
              onChange={setNewVersion}
              allowDeselect={false}
              w={280}
            />
            <Button type="submit" variant="light" loading={adding}>
              Add label
            </Button>
          </Group>
        </form>
      </Paper>
      <ConfirmDialog
        opened={rollingBack !== null}
        title={`Roll back ${rollingBack?.label.name ?? ''}?`}
        confirmLabel={`Roll back to version ${rollingBack?.to ?? ''}`}
        onClose={() => setRollingBack(null)}
        onConfirm={async () => {
          if (!rollingBack) return;
          const { label, to } = rollingBack;
          await rollbackLabel(slug, label.name);
          onNotice({
            color: 'teal',
            title: `Rolled ${label.name} back to version ${to}`,
            text: `It pointed at version ${label.version} until now. Callers of prompt:${slug}@${label.name} get version ${to}.`,
          });
        }}
      >
        {rollingBack &&
          `${rollingBack.label.name} points at version ${rollingBack.label.version} now. It goes back to version ${rollingBack.to}, where it pointed before; callers get that version on their next request.`}
      </ConfirmDialog>
      <ConfirmDialog
        opened={deleting !== null}
        title={`Delete label ${deleting?.name ?? ''}?`}
        confirmLabel="Delete label"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting) await deleteLabel(slug, deleting.name);
        }}
      >
        Callers of prompt:{slug}@{deleting?.name} get a 404 until the label exists again. The versions stay.
      </ConfirmDialog>
    </Stack>
  );
}
