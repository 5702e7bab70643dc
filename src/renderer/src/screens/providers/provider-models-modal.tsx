import { Alert, Group, Loader, Modal, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { providersApi } from '../../api/providers-api';
import { CopyButton } from '../../components/copy-button';
import { ErrorAlert } from '../../components/error-alert';
import { useAdminResource } from '../../hooks/use-admin-resource';

function ModelList({ providerId }: { providerId: string }) {
  const models = useAdminResource((signal) => providersApi.models(providerId, signal));
  const [filter, setFilter] = useState('');
  if (models.loading) {
    return (
      <Group justify="center" py="xl">
        <Loader size="sm" aria-label="Loading models" />
      </Group>
    );
  }
  if (models.error || !models.data) {
    return (
      <ErrorAlert
        title="Could not list models"
        message={models.error ?? ''}
        onRetry={() => void models.reload()}
      />
    );
  }
  const shown = models.data.models.filter((model) => model.toLowerCase().includes(filter.toLowerCase()));
  return (
    <Stack gap="sm">
      {models.data.source !== 'provider' && (
        <Alert color="yellow" variant="light" title="The provider's own list was not available">
          {models.data.message}{' '}
          {models.data.source === 'pricing'
            ? 'Showing the models Gatehouse has prices for instead.'
            : 'Check its key and base URL, then try again.'}
        </Alert>
      )}
      <TextInput
        placeholder="Filter models"
        value={filter}
        onChange={(event) => setFilter(event.currentTarget.value)}
        aria-label="Filter models"
        data-autofocus
      />
      <Text size="xs" c="dimmed">
        {shown.length} of {models.data.models.length} models · use them as{' '}
        <code>{providerId}/&lt;model&gt;</code>
      </Text>
      <ScrollArea h={360} type="auto" offsetScrollbars>
        <Stack gap={2}>
          {shown.map((model) => (
            <Group key={model} justify="space-between" wrap="nowrap" px="xs" py={2}>
              <Text size="sm" ff="monospace" truncate>
                {providerId}/{model}
              </Text>
              <CopyButton value={`${providerId}/${model}`} label={`Copy ${providerId}/${model}`} />
            </Group>
          ))}
          {shown.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="lg">
              No model matches “{filter}”.
            </Text>
          )}
        </Stack>
      </ScrollArea>
    </Stack>
  );
}

/** The models a provider offers, each with the full name to paste into a tool. */
export function ProviderModelsModal({ providerId, onClose }: { providerId: string | null; onClose(): void }) {
  return (
    <Modal opened={providerId !== null} onClose={onClose} title={`Models of ${providerId ?? ''}`} size="lg">
      {providerId && <ModelList providerId={providerId} />}
    </Modal>
  );
}
