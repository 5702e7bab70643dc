import {
  ActionIcon,
  Autocomplete,
  Badge,
  Button,
  Group,
  NumberInput,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { PlusIcon } from '../../components/icons';
import {
  evenWeights,
  MAX_ARMS,
  nextArmName,
  weightSum,
  type ArmDraft,
  type ExperimentForm,
} from './experiment-form';

/**
 * The arms: a name, what each serves (a prompt version and/or a model), its share of subjects, and which one
 * is the control the others are compared with. The sum of the weights is shown as it is typed.
 */
export function ArmFields({
  form,
  versionOptions,
  modelOptions,
  onChange,
}: {
  form: ExperimentForm;
  versionOptions: Array<{ value: string; label: string }>;
  modelOptions: string[];
  onChange(change: Partial<ExperimentForm>): void;
}) {
  const arms = form.arms;
  const sum = weightSum(form);
  const prompt = form.targetKind === 'prompt';
  const update = (index: number, change: Partial<ArmDraft>) =>
    onChange({ arms: arms.map((arm, at) => (at === index ? { ...arm, ...change } : arm)) });
  const remove = (index: number) =>
    onChange({
      arms: arms.filter((_, at) => at !== index),
      control: form.control === index ? 0 : form.control > index ? form.control - 1 : form.control,
    });

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          Arms
        </Text>
        <Badge
          color={sum === 100 ? 'teal' : 'red'}
          variant="light"
          className="gatehouse-numbers"
          aria-live="polite"
        >
          Weights sum to {sum}
          {sum === 100 ? '' : ' — must be 100'}
        </Badge>
      </Group>
      <Radio.Group
        value={String(form.control)}
        onChange={(value) => onChange({ control: Number(value) })}
        aria-label="Control arm"
      >
        <Table verticalSpacing={6} aria-label="Arms">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Control</Table.Th>
              <Table.Th w={110}>Name</Table.Th>
              {prompt && <Table.Th>Prompt version</Table.Th>}
              <Table.Th>Model</Table.Th>
              <Table.Th w={110}>Weight %</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {arms.map((arm, index) => (
              <Table.Tr key={index}>
                <Table.Td>
                  <Radio value={String(index)} aria-label={`Arm ${arm.name || index + 1} is the control`} />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`Arm ${index + 1} name`}
                    value={arm.name}
                    onChange={(event) =>
                      update(index, { name: event.currentTarget.value.trim().toLowerCase() })
                    }
                  />
                </Table.Td>
                {prompt && (
                  <Table.Td>
                    <Select
                      size="xs"
                      aria-label={`Arm ${arm.name || index + 1} prompt version`}
                      data={[{ value: '', label: 'What the label points at' }, ...versionOptions]}
                      value={arm.promptVersion}
                      onChange={(value) => update(index, { promptVersion: value ?? '' })}
                      allowDeselect={false}
                    />
                  </Table.Td>
                )}
                <Table.Td>
                  <Autocomplete
                    size="xs"
                    aria-label={`Arm ${arm.name || index + 1} model`}
                    placeholder={prompt ? "The version's own" : 'provider/model'}
                    data={modelOptions}
                    limit={50}
                    value={arm.model}
                    onChange={(model) => update(index, { model })}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`Arm ${arm.name || index + 1} weight`}
                    min={0}
                    max={100}
                    value={arm.weight}
                    onChange={(value) => update(index, { weight: typeof value === 'number' ? value : '' })}
                  />
                </Table.Td>
                <Table.Td>
                  <Tooltip label="Remove arm">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={`Remove arm ${arm.name || index + 1}`}
                      disabled={arms.length <= 2}
                      onClick={() => remove(index)}
                    >
                      ×
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Radio.Group>
      <Group gap="xs">
        <Button
          variant="light"
          size="xs"
          leftSection={<PlusIcon size={14} />}
          disabled={arms.length >= MAX_ARMS}
          onClick={() =>
            onChange({
              arms: [...arms, { name: nextArmName(arms), promptVersion: '', model: '', weight: 0 }],
            })
          }
        >
          Add arm
        </Button>
        <Button
          variant="subtle"
          size="xs"
          onClick={() => {
            const weights = evenWeights(arms.length);
            onChange({ arms: arms.map((arm, index) => ({ ...arm, weight: weights[index]! })) });
          }}
        >
          Split evenly
        </Button>
      </Group>
    </Stack>
  );
}
