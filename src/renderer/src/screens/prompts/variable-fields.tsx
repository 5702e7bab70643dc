import { Checkbox, Select, Table, Text, TextInput } from '@mantine/core';
import type { VariableType } from '../../../../shared/schemas/prompts';
import { emptyVariable, parseDefault, type VariableDraft } from './version-form';

const types: Array<{ value: VariableType; label: string }> = [
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'boolean', label: 'true / false' },
  { value: 'json', label: 'JSON' },
];

/** The variables found in the templates as they are typed, each with its type, whether required, and a default. */
export function VariableFields({
  names,
  drafts,
  onChange,
}: {
  names: string[];
  drafts: Record<string, VariableDraft>;
  onChange(name: string, draft: VariableDraft): void;
}) {
  if (names.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No variables yet. Type {'{{customer}}'} in a message and it shows up here to declare.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing={6} aria-label="Variables">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Variable</Table.Th>
            <Table.Th w={150}>Type</Table.Th>
            <Table.Th w={90}>Required</Table.Th>
            <Table.Th>Default</Table.Th>
            <Table.Th>Description</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {names.map((name) => {
            const draft = drafts[name] ?? emptyVariable();
            const change = (next: Partial<VariableDraft>) => onChange(name, { ...draft, ...next });
            return (
              <Table.Tr key={name}>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`${name} type`}
                    size="xs"
                    data={types}
                    value={draft.type}
                    allowDeselect={false}
                    onChange={(type) => type && change({ type: type as VariableType })}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={`${name} required`}
                    checked={draft.required}
                    onChange={(event) => change({ required: event.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`${name} default`}
                    size="xs"
                    placeholder={draft.required ? 'none: callers must send it' : 'none'}
                    value={draft.defaultText}
                    error={parseDefault(draft).problem}
                    onChange={(event) => change({ defaultText: event.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`${name} description`}
                    size="xs"
                    value={draft.description}
                    onChange={(event) => change({ description: event.currentTarget.value })}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
