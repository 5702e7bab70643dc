import { Button, EmptyState, Skeleton, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ApisIcon, PlusIcon } from '../../components/icons';
import { Notice, type NoticeMessage } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { useApisStore } from '../../stores/apis-store';
import { useHashDetail } from '../prompts/use-hash-detail';
import { ApiDetailView } from './api-detail-view';
import { ApiEditorModal } from './api-editor-modal';
import { ApiTable } from './api-table';

/** REST APIs behind the gateway: the list, or one (#/apis/<slug>) with its operations and "try it". */
export function ApisScreen() {
  const [slug, open] = useHashDetail('apis');
  const { items, loading, error, load } = useApisStore();
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  useEffect(() => {
    void load();
  }, [load]);

  if (slug !== null) return <ApiDetailView key={slug} slug={slug} onBack={() => open(null)} />;

  return (
    <Stack gap="lg">
      <PageHeader
        title="APIs"
        description="Any HTTP API behind Gatehouse: scripts call /apis/<slug>/… with a gateway key, and Gatehouse adds the real credential, retries, caches, rate-limits and logs each call."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            New API
          </Button>
        }
      />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      {error && <ErrorAlert title="Could not load APIs" message={error} onRetry={() => void load()} />}
      {loading ? (
        <Skeleton h={160} />
      ) : items.length === 0 && !error ? (
        <EmptyState
          icon={<ApisIcon size={28} />}
          withIndicatorBackground
          title="No REST APIs yet"
          description="Register an API such as GitHub (https://api.github.com) with its token: your scripts then call /apis/github/… with a gateway key and never hold the token. Import its OpenAPI document to browse and try its operations."
          mt="xl"
        >
          <EmptyState.Actions>
            <Button onClick={() => setCreating(true)}>Register an API</Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <ApiTable items={items} onOpen={open} />
      )}
      <ApiEditorModal
        opened={creating}
        editing={null}
        onClose={() => setCreating(false)}
        onSaved={(api, secretError) => {
          setCreating(false);
          if (secretError) {
            setNotice({
              color: 'yellow',
              title: `Created ${api.slug}, but the credential was not stored`,
              text: `${secretError} Edit the API to try again, or read the credential from an environment variable.`,
            });
          } else open(api.slug);
        }}
      />
    </Stack>
  );
}
