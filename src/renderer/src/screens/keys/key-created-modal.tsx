import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import type { CreatedKey } from '../../../../shared/schemas/admin-keys';
import { CodeBlock } from '../../components/code-block';
import { CopyButton } from '../../components/copy-button';

/** The new key, shown this once: Gatehouse keeps only its hash. */
export function KeyCreatedModal({ created, onClose }: { created: CreatedKey | null; onClose(): void }) {
  return (
    <Modal
      opened={created !== null}
      onClose={onClose}
      title={`Gateway key "${created?.name ?? ''}" created`}
      size="lg"
      closeOnClickOutside={false}
    >
      {created && (
        <Stack gap="md">
          <Alert color="yellow" variant="light" title="Copy it now: it is shown only this once">
            Gatehouse stores only a hash of the key. If you lose it, revoke it and create a new one.
          </Alert>
          <Group gap="sm" wrap="nowrap">
            <Code
              fz="sm"
              p="sm"
              style={{ flex: 1, overflowWrap: 'anywhere', userSelect: 'all' }}
              data-testid="created-key"
            >
              {created.key}
            </Code>
            <CopyButton value={created.key} label="Copy key" variant="button" />
          </Group>
          <Text size="sm" c="dimmed">
            For your shell or .env file:
          </Text>
          <CodeBlock code={`export GATEHOUSE_KEY=${created.key}`} label="the export line" wrap />
          <Group justify="flex-end">
            <Button onClick={onClose}>I have stored it</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
