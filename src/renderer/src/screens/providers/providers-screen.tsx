import { Button, EmptyState, SimpleGrid, Skeleton, Stack } from '@mantine/core';
import { useState } from 'react';
import type { AdminProvider } from '../../../../shared/schemas/admin-providers';
import { providersApi } from '../../api/providers-api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { PlusIcon, ProvidersIcon } from '../../components/icons';
import { Notice, type NoticeMessage } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { useAdminResource } from '../../hooks/use-admin-resource';
import { errorText } from '../../lib/error-text';
import { AddProviderModal, type AddedProvider } from './add-provider-modal';
import { ProviderCard } from './provider-card';
import { ProviderKeyModal } from './provider-key-modal';
import { ProviderModelsModal } from './provider-models-modal';

export function ProvidersScreen() {
  const providers = useAdminResource((signal) => providersApi.list(signal));
  const presets = useAdminResource((signal) => providersApi.presets(signal));
  const [adding, setAdding] = useState(false);
  const [keyFor, setKeyFor] = useState<AdminProvider | null>(null);
  const [modelsOf, setModelsOf] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AdminProvider | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const items = providers.data?.items ?? [];

  const added = ({ provider, keyError }: AddedProvider) => {
    setAdding(false);
    setNotice(
      keyError
        ? {
            color: 'yellow',
            title: `Added ${provider.id}, but its key was not stored`,
            text: `${keyError} Try "Set key" again, or for a headless server give the provider an env: reference in the config file.`,
          }
        : {
            color: 'teal',
            title: `Added ${provider.id}`,
            text: 'Use "Test connection" to check its URL and key.',
          },
    );
    void providers.reload();
  };

  const actions = {
    onSetKey: setKeyFor,
    onBrowse: (provider: AdminProvider) => setModelsOf(provider.id),
    onRemove: setRemoving,
    onToggle: async (provider: AdminProvider, enabled: boolean) => {
      try {
        await providersApi.update(provider.id, { enabled });
        await providers.reload();
      } catch (error) {
        setNotice({ color: 'red', title: `Could not change ${provider.id}`, text: errorText(error) });
      }
    },
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title="Providers"
        description="The services Gatehouse forwards to. Keys live in the OS keychain; the app only ever shows their last four characters."
        actions={
          <Button
            leftSection={<PlusIcon size={16} />}
            onClick={() => setAdding(true)}
            disabled={!presets.data}
          >
            Add provider
          </Button>
        }
      />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      {providers.error && (
        <ErrorAlert
          title="Could not load providers"
          message={providers.error}
          onRetry={() => void providers.reload()}
        />
      )}
      {providers.loading ? (
        <Stack gap="md">
          <Skeleton h={150} />
          <Skeleton h={150} />
        </Stack>
      ) : items.length === 0 && !providers.error ? (
        <EmptyState
          icon={<ProvidersIcon size={28} />}
          withIndicatorBackground
          title="No providers yet"
          description="Add OpenAI, Anthropic, Gemini, a local Ollama or any OpenAI-compatible endpoint. Your tools then call it through Gatehouse as <provider>/<model>."
          mt="xl"
        >
          <EmptyState.Actions>
            <Button onClick={() => setAdding(true)} disabled={!presets.data}>
              Add your first provider
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        // Two columns only where a card still fits its whole row of actions.
        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
          {items.map((provider) => (
            <ProviderCard key={provider.id} provider={provider} actions={actions} />
          ))}
        </SimpleGrid>
      )}
      <AddProviderModal
        opened={adding}
        presets={presets.data?.items ?? []}
        existingIds={items.map((provider) => provider.id)}
        onClose={() => setAdding(false)}
        onAdded={added}
      />
      <ProviderKeyModal
        provider={keyFor}
        onClose={() => setKeyFor(null)}
        onChanged={(message) => {
          setKeyFor(null);
          setNotice({ color: 'teal', title: 'Key updated', text: message });
          void providers.reload();
        }}
      />
      <ProviderModelsModal providerId={modelsOf} onClose={() => setModelsOf(null)} />
      <ConfirmDialog
        opened={removing !== null}
        title={`Remove ${removing?.id ?? ''}?`}
        confirmLabel="Remove provider"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await providersApi.remove(removing.id);
          setNotice({
            color: 'teal',
            title: `Removed ${removing.id}`,
            text: 'Its stored key was deleted too.',
          });
          await providers.reload();
        }}
      >
        Requests naming {removing?.id}/… will fail, and routes skip its targets. Its key is deleted from the
        keychain. Past log entries stay.
      </ConfirmDialog>
    </Stack>
  );
}
