import {
  Autocomplete,
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { PromptVersion } from '../../../../shared/schemas/prompts';
import { errorText } from '../../lib/error-text';
import { usePromptsStore } from '../../stores/prompts-store';
import { MessageFields } from './message-fields';
import { useModelSuggestions } from './model-suggestions';
import { VariableFields } from './variable-fields';
import {
  emptyVersionForm,
  formFromVersion,
  usedVariables,
  versionProblem,
  versionRequest,
  type VersionForm,
} from './version-form';

const numberOrEmpty = (value: string | number): number | '' => (typeof value === 'number' ? value : '');

/**
 * Writes a new version (versions are never edited): starts as a copy of `base`, detects {{variables}} as the
 * templates are typed, and saves with a commit message.
 */
export function VersionEditor({
  slug,
  base,
  draft,
  onDraftChange,
  nextVersion,
  onSaved,
}: {
  slug: string;
  base: PromptVersion | null;
  /** What has been typed so far; null: a fresh copy of `base`. Held by the parent, so switching tabs keeps it. */
  draft: VersionForm | null;
  onDraftChange(draft: VersionForm): void;
  nextVersion: number;
  onSaved(version: PromptVersion): void;
}) {
  const addVersion = usePromptsStore((state) => state.addVersion);
  const { models, routes } = useModelSuggestions();
  const form = draft ?? (base ? formFromVersion(base) : emptyVersionForm());
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const detected = usedVariables(form);
  const problem = versionProblem(form);
  const update = (change: Partial<VersionForm>) => onDraftChange({ ...form, ...change });
  const updateParams = (change: Partial<VersionForm['params']>) =>
    onDraftChange({ ...form, params: { ...form.params, ...change } });

  const save = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await addVersion(slug, versionRequest(form)));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  const modelData = [
    ...(models.length > 0 ? [{ group: 'Provider models', items: models }] : []),
    ...(routes.length > 0 ? [{ group: 'Routes', items: routes }] : []),
  ];

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      aria-label={`New version ${nextVersion}`}
    >
      <Stack gap="lg">
        <Group justify="space-between" align="baseline">
          <Text size="sm" c="dimmed">
            {base
              ? `Version ${nextVersion} starts as a copy of version ${base.version}. Saving never changes an existing version.`
              : 'The first version of this prompt. Saving points "latest" at it.'}
          </Text>
          {base && (
            <Button variant="subtle" size="compact-sm" onClick={() => onDraftChange(emptyVersionForm())}>
              Start from empty
            </Button>
          )}
        </Group>
        <Stack gap="xs">
          <Title order={4}>Messages</Title>
          <MessageFields messages={form.messages} onChange={(messages) => update({ messages })} />
        </Stack>
        <Stack gap="xs">
          <Title order={4}>Variables</Title>
          {detected.problem && (
            <Text size="sm" c="red">
              {detected.problem}
            </Text>
          )}
          <VariableFields
            names={detected.names}
            drafts={form.variables}
            onChange={(name, draft) => update({ variables: { ...form.variables, [name]: draft } })}
          />
        </Stack>
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <Autocomplete
              label="Model or route"
              description="What this version calls: <provider>/<model> or one of your routes."
              placeholder="openai/gpt-4o-mini"
              data={modelData}
              limit={50}
              value={form.model}
              onChange={(model) => update({ model })}
              error={touched && form.model.trim() === '' ? 'Choose a model or route.' : undefined}
            />
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
              <NumberInput
                label="Temperature"
                min={0}
                max={2}
                step={0.1}
                decimalScale={2}
                value={form.params.temperature}
                onChange={(value) => updateParams({ temperature: numberOrEmpty(value) })}
              />
              <NumberInput
                label="Max tokens"
                min={1}
                step={1}
                allowDecimal={false}
                value={form.params.max_tokens}
                onChange={(value) => updateParams({ max_tokens: numberOrEmpty(value) })}
              />
              <NumberInput
                label="Top p"
                min={0}
                max={1}
                step={0.05}
                decimalScale={2}
                value={form.params.top_p}
                onChange={(value) => updateParams({ top_p: numberOrEmpty(value) })}
              />
              <NumberInput
                label="Seed"
                step={1}
                allowDecimal={false}
                value={form.params.seed}
                onChange={(value) => updateParams({ seed: numberOrEmpty(value) })}
              />
            </SimpleGrid>
            <Textarea
              label="Stop sequences"
              description="One per line, up to 4. Empty: none."
              autosize
              minRows={1}
              maxRows={4}
              value={form.params.stop}
              onChange={(event) => updateParams({ stop: event.currentTarget.value })}
            />
            <Text size="xs" c="dimmed">
              Empty fields are left to the provider’s defaults; a caller’s own values win over these.
            </Text>
          </Stack>
        </Paper>
        <TextInput
          label="Commit message"
          description="What changed and why; shown in the versions timeline."
          placeholder="Shorter answers; ask for the order number first"
          value={form.commitMessage}
          onChange={(event) => update({ commitMessage: event.currentTarget.value })}
          maxLength={2000}
        />
        {(error || (touched && problem)) && (
          <Text size="sm" c="red" role="alert">
            {error ?? problem}
          </Text>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Save as version {nextVersion}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
