import { Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AdminApi } from '../../../../shared/schemas/apis';
import { formatLatency } from '../../lib/format';
import { authText, SecretBadge } from './api-table';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** The API's settings at a glance, with each base URL's passive health. */
export function ApiSummary({ api }: { api: AdminApi }) {
  const behaviour = [
    api.timeoutMs ? `timeout ${formatLatency(api.timeoutMs)}` : 'default timeout',
    `${api.retry?.attempts ?? 2} tries for idempotent methods`,
    api.rateLimit ? `${api.rateLimit.requestsPerMinute} requests/min` : 'no rate limit',
    api.cache?.enabled
      ? `cache${api.cache.ttlSeconds ? ` ${api.cache.ttlSeconds} s` : ' as Cache-Control allows'}`
      : 'no cache',
  ];
  return (
    <Paper withBorder p="md" radius="md">
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <Item label="Base URLs">
          {api.targets.map((target) => (
            <Group key={target.url} gap={6} wrap="nowrap">
              <Badge size="xs" variant="dot" color={target.healthy ? 'teal' : 'orange'}>
                {target.healthy ? 'up' : 'cooling'}
              </Badge>
              <Text size="sm" ff="monospace" truncate title={target.lastError ?? undefined}>
                {target.url}
              </Text>
            </Group>
          ))}
        </Item>
        <Item label="Auth">
          <Text size="sm">{authText(api)}</Text>
          <Group gap={4}>
            <SecretBadge api={api} />
            {api.secret.reference && (
              <Text size="xs" c="dimmed" ff="monospace">
                {api.secret.reference}
              </Text>
            )}
          </Group>
        </Item>
        <Item label="Behaviour">
          <Text size="sm">{behaviour.join(' · ')}</Text>
          <Text size="sm">
            {api.allowedMethods?.length ? `Methods: ${api.allowedMethods.join(', ')}` : 'All methods allowed'}
            {api.defaultHeaders && Object.keys(api.defaultHeaders).length > 0
              ? ` · headers: ${Object.keys(api.defaultHeaders).join(', ')}`
              : ''}
          </Text>
        </Item>
      </SimpleGrid>
    </Paper>
  );
}
