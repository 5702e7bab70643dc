import { Button, EmptyState, Skeleton, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { PlusIcon, PromptsIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { usePromptsStore } from '../../stores/prompts-store';
import { NewPromptModal } from './new-prompt-modal';
import { PromptDetailView } from './prompt-detail-view';
import { PromptTable } from './prompt-table';
import { useHashDetail } from './use-hash-detail';

/** Prompts: the list, or one prompt (#/prompts/<slug>) with its versions, diff, labels and playground. */
export function PromptsScreen() {
  const [slug, open] = useHashDetail('prompts');
  const { items, listLoading, listError, loadList, select } = usePromptsStore();
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void loadList();
  }, [loadList]);
  useEffect(() => {
    void select(slug);
  }, [select, slug]);

  if (slug !== null) return <PromptDetailView key={slug} slug={slug} onBack={() => open(null)} />;

  return (
    <Stack gap="lg">
      <PageHeader
        title="Prompts"
        description={
          <>
            Versioned prompt templates with {'{{variables}}'}. Callers use one as the model{' '}
            <code>prompt:&lt;slug&gt;@&lt;label&gt;</code> or POST /v1/prompts/&lt;slug&gt;/completions;
            labels such as production move between versions without a code change.
          </>
        }
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            New prompt
          </Button>
        }
      />
      {listError && (
        <ErrorAlert title="Could not load prompts" message={listError} onRetry={() => void loadList()} />
      )}
      {listLoading ? (
        <Skeleton h={160} />
      ) : items.length === 0 && !listError ? (
        <EmptyState
          icon={<PromptsIcon size={28} />}
          withIndicatorBackground
          title="No prompts yet"
          description="Move a prompt out of your code: create it here, write its first version with {{variables}}, label it production, and call it as prompt:<slug>@production. Every edit becomes a new version you can compare and roll back."
          mt="xl"
        >
          <EmptyState.Actions>
            <Button onClick={() => setCreating(true)}>Create a prompt</Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <PromptTable items={items} onOpen={open} />
      )}
      <NewPromptModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          open(created);
        }}
      />
    </Stack>
  );
}
