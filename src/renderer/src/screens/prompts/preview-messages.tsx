import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { RenderedPrompt } from '../../../../shared/schemas/prompts';

/** The messages a call would send, as the gateway rendered them, and the model they would go to. */
export function PreviewMessages({ preview, model }: { preview: RenderedPrompt; model: string }) {
  return (
    <Stack gap="xs" aria-label="Preview" component="section">
      <Group gap="xs">
        <Title order={5}>Version {preview.version} would send</Title>
        <Badge variant="default" tt="none">
          {model || preview.model}
        </Badge>
        {Object.entries(preview.params).map(([name, value]) => (
          <Badge key={name} variant="light" tt="none">
            {name} {JSON.stringify(value)}
          </Badge>
        ))}
      </Group>
      {preview.messages.map((message, index) => (
        <Paper key={index} withBorder p="sm" radius="md">
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
            {message.role}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {message.content}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
