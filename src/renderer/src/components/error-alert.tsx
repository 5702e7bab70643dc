import { Alert, Button, Group, Text } from '@mantine/core';

/** A failed call, said plainly, with a way to try again when one makes sense. */
export function ErrorAlert({
  title,
  message,
  onRetry,
}: {
  title: string;
  message: string;
  onRetry?: () => void;
}) {
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="sm">{message}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry} style={{ flexShrink: 0 }}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
