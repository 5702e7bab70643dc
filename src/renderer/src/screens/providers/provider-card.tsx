import { Badge, Button, Card, Code, Group, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { AdminProvider, ConnectionTestResult } from '../../../../shared/schemas/admin-providers';
import { providersApi } from '../../api/providers-api';
import { errorText } from '../../lib/error-text';

export interface ProviderActions {
  onSetKey(provider: AdminProvider): void;
  onBrowse(provider: AdminProvider): void;
  onRemove(provider: AdminProvider): void;
  onToggle(provider: AdminProvider, enabled: boolean): Promise<void>;
}

function keyStatus(provider: AdminProvider): { text: string; color: string } {
  if (provider.secret.stored) {
    const from = provider.apiKeyRef?.startsWith('env:') ? ` from ${provider.apiKeyRef}` : '';
    return { text: `Key ${provider.secret.hint ?? 'stored'}${from}`, color: 'teal' };
  }
  if (!provider.requiresKey) return { text: 'No key needed', color: 'gray' };
  if (provider.apiKeyRef) return { text: `Key missing: ${provider.apiKeyRef} is not set`, color: 'red' };
  return { text: 'No key yet', color: 'orange' };
}

/** One provider: where it points, its key (hint only), and what can be done with it. */
export function ProviderCard({ provider, actions }: { provider: AdminProvider; actions: ProviderActions }) {
  const [test, setTest] = useState<ConnectionTestResult | { ok: false; message: string } | null>(null);
  const [testing, setTesting] = useState(false);
  const [toggling, setToggling] = useState(false);
  const fromConfig = provider.source === 'config';
  // A config provider's key can be supplied here only when the file points at a keychain entry.
  const keyEditable = !fromConfig || (provider.apiKeyRef?.startsWith('keychain:') ?? false);
  const status = keyStatus(provider);

  const runTest = async () => {
    setTesting(true);
    try {
      setTest(await providersApi.test(provider.id));
    } catch (error) {
      setTest({ ok: false, message: errorText(error) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <Card withBorder padding="md" data-testid={`provider-${provider.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={4} miw={0}>
            <Group gap="xs">
              <Text fw={650} size="lg">
                {provider.id}
              </Text>
              <Badge variant="light" color="gray" radius="sm" tt="none">
                {provider.label}
              </Badge>
              {fromConfig && (
                <Tooltip label="Managed by the config file: change it there.">
                  <Badge variant="outline" color="gray" radius="sm">
                    Config file
                  </Badge>
                </Tooltip>
              )}
            </Group>
            <Text size="sm" c="dimmed" truncate>
              {provider.baseUrl ? (
                <Code>{provider.baseUrl}</Code>
              ) : (
                'No base URL: set one in the config or re-add it'
              )}
            </Text>
          </Stack>
          <Tooltip label="Managed by the config file" disabled={!fromConfig}>
            <div>
              <Switch
                checked={provider.enabled}
                disabled={fromConfig || toggling}
                label={provider.enabled ? 'Enabled' : 'Disabled'}
                labelPosition="left"
                onChange={(event) => {
                  const enabled = event.currentTarget.checked;
                  setToggling(true);
                  void actions.onToggle(provider, enabled).finally(() => setToggling(false));
                }}
                aria-label={`${provider.id} enabled`}
              />
            </div>
          </Tooltip>
        </Group>
        <Group gap="xs">
          <Badge variant="dot" color={status.color} size="md" radius="sm" tt="none" fw={500}>
            {status.text}
          </Badge>
        </Group>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => void runTest()} loading={testing}>
              Test connection
            </Button>
            <Button size="xs" variant="default" onClick={() => actions.onBrowse(provider)}>
              Browse models
            </Button>
            <Tooltip
              label={`The key comes from ${provider.apiKeyRef ?? 'the config file'}; set it there`}
              disabled={keyEditable}
            >
              <Button
                size="xs"
                variant="default"
                onClick={() => actions.onSetKey(provider)}
                disabled={!keyEditable}
              >
                {provider.secret.stored ? 'Replace key' : 'Set key'}
              </Button>
            </Tooltip>
          </Group>
          {!fromConfig && (
            <Button size="xs" variant="light" color="red" onClick={() => actions.onRemove(provider)}>
              Remove
            </Button>
          )}
        </Group>
        {test && (
          <Text size="sm" c={test.ok ? 'teal' : 'red'} role={test.ok ? 'status' : 'alert'}>
            {test.ok ? '✓ ' : '✗ '}
            {test.message}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
