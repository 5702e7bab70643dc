import { Anchor, Button, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { getConnection } from '../../api/admin-fetch';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useLogsStore } from '../../stores/logs-store';
import { LiveStatus } from './live-status';
import { openLiveTail } from './live-tail';
import { LogDetailDrawer } from './log-detail-drawer';
import { formatCount } from './log-format';
import { LogFiltersBar } from './log-filters';
import { hasActiveFilters } from './log-filters-model';
import { LogList } from './log-list';
import { fetchFilterSuggestions, noSuggestions, type FilterSuggestions } from './logs-api';

/** The request log: a live tail on top of cursor-paged history, filters, and a detail drawer. */
export function LogsScreen(): React.JSX.Element {
  const state = useLogsStore();
  const [suggestions, setSuggestions] = useState<FilterSuggestions>(noSuggestions);
  const [tailAttempt, setTailAttempt] = useState(0);
  const { receive, setLive, catchUp, reload } = state;

  useEffect(() => {
    // The tail opens first so that nothing finishing while the first page loads is missed.
    const close = openLiveTail({ onRecord: receive, onState: setLive, onReconnected: catchUp });
    return close;
  }, [receive, setLive, catchUp, tailAttempt]);

  useEffect(() => {
    reload();
    const controller = new AbortController();
    fetchFilterSuggestions(controller.signal).then(setSuggestions, () => undefined);
    return () => controller.abort();
  }, [reload]);

  const filtered = hasActiveFilters(state.filters);
  const gatewayUrl = getConnection().adminUrl || window.location.origin;

  return (
    <Stack
      gap="sm"
      mih={460}
      h="calc(100dvh - var(--app-shell-header-offset, 0rem) - var(--app-shell-footer-offset, 0rem) - 2 * var(--app-shell-padding, 0rem))"
    >
      <PageHeader
        title="Logs"
        description="Every request through the gateway, newest first, live while this screen is open."
        actions={
          <>
            <LiveStatus
              state={state.live}
              paused={state.paused}
              onReconnect={() => setTailAttempt((count) => count + 1)}
            />
            {state.paused ? (
              <Button size="xs" onClick={state.resume} data-testid="resume" miw={160}>
                {state.pendingCount > 0 ? `Resume · ${formatCount(state.pendingCount)} new` : 'Resume'}
              </Button>
            ) : (
              <Button size="xs" variant="default" onClick={state.pause} data-testid="pause" miw={160}>
                Pause live updates
              </Button>
            )}
          </>
        }
      />

      <LogFiltersBar
        filters={state.filters}
        suggestions={suggestions}
        onChange={state.setFilters}
        onClear={state.clearFilters}
      />

      {state.phase === 'error' && (
        <ErrorAlert title="Could not load the log" message={state.error ?? ''} onRetry={reload} />
      )}

      {state.phase !== 'error' && state.items.length === 0 ? (
        <Stack align="center" justify="center" flex={1} gap="xs" data-testid="log-empty">
          {state.phase === 'loading' ? (
            <Loader size="sm" aria-label="Loading requests" />
          ) : filtered ? (
            <>
              <Text fw={600}>No requests match these filters</Text>
              <Text size="sm" c="dimmed">
                Widen or clear them; new matching requests appear here as they happen.
              </Text>
              <Button size="xs" variant="light" onClick={state.clearFilters}>
                Clear filters
              </Button>
            </>
          ) : (
            <>
              <Text fw={600}>No requests yet</Text>
              <Text size="sm" c="dimmed" ta="center" maw={520}>
                Point an OpenAI or Anthropic SDK (or curl) at {gatewayUrl}/v1 with a gateway key; the{' '}
                <Anchor href="#/overview">Overview</Anchor> has copy-paste setup. Requests show up here the
                moment they finish.
              </Text>
            </>
          )}
        </Stack>
      ) : (
        state.phase !== 'error' && (
          <Stack
            gap={0}
            flex={1}
            mih={0}
            data-testid="log-results"
            data-state={state.phase}
            style={{ opacity: state.phase === 'loading' ? 0.6 : 1, transition: 'opacity 120ms' }}
          >
            <LogList
              items={state.items}
              hasMore={state.nextCursor !== null}
              loadingMore={state.loadingMore}
              moreError={state.moreError}
              onLoadMore={state.loadMore}
              onOpen={state.select}
              openId={state.selectedId}
            />
            <Text size="xs" c="dimmed" data-testid="log-count" h={20} pt={4}>
              {state.nextCursor
                ? `${formatCount(state.items.length)} requests loaded; older ones load as you scroll.`
                : `All ${formatCount(state.items.length)} matching requests loaded.`}
            </Text>
          </Stack>
        )
      )}

      <LogDetailDrawer id={state.selectedId} onClose={() => state.select(null)} />
    </Stack>
  );
}
