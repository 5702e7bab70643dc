import { Alert, Button, Code, FileButton, Group, List, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { ConfigImportResult } from '../../../../shared/schemas/settings';
import { settingsApi } from '../../api/settings-api';
import { errorText } from '../../lib/error-text';
import { useSettingsStore } from '../../stores/settings-store';
import { SettingsSection } from './settings-section';

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function ImportOutcome({ result }: { result: ConfigImportResult }) {
  const parts = [
    result.providers.length > 0 && `providers ${result.providers.join(', ')}`,
    result.routes.length > 0 && `routes ${result.routes.join(', ')}`,
    result.settings.length > 0 && `settings ${result.settings.join(', ')}`,
  ].filter(Boolean);
  return (
    <Alert
      color={result.warnings.length > 0 ? 'yellow' : 'teal'}
      variant="light"
      title="Imported"
      role="status"
    >
      <Text size="sm">
        {parts.length > 0 ? `Added or updated ${parts.join('; ')}.` : 'Nothing new to add.'}
      </Text>
      {result.warnings.length > 0 && (
        <List size="sm" mt="xs" spacing={2}>
          {result.warnings.map((warning) => (
            <List.Item key={warning}>{warning}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** Export the setup as a config file (references only, never secrets), or add one's entries here. */
export function ConfigSection() {
  const reloadSettings = useSettingsStore((state) => state.load);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<ConfigImportResult | null>(null);

  const exportConfig = async () => {
    setBusy('export');
    setError(null);
    try {
      download(await settingsApi.exportConfig(), 'gatehouse.yaml');
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(null);
    }
  };
  const importConfig = async () => {
    setBusy('import');
    setError(null);
    setResult(null);
    try {
      setResult(await settingsApi.importConfig(text));
      setText('');
      await reloadSettings();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <SettingsSection
      title="Configuration file"
      description={
        <>
          Move a setup between machines, or run it headless with <Code>gatehouse serve --config</Code>. Files
          hold references such as <Code>env:OPENAI_API_KEY</Code>, never the secrets themselves.
        </>
      }
    >
      <Group>
        <Button variant="default" onClick={() => void exportConfig()} loading={busy === 'export'}>
          Export gatehouse.yaml
        </Button>
      </Group>
      <Stack gap="xs">
        <Textarea
          label="Import"
          description="Paste YAML or JSON, or choose a file. Providers and routes are added (nothing is deleted); gateway keys are not imported."
          placeholder={'providers:\n  - id: groq\n    type: groq\n    apiKey: env:GROQ_API_KEY'}
          autosize
          minRows={4}
          maxRows={14}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Group gap="xs">
          <FileButton
            onChange={(file) => void file?.text().then(setText)}
            accept=".yaml,.yml,.json,text/yaml,application/json"
          >
            {(props) => (
              <Button variant="default" {...props}>
                Choose a file…
              </Button>
            )}
          </FileButton>
          <Button onClick={() => void importConfig()} disabled={!text.trim()} loading={busy === 'import'}>
            Import
          </Button>
        </Group>
      </Stack>
      {error && (
        <Alert color="red" variant="light" title="Not imported" role="alert">
          {error}
        </Alert>
      )}
      {result && <ImportOutcome result={result} />}
    </SettingsSection>
  );
}
