import { Anchor, Badge, Button, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PromptVersion } from '../../../../shared/schemas/prompts';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Notice, type NoticeMessage } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { usePromptsStore } from '../../stores/prompts-store';
import { LabelsPanel } from './labels-panel';
import { PromptPlayground } from './prompt-playground';
import { VersionDiffPanel } from './version-diff-panel';
import { VersionEditor } from './version-editor';
import type { VersionForm } from './version-form';
import { VersionTimeline } from './version-timeline';

type Tab = 'versions' | 'edit' | 'compare' | 'labels' | 'playground';

/** One prompt: its versions, a new version, a comparison, its labels and a playground, as tabs. */
export function PromptDetailView({ slug, onBack }: { slug: string; onBack(): void }) {
  const { detail, versions, detailError, select, deletePrompt } = usePromptsStore();
  const [tab, setTab] = useState<Tab>('versions');
  const [base, setBase] = useState<PromptVersion | null>(null);
  const [draft, setDraft] = useState<VersionForm | null>(null);
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const [playVersion, setPlayVersion] = useState<number | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [deleting, setDeleting] = useState(false);
  const loaded = detail?.slug === slug;
  const hasVersions = loaded && versions.length > 0;

  // A prompt without versions has nothing to show but the editor for its first one.
  useEffect(() => {
    if (loaded && versions.length === 0) setTab('edit');
  }, [loaded, versions.length]);

  const back = (
    <Anchor
      href="#/prompts"
      size="sm"
      onClick={(event) => {
        event.preventDefault();
        onBack();
      }}
    >
      ← All prompts
    </Anchor>
  );
  if (detailError && !loaded) {
    return (
      <Stack gap="lg">
        {back}
        <ErrorAlert
          title={`Could not open prompt ${slug}`}
          message={detailError}
          onRetry={() => void select(slug)}
        />
      </Stack>
    );
  }
  if (!loaded || !detail) {
    return (
      <Stack gap="lg">
        {back}
        <Skeleton h={40} w={320} />
        <Skeleton h={300} />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      {back}
      <PageHeader
        title={detail.name}
        description={
          <>
            <Text span ff="monospace" size="sm">
              prompt:{detail.slug}
            </Text>
            {detail.description ? ` · ${detail.description}` : ''}
          </>
        }
        actions={
          <>
            {Object.entries(detail.labels).map(([name, version]) => (
              <Badge
                key={name}
                variant={name === 'latest' ? 'default' : 'light'}
                radius="sm"
                tt="none"
                size="lg"
              >
                {name} → v{version}
              </Badge>
            ))}
            <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </>
        }
      />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      <Tabs value={tab} onChange={(value) => value && setTab(value as Tab)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="versions" disabled={!hasVersions}>
            Versions ({versions.length})
          </Tabs.Tab>
          <Tabs.Tab value="edit">{hasVersions ? 'New version' : 'Write version 1'}</Tabs.Tab>
          <Tabs.Tab value="compare" disabled={versions.length < 2}>
            Compare
          </Tabs.Tab>
          <Tabs.Tab value="labels" disabled={!hasVersions}>
            Labels
          </Tabs.Tab>
          <Tabs.Tab value="playground" disabled={!hasVersions}>
            Playground
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="versions" pt="md">
          <VersionTimeline
            versions={versions}
            onNewFrom={(version) => {
              setBase(version);
              setDraft(null);
              setTab('edit');
            }}
            onCompare={(from, to) => {
              setPair({ from, to });
              setTab('compare');
            }}
            onPlay={(version) => {
              setPlayVersion(version);
              setTab('playground');
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="edit" pt="md">
          <VersionEditor
            slug={slug}
            base={base ?? versions[0] ?? null}
            draft={draft}
            onDraftChange={setDraft}
            nextVersion={(versions[0]?.version ?? 0) + 1}
            onSaved={(saved) => {
              setBase(null);
              setDraft(null);
              setNotice({
                color: 'teal',
                title: `Saved version ${saved.version}`,
                text: `"latest" points at it now. Labels such as production stay where they are until you move them (Labels tab).`,
              });
              setTab('versions');
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="compare" pt="md">
          <VersionDiffPanel slug={slug} versions={versions} initial={pair} />
        </Tabs.Panel>
        <Tabs.Panel value="labels" pt="md">
          <LabelsPanel slug={slug} versions={versions} onNotice={setNotice} />
        </Tabs.Panel>
        <Tabs.Panel value="playground" pt="md">
          <PromptPlayground slug={slug} versions={versions} initialVersion={playVersion} />
        </Tabs.Panel>
      </Tabs>
      <ConfirmDialog
        opened={deleting}
        title={`Delete prompt ${detail.slug}?`}
        confirmLabel="Delete prompt"
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await deletePrompt(detail.slug);
          onBack();
        }}
      >
        All {versions.length} versions and its labels go with it. Callers that use prompt:{detail.slug} get a
        404 from then on.
      </ConfirmDialog>
    </Stack>
  );
}
