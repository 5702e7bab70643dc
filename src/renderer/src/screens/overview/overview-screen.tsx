import { Stack } from '@mantine/core';
import { getConnection } from '../../api/admin-fetch';
import { keysApi } from '../../api/keys-api';
import { providersApi } from '../../api/providers-api';
import { statsApi } from '../../api/stats-api';
import { PageHeader } from '../../components/page-header';
import { useAdminResource } from '../../hooks/use-admin-resource';
import { GatewayStatusCard } from './gateway-status-card';
import { SetupCard } from './setup-card';
import { exampleModel } from './setup-snippets';
import { TodayStats } from './today-stats';

const HOUR_MS = 60 * 60 * 1000;
const POLL_MS = 5_000;

/** Local midnight to the end of the current hour, one slice per hour. */
function todayWindow(now = new Date()) {
  const from = new Date(now);
  from.setHours(0, 0, 0, 0);
  const hours = Math.max(1, Math.ceil((now.getTime() - from.getTime() + 1) / HOUR_MS));
  return { from, to: new Date(from.getTime() + hours * HOUR_MS), hours };
}

export function OverviewScreen() {
  const gatewayUrl = getConnection().adminUrl || window.location.origin;
  const summary = useAdminResource(
    (signal) => {
      const { from, to, hours } = todayWindow();
      return statsApi.summary(from, to, hours, signal);
    },
    { pollMs: POLL_MS },
  );
  const providers = useAdminResource((signal) => providersApi.list(signal), { pollMs: 15_000 });
  const keys = useAdminResource((signal) => keysApi.list(signal), { pollMs: 15_000 });
  const firstProvider = providers.data?.items.find((provider) => provider.enabled);
  return (
    <Stack gap="lg">
      <PageHeader
        title="Overview"
        description="Gatehouse forwards your tools' calls to the providers you set up, keeps their keys out of your scripts, and logs every call."
      />
      <GatewayStatusCard
        url={gatewayUrl}
        progress={{
          providers: providers.data?.items.length,
          keys: keys.data?.items.filter((key) => key.revokedAt === null).length,
          requestsToday: summary.data?.requests,
        }}
      />
      <TodayStats summary={summary.data} error={summary.error} onRetry={() => void summary.reload()} />
      <SetupCard gatewayUrl={gatewayUrl} model={exampleModel(firstProvider)} />
    </Stack>
  );
}
