import {
  Autocomplete,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { RouteStrategy, RouteView } from '../../../../shared/schemas/routes';
import { routesApi } from '../../api/routes-api';
import { PlusIcon } from '../../components/icons';
import { errorText } from '../../lib/error-text';
import { configFromForm, emptyRouteForm, formFromView, formProblem, type RouteForm } from './route-form';

const strategies: Array<{ value: RouteStrategy; label: string; help: string }> = [
  {
    value: 'fallback',
    label: 'Fallback',
    help: 'Tries the targets in order; the next one answers when one fails.',
  },
  {
    value: 'loadbalance',
    label: 'Load balance',
    help: 'Spreads requests by weight; failures fall back to the others.',
  },
  {
    value: 'least-latency',
    label: 'Fastest first',
    help: 'Tries the target with the lowest recent latency first.',
  },
];

const optionalNumber = (value: string | number): number | '' => (typeof value === 'number' ? value : '');

/** Create a route, or edit one (its name stays: rename by deleting and creating). */
export function RouteEditorModal({
  opened,
  editing,
  modelSuggestions,
  onClose,
  onSaved,
}: {
  opened: boolean;
  editing: RouteView | null;
  modelSuggestions: string[];
  onClose(): void;
  onSaved(name: string): void;
}) {
  const [form, setForm] = useState<RouteForm>(emptyRouteForm);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (!opened) return;
    setForm(editing ? formFromView(editing) : emptyRouteForm());
    setError(null);
    setTouched(false);
  }, [opened, editing]);

  const problem = formProblem(form);
  const update = (change: Partial<RouteForm>) => setForm((current) => ({ ...current, ...change }));
  const updateTarget = (index: number, change: Partial<RouteForm['targets'][number]>) =>
    update({ targets: form.targets.map((target, at) => (at === index ? { ...target, ...change } : target)) });

  const save = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const config = configFromForm(form);
      await (editing ? routesApi.replace(config) : routesApi.create(config));
      onSaved(config.name);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit route ${editing.name}` : 'New route'}
      size="xl"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Name"
            description="What your tools send as the model, e.g. fast or smart."
            value={form.name}
            onChange={(event) => update({ name: event.currentTarget.value.trim().toLowerCase() })}
            disabled={editing !== null}
            data-autofocus
            placeholder="fast"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="strategy-label">
              Strategy
            </Text>
            <SegmentedControl
              aria-labelledby="strategy-label"
              value={form.strategy}
              onChange={(value) => update({ strategy: value as RouteStrategy })}
              data={strategies.map(({ value, label }) => ({ value, label }))}
            />
            <Text size="xs" c="dimmed">
              {strategies.find((strategy) => strategy.value === form.strategy)?.help}
            </Text>
          </Stack>
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Targets
            </Text>
            {form.targets.map((target, index) => (
              <Group key={index} gap="xs" wrap="nowrap" align="flex-end">
                <Text size="sm" c="dimmed" w={20} pb={8}>
                  {index + 1}
                </Text>
                <Autocomplete
                  style={{ flex: 1 }}
                  aria-label={`Target ${index + 1} model`}
                  placeholder="openai/gpt-4o-mini"
                  data={modelSuggestions}
                  limit={50}
                  value={target.model}
                  onChange={(model) => updateTarget(index, { model })}
                />
                {form.strategy === 'loadbalance' && (
                  <NumberInput
                    w={110}
                    aria-label={`Target ${index + 1} weight`}
                    min={0}
                    step={1}
                    value={target.weight}
                    onChange={(value) =>
                      updateTarget(index, { weight: typeof value === 'number' ? value : 0 })
                    }
                    prefix="weight "
                  />
                )}
                <Button
                  variant="subtle"
                  color="gray"
                  onClick={() => update({ targets: form.targets.filter((_, at) => at !== index) })}
                  disabled={form.targets.length === 1}
                  aria-label={`Remove target ${index + 1}`}
                >
                  Remove
                </Button>
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<PlusIcon size={14} />}
                onClick={() => update({ targets: [...form.targets, { model: '', weight: 1, params: null }] })}
                disabled={form.targets.length >= 32}
              >
                Add target
              </Button>
            </Group>
          </Stack>
          <SimpleGrid cols={3}>
            <NumberInput
              label="Tries per target"
              description="1 = no retry"
              min={1}
              max={10}
              placeholder="1"
              value={form.retryAttempts}
              onChange={(value) => update({ retryAttempts: optionalNumber(value) })}
            />
            <NumberInput
              label="Attempt timeout (ms)"
              description="Then the next try"
              min={1}
              placeholder="none"
              value={form.timeoutMs}
              onChange={(value) => update({ timeoutMs: optionalNumber(value) })}
            />
            <NumberInput
              label="Cache answers (s)"
              description="Empty: no caching"
              min={1}
              placeholder="off"
              value={form.cacheTtlSeconds}
              onChange={(value) => update({ cacheTtlSeconds: optionalNumber(value) })}
            />
          </SimpleGrid>
          {touched && problem && (
            <Text c="red" size="sm" role="alert">
              {problem}
            </Text>
          )}
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {editing ? 'Save route' : 'Create route'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
