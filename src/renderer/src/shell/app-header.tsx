import { ActionIcon, Badge, Burger, Group, Title, Tooltip, useComputedColorScheme } from '@mantine/core';
import { statsApi } from '../api/stats-api';
import { MoonIcon, SunIcon } from '../components/icons';
import { useAdminResource } from '../hooks/use-admin-resource';
import { useTheme } from '../theme/use-theme';

const HEALTH_POLL_MS = 10_000;

/** Brand, whether the gateway answers, and a one-click light/dark switch (saved like the Settings choice). */
export function AppHeader({ navOpened, onToggleNav }: { navOpened: boolean; onToggleNav(): void }) {
  const health = useAdminResource((signal) => statsApi.health(signal), { pollMs: HEALTH_POLL_MS });
  const computed = useComputedColorScheme('light');
  const { setTheme } = useTheme();
  const next = computed === 'dark' ? 'light' : 'dark';
  const running = health.data?.status === 'ok' && health.error === null;
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label="Show screens"
        />
        <Title order={1} size="h3" style={{ letterSpacing: -0.3 }}>
          Gatehouse
        </Title>
        {health.data?.version && (
          <Badge variant="default" size="sm" radius="sm" fw={500} tt="none">
            v{health.data.version}
          </Badge>
        )}
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Badge
          variant="dot"
          size="lg"
          color={health.loading ? 'gray' : running ? 'teal' : 'red'}
          miw={128}
          aria-live="polite"
          title={health.error ?? undefined}
        >
          {health.loading ? 'Checking…' : running ? 'Running' : 'Unreachable'}
        </Badge>
        <Tooltip label={`Switch to ${next} theme`}>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => void setTheme(next).catch(() => undefined)}
            aria-label={`Switch to ${next} theme`}
          >
            {computed === 'dark' ? <SunIcon /> : <MoonIcon />}
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
