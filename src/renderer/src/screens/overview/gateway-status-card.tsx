import { Anchor, Badge, Card, Code, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { statsApi } from '../../api/stats-api';
import { CopyButton } from '../../components/copy-button';
import { CheckIcon } from '../../components/icons';
import { useAdminResource } from '../../hooks/use-admin-resource';

export interface GettingStarted {
  providers: number | undefined;
  keys: number | undefined;
  requestsToday: number | undefined;
}

function Step({ done, children }: { done: boolean; children: React.ReactNode }) {
  return (
    <List.Item
      icon={
        <ThemeIcon size={20} radius="xl" color={done ? 'teal' : 'gray'} variant={done ? 'filled' : 'light'}>
          {done ? <CheckIcon size={12} /> : <span style={{ fontSize: 10 }}>•</span>}
        </ThemeIcon>
      }
    >
      <Text size="sm" td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined}>
        {children}
      </Text>
    </List.Item>
  );
}

/** Is the gateway up, where is it, and what is left to set up. */
export function GatewayStatusCard({ url, progress }: { url: string; progress: GettingStarted }) {
  const health = useAdminResource((signal) => statsApi.health(signal), { pollMs: 10_000 });
  const port = new URL(url).port || '80';
  const steps = [progress.providers, progress.keys, progress.requestsToday];
  const known = steps.every((value) => value !== undefined);
  const allDone = known && steps.every((value) => (value ?? 0) > 0);
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xl">
        <Stack gap="xs" miw={0}>
          <Group gap="xs">
            <Badge
              color={health.loading ? 'gray' : health.error ? 'red' : 'teal'}
              variant="light"
              size="lg"
              miw={110}
            >
              {health.loading ? 'Checking' : health.error ? 'Unreachable' : 'Running'}
            </Badge>
            {health.data && !health.error && health.data.logging === 'degraded' && (
              <Badge color="orange" variant="light" size="lg">
                Log writes failing
              </Badge>
            )}
          </Group>
          {health.error ? (
            <Text size="sm" role="alert">
              Cannot reach the gateway at <Code>{url}</Code>: {health.error}
            </Text>
          ) : (
            <Group gap={6} wrap="nowrap">
              <Text size="sm">
                Gateway running at <Code>{url}</Code>
              </Text>
              <CopyButton value={url} label="Copy the gateway URL" />
            </Group>
          )}
          <Text size="sm" c="dimmed">
            Port {port}
            {health.data ? ` · version ${health.data.version}` : ''} · OpenAI-compatible at{' '}
            <Code>{url}/v1</Code>, Anthropic-compatible at <Code>{url}</Code>
          </Text>
        </Stack>
        {known && !allDone && (
          <Stack gap={6} miw={250}>
            <Text size="sm" fw={600}>
              Getting started
            </Text>
            <List spacing={6} size="sm" center>
              <Step done={(progress.providers ?? 0) > 0}>
                <Anchor href="#/providers">Add a provider</Anchor> and its API key
              </Step>
              <Step done={(progress.keys ?? 0) > 0}>
                <Anchor href="#/keys">Create a gateway key</Anchor> for your tools
              </Step>
              <Step done={(progress.requestsToday ?? 0) > 0}>Send a request with a snippet below</Step>
            </List>
          </Stack>
        )}
      </Group>
    </Card>
  );
}
