import { Anchor, Badge, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ApiOperationList } from '../../../../shared/schemas/apis';
import { gatewayUrl } from '../../api/admin-fetch';
import { CodeBlock } from '../../components/code-block';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Notice, type NoticeMessage } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { useAdminResource } from '../../hooks/use-admin-resource';
import { errorText } from '../../lib/error-text';
import { useApisStore } from '../../stores/apis-store';
import { ApiEditorModal } from './api-editor-modal';
import { ApiSummary } from './api-summary';
import { apisApi } from './apis-api';
import { OpenApiImportModal } from './openapi-import-modal';
import { OperationsList } from './operations-list';
import { TryItPanel } from './try-it-panel';
import { emptyTryForm, tryFormFor, type TryForm } from './try-request';

/** One REST API: its settings, how to call it, its OpenAPI operations, and "try it". */
export function ApiDetailView({ slug, onBack }: { slug: string; onBack(): void }) {
  const { items, loading, error, remove, refreshOne } = useApisStore();
  const api = items.find((item) => item.slug === slug);
  const operations = useAdminResource((signal) => apisApi.operations(slug, signal));
  const [editing, setEditing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [removingDocument, setRemovingDocument] = useState(false);
  const [testing, setTesting] = useState(false);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [tryForm, setTryForm] = useState<TryForm>(emptyTryForm);

  const back = (
    <Anchor
      href="#/apis"
      size="sm"
      onClick={(event) => {
        event.preventDefault();
        onBack();
      }}
    >
      ← All APIs
    </Anchor>
  );
  if (!api) {
    return (
      <Stack gap="lg">
        {back}
        {loading ? (
          <Skeleton h={300} />
        ) : (
          <ErrorAlert
            title={`Could not open API ${slug}`}
            message={error ?? 'There is no API with this slug.'}
          />
        )}
      </Stack>
    );
  }

  const fromConfig = api.source === 'config';
  const test = async () => {
    setTesting(true);
    try {
      const result = await apisApi.test(slug);
      setNotice({
        color: result.ok ? 'teal' : 'red',
        title: result.ok ? 'Connection works' : 'Connection failed',
        text: [result.message, ...result.targets.map((target) => `${target.url}: ${target.message}`)].join(
          ' ',
        ),
      });
      await refreshOne(slug);
    } catch (caught) {
      setNotice({ color: 'red', title: 'Could not test the connection', text: errorText(caught) });
    } finally {
      setTesting(false);
    }
  };
  const imported = (list: ApiOperationList) => {
    setImporting(false);
    void operations.reload();
    void refreshOne(slug);
    setNotice({
      color: 'teal',
      title: `Imported ${list.items.length} operations`,
      text: 'Pick one below and press Try to fill the form.',
    });
  };
  const curl = `curl ${gatewayUrl('')}${api.proxyPath} \\\n  -H "Authorization: Bearer $GATEHOUSE_KEY"`;

  return (
    <Stack gap="md">
      {back}
      <PageHeader
        title={api.label || api.slug}
        description={
          <>
            <Text span ff="monospace" size="sm">
              {api.proxyPath}
            </Text>
            {fromConfig ? ' · from the config file (read-only here)' : ''}
          </>
        }
        actions={
          <>
            {!api.enabled && <Badge color="gray">disabled</Badge>}
            <Button variant="default" onClick={() => void test()} loading={testing}>
              Test connection
            </Button>
            {!fromConfig && <Button onClick={() => setEditing(true)}>Edit</Button>}
            {!fromConfig && (
              <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            )}
          </>
        }
      />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      <ApiSummary api={api} />
      <CodeBlock code={curl} label="curl command" />
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>Operations</Title>
          <Group gap="xs">
            {api.hasOpenApi && (
              <Button size="xs" variant="subtle" color="red" onClick={() => setRemovingDocument(true)}>
                Remove document
              </Button>
            )}
            <Button size="xs" variant="light" onClick={() => setImporting(true)}>
              {api.hasOpenApi ? 'Replace OpenAPI document' : 'Import OpenAPI'}
            </Button>
          </Group>
        </Group>
        {operations.error && <ErrorAlert title="Could not load operations" message={operations.error} />}
        {operations.data && operations.data.items.length > 0 ? (
          <OperationsList list={operations.data} onTry={(operation) => setTryForm(tryFormFor(operation))} />
        ) : (
          !operations.loading && (
            <Text size="sm" c="dimmed">
              No OpenAPI document yet. Import one (paste JSON or YAML) to list the API’s operations and try
              them with one click; or type any path in Try it below.
            </Text>
          )
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={4}>Try it</Title>
        <TryItPanel slug={slug} form={tryForm} onChange={setTryForm} />
      </Stack>
      <ApiEditorModal
        opened={editing}
        editing={api}
        onClose={() => setEditing(false)}
        onSaved={(saved, secretError) => {
          setEditing(false);
          setNotice(
            secretError
              ? { color: 'yellow', title: 'Saved, but the credential was not stored', text: secretError }
              : {
                  color: 'teal',
                  title: `Saved ${saved.slug}`,
                  text: 'Calls use the new settings from now on.',
                },
          );
        }}
      />
      <OpenApiImportModal
        slug={slug}
        opened={importing}
        onClose={() => setImporting(false)}
        onImported={imported}
      />
      <ConfirmDialog
        opened={removingDocument}
        title={`Remove the OpenAPI document of ${api.slug}?`}
        confirmLabel="Remove document"
        onClose={() => setRemovingDocument(false)}
        onConfirm={async () => {
          await apisApi.removeOpenApi(slug);
          await Promise.all([operations.reload(), refreshOne(slug)]);
        }}
      >
        The operations list goes; calls to {api.proxyPath} keep working. Import the document again at any
        time.
      </ConfirmDialog>
      <ConfirmDialog
        opened={deleting}
        title={`Delete API ${api.slug}?`}
        confirmLabel="Delete API"
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await remove(api.slug);
          onBack();
        }}
      >
        Calls to {api.proxyPath} get a 404 from then on. A credential stored in the keychain for it is removed
        too.
      </ConfirmDialog>
    </Stack>
  );
}
