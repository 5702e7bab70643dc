import { Button, Group, Text } from '@mantine/core';

/** A section's save button with its outcome beside it, in a row of fixed height so nothing below moves. */
export function SaveRow({
  dirty,
  busy,
  error,
  saved,
  onSave,
  onReset,
}: {
  dirty: boolean;
  busy: boolean;
  error: string | null;
  saved: string | null;
  onSave(): void;
  onReset(): void;
}) {
  return (
    <Group gap="sm" mih={36} wrap="nowrap">
      <Button onClick={onSave} loading={busy} disabled={!dirty}>
        Save
      </Button>
      {dirty && (
        <Button variant="subtle" color="gray" onClick={onReset} disabled={busy}>
          Undo changes
        </Button>
      )}
      {error ? (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      ) : (
        saved &&
        !dirty && (
          <Text size="sm" c="teal" role="status">
            {saved}
          </Text>
        )
      )}
    </Group>
  );
}
