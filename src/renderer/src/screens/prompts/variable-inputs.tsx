import { JsonInput, NumberInput, Select, SimpleGrid, Text, Textarea } from '@mantine/core';
import type { PromptVariable } from '../../../../shared/schemas/prompts';

function placeholder(variable: PromptVariable): string {
  if (variable.default !== undefined) return `default: ${JSON.stringify(variable.default)}`;
  return variable.required === false ? 'optional' : 'required';
}

/** One input per declared variable, fitting its type; empty means "use the default". */
export function VariableInputs({
  variables,
  texts,
  onChange,
}: {
  variables: PromptVariable[];
  texts: Record<string, string>;
  onChange(name: string, text: string): void;
}) {
  if (variables.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        This version has no variables.
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      {variables.map((variable) => {
        const common = {
          label: variable.name,
          description: variable.description,
          placeholder: placeholder(variable),
          withAsterisk: variable.required !== false && variable.default === undefined,
        };
        const text = texts[variable.name] ?? '';
        switch (variable.type) {
          case 'number':
            return (
              <NumberInput
                key={variable.name}
                {...common}
                value={text === '' ? '' : Number(text)}
                onChange={(value) => onChange(variable.name, value === '' ? '' : String(value))}
              />
            );
          case 'boolean':
            return (
              <Select
                key={variable.name}
                {...common}
                data={['true', 'false']}
                value={text === '' ? null : text}
                onChange={(value) => onChange(variable.name, value ?? '')}
                clearable
              />
            );
          case 'json':
            return (
              <JsonInput
                key={variable.name}
                {...common}
                autosize
                minRows={2}
                value={text}
                onChange={(value) => onChange(variable.name, value)}
                validationError="Not valid JSON"
              />
            );
          default:
            return (
              <Textarea
                key={variable.name}
                {...common}
                autosize
                minRows={1}
                maxRows={6}
                value={text}
                onChange={(event) => onChange(variable.name, event.currentTarget.value)}
              />
            );
        }
      })}
    </SimpleGrid>
  );
}
