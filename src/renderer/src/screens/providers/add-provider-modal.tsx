import { Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { AdminProvider } from '../../../../shared/schemas/admin-providers';
import type { ProviderType } from '../../../../shared/schemas/gateway-config';
import type { ProviderPresetView } from '../../../../shared/schemas/provider-catalog';
import { providersApi } from '../../api/providers-api';
import { errorText } from '../../lib/error-text';

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface AddedProvider {
  provider: AdminProvider;
  /** Set when the provider was created but its key could not be stored (e.g. no keychain). */
  keyError: string | null;
}

function presetGroups(presets: ProviderPresetView[]) {
  const item = (preset: ProviderPresetView) => ({ value: preset.type, label: preset.label });
  return [
    { group: 'Cloud providers', items: presets.filter((p) => !p.local && p.baseUrl !== null).map(item) },
    { group: 'On this machine', items: presets.filter((p) => p.local).map(item) },
    { group: 'Your own endpoint', items: presets.filter((p) => !p.local && p.baseUrl === null).map(item) },
  ];
}

/** A free id for a new provider of this type: the type itself, else type-2, type-3, … */
function suggestId(type: string, taken: Set<string>): string {
  const base = type.replace(/[^a-z0-9_-]/g, '-');
  if (!taken.has(base)) return base;
  for (let n = 2; n < 100; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  return base;
}

/** Add a provider from a preset; its key (optional) goes write-only to the keychain. */
export function AddProviderModal({
  opened,
  presets,
  existingIds,
  onClose,
  onAdded,
}: {
  opened: boolean;
  presets: ProviderPresetView[];
  existingIds: string[];
  onClose(): void;
  onAdded(result: AddedProvider): void;
}) {
  const [type, setType] = useState<string | null>(null);
  const [id, setId] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [apiVersion, setApiVersion] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const taken = useMemo(() => new Set(existingIds), [existingIds]);
  const preset = presets.find((entry) => entry.type === type);

  useEffect(() => {
    if (!opened) return;
    setType(null);
    setId('');
    setBaseUrl('');
    setApiVersion('');
    setApiKey('');
    setError(null);
  }, [opened]);

  const chooseType = (value: string | null) => {
    setType(value);
    if (value) setId(suggestId(value, taken));
  };

  const idProblem =
    id && !ID_PATTERN.test(id)
      ? 'Lowercase letters, digits, "-" and "_"; it starts with a letter or digit.'
      : taken.has(id)
        ? `A provider named "${id}" already exists.`
        : null;
  const needsUrl = preset !== undefined && preset.baseUrl === null;
  const urlProblem = baseUrl && !/^https?:\/\//.test(baseUrl) ? 'Starts with http:// or https://' : null;
  const ready = preset && id && !idProblem && !urlProblem && (!needsUrl || baseUrl);

  const submit = async () => {
    if (!ready || !preset) return;
    setBusy(true);
    setError(null);
    try {
      const provider = await providersApi.create({
        id,
        type: preset.type as ProviderType,
        ...(baseUrl ? { baseUrl } : {}),
        ...(apiVersion ? { apiVersion } : {}),
      });
      let keyError: string | null = null;
      if (apiKey.trim()) {
        try {
          await providersApi.setSecret(id, apiKey);
        } catch (caught) {
          keyError = errorText(caught);
        }
        // The key is in the keychain now (or must be entered again): the page keeps no copy.
        setApiKey('');
      }
      onAdded({ provider, keyError });
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Add a provider" size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <Select
            label="Provider"
            placeholder="Choose a provider"
            data={presetGroups(presets)}
            value={type}
            onChange={chooseType}
            searchable
            data-autofocus
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label="Name"
            description={`The prefix in model names: ${id || 'openai'}/gpt-4o-mini`}
            value={id}
            onChange={(event) => setId(event.currentTarget.value.trim())}
            error={idProblem}
            disabled={!preset}
          />
          <TextInput
            label="Base URL"
            description={
              needsUrl
                ? 'Required: the API root of your endpoint, e.g. http://127.0.0.1:8000/v1'
                : 'Leave empty for the default'
            }
            placeholder={preset?.baseUrl ?? 'https://…/v1'}
            value={baseUrl}
            onChange={(event) => setBaseUrl(event.currentTarget.value.trim())}
            error={urlProblem}
            disabled={!preset}
            withAsterisk={needsUrl}
          />
          {preset?.type === 'azure-openai' && (
            <TextInput
              label="API version"
              placeholder="2024-10-21"
              value={apiVersion}
              onChange={(event) => setApiVersion(event.currentTarget.value.trim())}
            />
          )}
          <PasswordInput
            label="API key"
            description={
              preset && !preset.requiresKey
                ? 'Usually not needed for this provider.'
                : 'Stored in the OS keychain, never shown again; you can also add it later.'
            }
            value={apiKey}
            onChange={(event) => setApiKey(event.currentTarget.value)}
            disabled={!preset}
            autoComplete="off"
          />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!ready}>
              Add provider
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
