import { Button, EmptyState, Skeleton, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { RouteView } from '../../../../shared/schemas/routes';
import { providersApi } from '../../api/providers-api';
import { routesApi } from '../../api/routes-api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { PlusIcon, RoutesIcon } from '../../components/icons';
import { Notice, type NoticeMessage } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { useAdminResource } from '../../hooks/use-admin-resource';
import { RouteCard } from './route-card';
import { RouteEditorModal } from './route-editor-modal';

/** Circuit state changes as traffic flows; a few seconds is fresh enough and cheap. */
const POLL_MS = 5_000;

/** `<provider>/<model>` names for the target field, from every enabled provider's model list. */
function useModelSuggestions(active: boolean): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    void (async () => {
      const { items } = await providersApi.list(controller.signal);
      const lists = await Promise.all(
        items
          .filter((provider) => provider.enabled)
          .map((provider) =>
            providersApi.models(provider.id, controller.signal).then(
              (list) => list.models.map((model) => `${provider.id}/${model}`),
              () => [`${provider.id}/`],
            ),
          ),
      );
      if (!controller.signal.aborted) setNames(lists.flat());
    })().catch(() => undefined);
    return () => controller.abort();
  }, [active]);
  return names;
}

export function RoutesScreen() {
  const routes = useAdminResource((signal) => routesApi.list(signal), { pollMs: POLL_MS });
  const [editorOpen, setEditorOpen] = useState(false);
  const [editing, setEditing] = useState<RouteView | null>(null);
  const [deleting, setDeleting] = useState<RouteView | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const suggestions = useModelSuggestions(editorOpen);
  const items = routes.data?.routes ?? [];

  const openEditor = (route: RouteView | null) => {
    setEditing(route);
    setEditorOpen(true);
  };

  return (
    <Stack gap="lg">
      <PageHeader
        title="Routes"
        description="A route is a model name of your own that spreads or falls back across provider models. Open circuits are skipped until they recover."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => openEditor(null)}>
            New route
          </Button>
        }
      />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      {routes.error && (
        <ErrorAlert
          title="Could not load routes"
          message={routes.error}
          onRetry={() => void routes.reload()}
        />
      )}
      {routes.loading ? (
        <Skeleton h={180} />
      ) : items.length === 0 && !routes.error ? (
        <EmptyState
          icon={<RoutesIcon size={28} />}
          withIndicatorBackground
          title="No routes yet"
          description='Tools can already call any provider model as <provider>/<model>. Create a route such as "fast" to fall back to a second provider when the first fails, or to spread load by weight.'
          mt="xl"
        >
          <EmptyState.Actions>
            <Button onClick={() => openEditor(null)}>Create a route</Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <Stack gap="md">
          {items.map((route) => (
            <RouteCard key={route.name} route={route} onEdit={openEditor} onDelete={setDeleting} />
          ))}
        </Stack>
      )}
      <RouteEditorModal
        opened={editorOpen}
        editing={editing}
        modelSuggestions={suggestions}
        onClose={() => setEditorOpen(false)}
        onSaved={(name) => {
          setEditorOpen(false);
          setNotice({
            color: 'teal',
            title: `Saved route ${name}`,
            text: `Tools can use it now as the model "${name}".`,
          });
          void routes.reload();
        }}
      />
      <ConfirmDialog
        opened={deleting !== null}
        title={`Delete route ${deleting?.name ?? ''}?`}
        confirmLabel="Delete route"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await routesApi.remove(deleting.name);
          await routes.reload();
        }}
      >
        Tools that send “{deleting?.name}” as the model get an error until a route of that name exists again.
      </ConfirmDialog>
    </Stack>
  );
}
