import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import type { PromptSummary } from '../../../../shared/schemas/prompts';
import { formatDate } from '../../lib/format';

/** One row per prompt; the name is a link, so Tab and Enter open it. */
export function PromptTable({ items, onOpen }: { items: PromptSummary[]; onOpen(slug: string): void }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Prompt</Table.Th>
            <Table.Th>Latest version</Table.Th>
            <Table.Th>Labels</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((prompt) => (
            <Table.Tr key={prompt.slug}>
              <Table.Td>
                <Anchor
                  href={`#/prompts/${encodeURIComponent(prompt.slug)}`}
                  fw={600}
                  onClick={(event) => {
                    event.preventDefault();
                    onOpen(prompt.slug);
                  }}
                >
                  {prompt.name}
                </Anchor>
                <Text size="xs" c="dimmed" ff="monospace">
                  prompt:{prompt.slug}
                </Text>
                {prompt.description && (
                  <Text size="xs" c="dimmed" lineClamp={1} maw={420}>
                    {prompt.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {prompt.latestVersion === null ? (
                  <Text size="sm" c="dimmed">
                    No versions yet
                  </Text>
                ) : (
                  <Text size="sm">v{prompt.latestVersion}</Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {Object.entries(prompt.labels)
                    .filter(([name]) => name !== 'latest')
                    .map(([name, version]) => (
                      <Badge key={name} variant="light" radius="sm" tt="none">
                        {name} → v{version}
                      </Badge>
                    ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {formatDate(prompt.updatedAt)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
