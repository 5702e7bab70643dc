import { Badge, Button, Group, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ApiOperation, ApiOperationList } from '../../../../shared/schemas/apis';

/** Long documents (GitHub's has ~1,000 operations) are filtered, and only this many rows are drawn. */
const SHOWN = 200;

const methodColor: Record<string, string> = {
  GET: 'blue',
  POST: 'teal',
  PUT: 'orange',
  PATCH: 'yellow',
  DELETE: 'red',
};

function matches(operation: ApiOperation, filter: string): boolean {
  if (!filter) return true;
  const text = `${operation.method} ${operation.path} ${operation.summary ?? ''} ${operation.operationId ?? ''} ${operation.tags.join(' ')}`;
  return text.toLowerCase().includes(filter.toLowerCase());
}

/** The operations of the imported OpenAPI document; "Try" fills the try-it form with one. */
export function OperationsList({
  list,
  onTry,
}: {
  list: ApiOperationList;
  onTry(operation: ApiOperation): void;
}) {
  const [filter, setFilter] = useState('');
  const found = list.items.filter((operation) => matches(operation, filter));
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {list.title ?? 'OpenAPI document'}
          {list.version ? ` ${list.version}` : ''} · {list.items.length} operations
        </Text>
        <TextInput
          aria-label="Filter operations"
          placeholder="Filter: path, method, summary, tag"
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
          w={300}
          size="xs"
        />
      </Group>
      <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
        <Table verticalSpacing={4} aria-label="Operations" highlightOnHover>
          <Table.Tbody>
            {found.slice(0, SHOWN).map((operation) => (
              <Table.Tr key={`${operation.method} ${operation.path}`}>
                <Table.Td w={80}>
                  <Badge color={methodColor[operation.method] ?? 'gray'} variant="light" w={64}>
                    {operation.method}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                    {operation.path}
                  </Text>
                  {operation.summary && (
                    <Text size="xs" c="dimmed">
                      {operation.summary}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td w={70}>
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => onTry(operation)}
                    aria-label={`Try ${operation.method} ${operation.path}`}
                  >
                    Try
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {found.length > SHOWN && (
        <Text size="xs" c="dimmed">
          Showing {SHOWN} of {found.length}; filter to find the rest.
        </Text>
      )}
      {found.length === 0 && (
        <Text size="sm" c="dimmed">
          No operation matches “{filter}”.
        </Text>
      )}
    </Stack>
  );
}
