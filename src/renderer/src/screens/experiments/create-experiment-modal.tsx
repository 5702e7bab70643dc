import {
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PromptLabel, PromptSummary, PromptVersion } from '../../../../shared/schemas/prompts';
import { errorText } from '../../lib/error-text';
import { useExperimentsStore } from '../../stores/experiments-store';
import { useModelSuggestions } from '../prompts/model-suggestions';
import { promptsApi } from '../prompts/prompts-api';
import { ArmFields } from './arm-fields';
import {
  emptyExperimentForm,
  experimentProblem,
  experimentRequest,
  type ExperimentForm,
} from './experiment-form';

/** The chosen prompt's versions and labels, for the target and arm pickers. */
function usePromptChoices(opened: boolean, prompt: string | null) {
  const [prompts, setPrompts] = useState<PromptSummary[]>([]);
  const [versions, setVersions] = useState<PromptVersion[]>([]);
  const [labels, setLabels] = useState<PromptLabel[]>([]);
  useEffect(() => {
    if (!opened) return;
    const controller = new AbortController();
    promptsApi.list(controller.signal).then(
      ({ items }) => setPrompts(items),
      () => undefined,
    );
    return () => controller.abort();
  }, [opened]);
  useEffect(() => {
    setVersions([]);
    setLabels([]);
    if (!opened || !prompt) return;
    const controller = new AbortController();
    Promise.all([
      promptsApi.versions(prompt, controller.signal),
      promptsApi.labels(prompt, controller.signal),
    ]).then(
      ([versionList, labelList]) => {
        setVersions([...versionList.items].sort((a, b) => b.version - a.version));
        setLabels(labelList.items);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [opened, prompt]);
  return { prompts, versions, labels };
}

/** Creates an experiment as a draft: what it splits, its arms and weights, and the control. */
export function CreateExperimentModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose(): void;
  onCreated(id: string): void;
}) {
  const create = useExperimentsStore((state) => state.create);
  const [form, setForm] = useState<ExperimentForm>(emptyExperimentForm);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { prompts, versions, labels } = usePromptChoices(opened, form.prompt);
  const { models, routes } = useModelSuggestions(opened);
  useEffect(() => {
    if (!opened) return;
    setForm(emptyExperimentForm());
    setTouched(false);
    setError(null);
  }, [opened]);

  const update = (change: Partial<ExperimentForm>) => setForm((current) => ({ ...current, ...change }));
  const problem = experimentProblem(form);
  const labelVersion = labels.find((label) => label.name === form.label)?.version;
  const movableLabels = labels.filter((label) => label.movable);

  const save = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      onCreated((await create(experimentRequest(form))).id);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New experiment" size="xl">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Name"
            placeholder="Shorter replies"
            data-autofocus
            value={form.name}
            onChange={(event) => update({ name: event.currentTarget.value })}
          />
          <Textarea
            label="Hypothesis"
            placeholder="What you expect and why (optional)"
            autosize
            minRows={1}
            value={form.description}
            onChange={(event) => update({ description: event.currentTarget.value })}
          />
          <Stack gap={4}>
            <Text size="sm" fw={600} id="experiment-target-label">
              Split the traffic of
            </Text>
            <SegmentedControl
              aria-labelledby="experiment-target-label"
              value={form.targetKind}
              onChange={(value) => update({ targetKind: value as ExperimentForm['targetKind'] })}
              data={[
                { value: 'prompt', label: 'A prompt label' },
                { value: 'route', label: 'A route' },
              ]}
            />
          </Stack>
          {form.targetKind === 'prompt' ? (
            <SimpleGrid cols={2} spacing="sm">
              <Select
                label="Prompt"
                placeholder={prompts.length === 0 ? 'No prompts yet' : 'Choose a prompt'}
                data={prompts.map((prompt) => ({
                  value: prompt.slug,
                  label: `${prompt.name} (${prompt.slug})`,
                }))}
                value={form.prompt}
                onChange={(prompt) =>
                  update({
                    prompt,
                    label: null,
                    arms: form.arms.map((arm) => ({ ...arm, promptVersion: '' })),
                  })
                }
                searchable
              />
              <Select
                label="Label"
                description={
                  form.prompt && movableLabels.length === 0
                    ? 'Add a label such as production in Prompts first.'
                    : undefined
                }
                placeholder="production"
                data={movableLabels.map((label) => ({
                  value: label.name,
                  label: `${label.name} (v${label.version})`,
                }))}
                value={form.label}
                onChange={(label) => update({ label })}
                disabled={!form.prompt}
              />
            </SimpleGrid>
          ) : (
            <Select
              label="Route"
              placeholder={routes.length === 0 ? 'No routes yet' : 'Choose a route'}
              data={routes}
              value={form.route}
              onChange={(route) => update({ route })}
              searchable
            />
          )}
          <ArmFields
            form={form}
            versionOptions={versions.map((version) => ({
              value: String(version.version),
              label: `v${version.version}${version.version === labelVersion ? ' (label now)' : ''}${version.commitMessage ? ` · ${version.commitMessage.slice(0, 32)}` : ''}`,
            }))}
            modelOptions={form.targetKind === 'prompt' ? [...models, ...routes] : models}
            onChange={update}
          />
          <Alert color="blue" variant="light" title="Who gets which arm">
            Each request has a subject: the <code>x-gatehouse-user</code> header, else the request’s{' '}
            <code>user</code> (or Anthropic <code>metadata.user_id</code>), else a random one per request. The
            same subject always gets the same arm, so a person sees one variant throughout. Arms are compared
            with the control arm.
          </Alert>
          {(error || (touched && problem)) && (
            <Text size="sm" c="red" role="alert">
              {error ?? problem}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create as draft
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
