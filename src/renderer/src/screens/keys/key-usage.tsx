import { Group, Progress, Stack, Text } from '@mantine/core';
import type { AdminKey } from '../../../../shared/schemas/admin-keys';
import { formatCount, formatUsd } from '../../lib/format';

interface Meter {
  label: string;
  used: number;
  limit: number | undefined;
  show(value: number): string;
}

function meters(key: AdminKey): Meter[] {
  const { usage, limits } = key;
  return [
    {
      label: 'Requests/min',
      used: usage.requestsThisMinute,
      limit: limits.requestsPerMinute,
      show: formatCount,
    },
    { label: 'Tokens/min', used: usage.tokensThisMinute, limit: limits.tokensPerMinute, show: formatCount },
    { label: 'Today', used: usage.usdToday + usage.usdReserved, limit: limits.usdPerDay, show: formatUsd },
    {
      label: 'This month',
      used: usage.usdThisMonth + usage.usdReserved,
      limit: limits.usdPerMonth,
      show: formatUsd,
    },
  ];
}

/** What a key used against each of its limits; spend is shown even without a limit. */
export function KeyUsage({ gatewayKey }: { gatewayKey: AdminKey }) {
  const all = meters(gatewayKey);
  const limited = all.filter((meter) => meter.limit !== undefined);
  if (limited.length === 0) {
    return (
      <Text size="sm" c="dimmed" className="gatehouse-numbers">
        No limits · {formatUsd(gatewayKey.usage.usdToday)} today · {formatUsd(gatewayKey.usage.usdThisMonth)}{' '}
        this month
      </Text>
    );
  }
  return (
    <Stack gap={6} miw={220}>
      {limited.map((meter) => {
        const share = meter.limit ? Math.min(100, (meter.used / meter.limit) * 100) : 100;
        return (
          <Stack gap={2} key={meter.label}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed">
                {meter.label}
              </Text>
              <Text size="xs" className="gatehouse-numbers">
                {meter.show(meter.used)} / {meter.show(meter.limit ?? 0)}
              </Text>
            </Group>
            <Progress
              value={share}
              size="sm"
              color={share >= 100 ? 'red' : share >= 80 ? 'orange' : 'indigo'}
              aria-label={`${meter.label}: ${meter.show(meter.used)} of ${meter.show(meter.limit ?? 0)}`}
              transitionDuration={0}
            />
          </Stack>
        );
      })}
    </Stack>
  );
}
