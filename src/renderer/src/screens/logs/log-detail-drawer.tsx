import { Alert, Button, Drawer, Skeleton, Stack } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LogRecord } from '../../../../shared/schemas/log-record';
import { errorText } from '../../lib/error-text';
import { LogDetail } from './log-detail';
import { fetchLogRecord } from './logs-api';

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; record: LogRecord }
  | { state: 'error'; message: string; notFound: boolean };

/** The detail of the selected request, fetched with its bodies when it opens. */
export function LogDetailDrawer({ id, onClose }: { id: string | null; onClose(): void }): React.JSX.Element {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (id === null) return;
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    fetchLogRecord(id, controller.signal).then(
      (record) => setLoaded({ state: 'ready', record }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const message = errorText(error);
        const notFound =
          typeof error === 'object' && error !== null && 'status' in error && error.status === 404;
        setLoaded({ state: 'error', message, notFound });
      },
    );
    return () => controller.abort();
  }, [id, attempt]);

  const title = loaded.state === 'ready' ? (loaded.record.model ?? loaded.record.endpoint) : 'Request';
  return (
    <Drawer
      opened={id !== null}
      onClose={onClose}
      position="right"
      size="min(760px, 92vw)"
      title={title}
      aria-label="Request details"
      styles={{ title: { fontWeight: 600 } }}
    >
      {loaded.state === 'loading' && (
        <Stack gap="sm" aria-busy>
          <Skeleton height={28} />
          <Skeleton height={120} />
          <Skeleton height={240} />
        </Stack>
      )}
      {loaded.state === 'error' && (
        <Alert color="red" title="Could not load this request">
          {loaded.notFound
            ? 'It is no longer in the log: log retention may have removed it. Close this panel and pick another row.'
            : loaded.message}
          {!loaded.notFound && (
            <Button mt="sm" size="xs" variant="light" onClick={() => setAttempt((count) => count + 1)}>
              Try again
            </Button>
          )}
        </Alert>
      )}
      {loaded.state === 'ready' && <LogDetail record={loaded.record} />}
    </Drawer>
  );
}
