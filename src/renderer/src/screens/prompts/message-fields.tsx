import { ActionIcon, Button, Group, Paper, Select, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import type { PromptRole } from '../../../../shared/schemas/prompts';
import { PlusIcon } from '../../components/icons';
import type { VersionForm } from './version-form';

const roles: Array<{ value: PromptRole; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'user', label: 'User' },
  { value: 'assistant', label: 'Assistant' },
];

type Messages = VersionForm['messages'];

/** The template messages, in order: a role and Mustache text each; the caller's messages come after them. */
export function MessageFields({
  messages,
  onChange,
}: {
  messages: Messages;
  onChange(next: Messages): void;
}) {
  const update = (index: number, change: Partial<Messages[number]>) =>
    onChange(messages.map((message, at) => (at === index ? { ...message, ...change } : message)));
  const move = (index: number, by: number) => {
    const next = [...messages];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    onChange(next);
  };
  return (
    <Stack gap="sm">
      {messages.map((message, index) => (
        <Paper key={index} withBorder p="sm" radius="md">
          <Group justify="space-between" mb={6} wrap="nowrap">
            <Select
              aria-label={`Message ${index + 1} role`}
              data={roles}
              value={message.role}
              onChange={(role) => role && update(index, { role: role as PromptRole })}
              allowDeselect={false}
              w={140}
              size="xs"
            />
            <Group gap={4} wrap="nowrap">
              <Tooltip label="Move up">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Move message ${index + 1} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Move down">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Move message ${index + 1} down`}
                  disabled={index === messages.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </ActionIcon>
              </Tooltip>
              <Button
                size="compact-xs"
                variant="subtle"
                color="gray"
                aria-label={`Remove message ${index + 1}`}
                disabled={messages.length === 1}
                onClick={() => onChange(messages.filter((_, at) => at !== index))}
              >
                Remove
              </Button>
            </Group>
          </Group>
          <Textarea
            aria-label={`Message ${index + 1} template`}
            placeholder={
              message.role === 'system'
                ? 'You are the support agent of {{company}}. Answer in a {{tone}} tone.'
                : 'Customer {{customer}} asks: {{question}}'
            }
            autosize
            minRows={3}
            maxRows={16}
            value={message.content}
            onChange={(event) => update(index, { content: event.currentTarget.value })}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
          />
        </Paper>
      ))}
      <Group justify="space-between">
        <Button
          variant="light"
          size="xs"
          leftSection={<PlusIcon size={14} />}
          onClick={() => onChange([...messages, { role: 'user', content: '' }])}
          disabled={messages.length >= 100}
        >
          Add message
        </Button>
        <Text size="xs" c="dimmed">
          Write {'{{name}}'} for a value filled in per call; the caller’s own messages are appended after
          these.
        </Text>
      </Group>
    </Stack>
  );
}
