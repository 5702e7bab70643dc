import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AdminProvider } from '../../../../shared/schemas/admin-providers';
import { providersApi } from '../../api/providers-api';
import { errorText } from '../../lib/error-text';

/** Set, rotate or remove a provider's key. Write-only: the screen only ever sees the last four characters. */
export function ProviderKeyModal({
  provider,
  onClose,
  onChanged,
}: {
  provider: AdminProvider | null;
  onClose(): void;
  onChanged(message: string): void;
}) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState<'save' | 'remove' | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setValue('');
    setError(null);
  }, [provider]);
  if (!provider) return null;

  const run = async (action: 'save' | 'remove') => {
    setBusy(action);
    setError(null);
    try {
      if (action === 'save') {
        const status = await providersApi.setSecret(provider.id, value);
        onChanged(
          `Stored the key for ${provider.id}${status.hint ? ` (ending ${status.hint.slice(1)})` : ''}.`,
        );
      } else {
        await providersApi.removeSecret(provider.id);
        onChanged(`Removed the stored key of ${provider.id}.`);
      }
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`API key for ${provider.id}`} size="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim()) void run('save');
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {provider.secret.stored
              ? `A key is stored${provider.secret.hint ? `, ending ${provider.secret.hint.slice(1)}` : ''}. A new one replaces it.`
              : 'No key is stored yet.'}{' '}
            Keys go to the OS keychain and never come back out through the app.
          </Text>
          <PasswordInput
            label="New key"
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="space-between">
            <Button
              variant="light"
              color="red"
              onClick={() => void run('remove')}
              loading={busy === 'remove'}
              disabled={!provider.secret.stored || provider.source === 'config'}
            >
              Remove stored key
            </Button>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={busy === 'save'} disabled={!value.trim()}>
                Save key
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
