import {
  Autocomplete,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
  VisuallyHidden,
  type ComboboxItem,
  type ComboboxParsedItem,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PromptVersion, RenderedPrompt } from '../../../../shared/schemas/prompts';
import { gatewayUrl } from '../../api/admin-fetch';
import { CodeBlock } from '../../components/code-block';
import { errorText } from '../../lib/error-text';
import { usePromptsStore } from '../../stores/prompts-store';
import { useModelSuggestions } from './model-suggestions';
import { runSnippets, variableValues } from './playground-values';
import { PreviewMessages } from './preview-messages';
import { promptsApi, type PromptRunResult } from './prompts-api';
import { RecentCalls } from './recent-calls';
import { runErrorText } from './run-error-text';
import { RunResult } from './run-result';
import { VariableInputs } from './variable-inputs';

/** "label:production" or "version:3". */
type Choice = string;

function selectorOf(choice: Choice): { label: string } | { version: number } {
  const [kind, value] = choice.split(':') as [string, string];
  return kind === 'label' ? { label: value } : { version: Number(value) };
}

/**
 * Fill the variables of a label or version, see exactly what would be sent (the gateway renders it, no
 * upstream call), and run it on the version's model or another one. A run uses this page's admin session,
 * never a gateway key: the gateway makes the provider call, logs it (without a key) and answers with the
 * output and the log row's tokens, cost and latency. Scripts call the prompt with the snippets below.
 */
