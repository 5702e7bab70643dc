import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import type { AdminApi } from '../../../../shared/schemas/apis';

export function authText(api: AdminApi): string {
  const auth = api.auth;
  if (!auth) return 'No auth';
  if (auth.type === 'header') return `Header ${auth.name ?? 'Authorization'}`;
  if (auth.type === 'query') return `Query ?${auth.name}=`;
  return `Basic auth (${auth.username})`;
}

/** Whether the credential is there: a missing one is the most common reason calls fail with 401. */
export function SecretBadge({ api }: { api: AdminApi }) {
  if (!api.auth) return null;
  if (!api.secret.reference)
    return (
      <Badge color="red" variant="light">
        no credential
      </Badge>
    );
  return api.secret.stored ? (
    <Badge color="teal" variant="light" tt="none">
      credential {api.secret.hint ?? 'stored'}
    </Badge>
  ) : (
    <Badge color="red" variant="light" tt="none">
      {api.secret.reference} is empty
    </Badge>
  );
}

/** One row per API; the name is a link, so Tab and Enter open it. */
export function ApiTable({ items, onOpen }: { items: AdminApi[]; onOpen(slug: string): void }) {
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>API</Table.Th>
            <Table.Th>Base URL</Table.Th>
            <Table.Th>Auth</Table.Th>
            <Table.Th>Operations</Table.Th>
            <Table.Th>Health</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((api) => {
            const down = api.targets.filter((target) => !target.healthy).length;
            return (
              <Table.Tr key={api.slug}>
                <Table.Td>
                  <Group gap={6}>
                    <Anchor
                      href={`#/apis/${encodeURIComponent(api.slug)}`}
                      fw={600}
                      onClick={(event) => {
                        event.preventDefault();
                        onOpen(api.slug);
                      }}
                    >
                      {api.label || api.slug}
                    </Anchor>
                    {!api.enabled && <Badge color="gray">disabled</Badge>}
                    {api.source === 'config' && (
                      <Badge color="gray" variant="outline">
                        config file
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {api.proxyPath}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" truncate maw={260}>
                    {api.baseUrls[0]}
                  </Text>
                  {api.baseUrls.length > 1 && (
                    <Text size="xs" c="dimmed">
                      +{api.baseUrls.length - 1} more
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{authText(api)}</Text>
                  <SecretBadge api={api} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{api.hasOpenApi ? api.operationCount : '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={down === 0 ? 'teal' : 'orange'} variant="dot">
                    {down === 0 ? 'healthy' : `${down} of ${api.targets.length} cooling down`}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
