import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A screen that crashes shows what happened and a way out, instead of blanking the whole window. */
export class ScreenErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert color="red" variant="light" title="This screen stopped working" role="alert">
        <Stack gap="sm">
          <Text size="sm">
            The other screens still work. Reloading usually helps; if this keeps happening, the message below
            helps a bug report.
          </Text>
          <Code block>{error.message}</Code>
          <Button
            size="xs"
            variant="white"
            color="red"
            onClick={() => window.location.reload()}
            w="fit-content"
          >
            Reload
          </Button>
        </Stack>
      </Alert>
    );
  }
}