export function PromptPlayground({
  slug,
  versions,
  initialVersion,
}: {
  slug: string;
  versions: PromptVersion[];
  initialVersion: number | null;
}) {
  const labels = usePromptsStore((state) => state.labels);
  const [choice, setChoice] = useState<Choice>(
    initialVersion !== null ? `version:${initialVersion}` : 'label:latest',
  );
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [model, setModel] = useState('');
  const [preview, setPreview] = useState<RenderedPrompt | null>(null);
  const [result, setResult] = useState<PromptRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'run' | null>(null);
  const running = useRef<AbortController | null>(null);
  const suggestions = useModelSuggestions();

  const selector = selectorOf(choice);
  const versionNumber =
    'version' in selector ? selector.version : labels.find((label) => label.name === selector.label)?.version;
  const version = versions.find((item) => item.version === versionNumber) ?? versions[0];
  const versionModel = version?.model ?? '';
  const variables = useMemo(() => version?.variables ?? [], [version]);
  const { values, problem } = variableValues(variables, texts);
  useEffect(() => {
    setPreview(null);
    setResult(null);
  }, [choice]);
  // The model follows the version until the person picks another one for it.
  useEffect(() => setModel(versionModel), [versionModel]);
  // Leaving the screen mid-run cancels the provider call.
  useEffect(() => () => running.current?.abort(), []);

  const options = [
    {
      group: 'Labels',
      items: labels.map((label) => ({
        value: `label:${label.name}`,
        label: `${label.name} (v${label.version})`,
      })),
    },
    {
      group: 'Versions',
      items: versions.map((item) => ({ value: `version:${item.version}`, label: `Version ${item.version}` })),
    },
  ];
  const modelOptions = [
    ...(suggestions.models.length > 0 ? [{ group: 'Provider models', items: suggestions.models }] : []),
    ...(suggestions.routes.length > 0 ? [{ group: 'Routes', items: suggestions.routes }] : []),
  ];
  const chosenModel = model.trim();

  const render = async () => {
    if (problem) return setError(problem);
    setBusy('preview');
    setError(null);
    try {
      setPreview(await promptsApi.render(slug, { ...selector, variables: values }));
    } catch (caught) {
      setPreview(null);
      setError(errorText(caught));
    } finally {
      setBusy(null);
    }
  };

  const run = async () => {
    if (problem) return setError(problem);
    const controller = new AbortController();
    running.current = controller;
    setBusy('run');
    setError(null);
    try {
      const other = chosenModel !== '' && chosenModel !== versionModel ? { model: chosenModel } : {};
      setResult(await promptsApi.run(slug, { ...selector, variables: values, ...other }, controller.signal));
    } catch (caught) {
      if (controller.signal.aborted) return;
      setResult(null);
      setError(runErrorText(caught));
    } finally {
      if (running.current === controller) {
        running.current = null;
        setBusy(null);
      }
    }
  };

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void render();
          }}
        >
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={640}>
              <Select
                label="Version"
                data={options}
                value={choice}
                onChange={(value) => value && setChoice(value)}
                allowDeselect={false}
              />
              <Autocomplete
                label="Model"
                placeholder={versionModel}
                data={modelOptions}
                limit={50}
                value={model}
                onChange={setModel}
                // Untouched, the field holds the version's model: offer every choice, not just that one.
                filter={({ options: all, search }) =>
                  search === versionModel ? all : filterOptions(all, search)
                }
              />
            </SimpleGrid>
            <VariableInputs
              variables={variables}
              texts={texts}
              onChange={(name, text) => setTexts((current) => ({ ...current, [name]: text }))}
            />
            {error && (
              <Text size="sm" c="red" role="alert">
                {error}
              </Text>
            )}
            <Group gap="sm">
              <Button type="submit" variant="default" loading={busy === 'preview'} disabled={busy === 'run'}>
                Preview messages
              </Button>
              <Button type="button" loading={busy === 'run'} onClick={() => void run()}>
                Run
              </Button>
              {/* Absolutely placed, so it takes no room; says when a run is under way and when it answered. */}
              <VisuallyHidden role="status">
                {busy === 'run'
                  ? 'Running…'
                  : result
                    ? `Version ${result.promptVersion} answered; the output is below the form.`
                    : ''}
              </VisuallyHidden>
              <Text size="xs" c="dimmed" maw={520}>
                Preview only renders the messages. Run sends them to{' '}
                {chosenModel || versionModel || 'the model'}: a real provider call, billed and logged (without
                a gateway key).
              </Text>
            </Group>
          </Stack>
        </form>
      </Paper>
      {result && <RunResult result={result} />}
      {preview && <PreviewMessages preview={preview} model={chosenModel} />}
      <Stack gap="xs">
        <Title order={5}>Call it from code</Title>
        <Text size="sm" c="dimmed">
          Scripts call the prompt with a gateway key, which this page never holds. Set GATEHOUSE_KEY to one of
          your keys (Keys screen) and run a snippet; the call appears under Recent calls.
        </Text>
        <Tabs defaultValue="curl" variant="outline">
          <Tabs.List>
            {runSnippets(gatewayUrl(''), slug, selector, values).map((snippet) => (
              <Tabs.Tab key={snippet.name} value={snippet.name}>
                {snippet.name}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {runSnippets(gatewayUrl(''), slug, selector, values).map((snippet) => (
            <Tabs.Panel key={snippet.name} value={snippet.name} pt="xs">
              <CodeBlock code={snippet.code} label={snippet.name} />
            </Tabs.Panel>
          ))}
        </Tabs>
      </Stack>
      <Stack gap="xs">
        <Title order={5}>Recent calls</Title>
        <RecentCalls slug={slug} />
      </Stack>
    </Stack>
  );
}

/** Mantine's own rule: options whose label contains the search, case-insensitively, groups kept. */
function filterOptions(options: ComboboxParsedItem[], search: string): ComboboxParsedItem[] {
  const needle = search.trim().toLowerCase();
  const matches = (item: ComboboxItem) => item.label.toLowerCase().includes(needle);
  return options
    .map((option) =>
      'group' in option
        ? { ...option, items: option.items.filter(matches) }
        : matches(option)
          ? option
          : null,
    )
    .filter(
      (option): option is ComboboxParsedItem =>
        option !== null && (!('group' in option) || option.items.length > 0),
    );
}
