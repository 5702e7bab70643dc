import { AppShell, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  ApisIcon,
  CostsIcon,
  ExperimentsIcon,
  KeysIcon,
  LogsIcon,
  OverviewIcon,
  PromptsIcon,
  ProvidersIcon,
  RoutesIcon,
  SettingsIcon,
} from '../components/icons';
import { hashOf, SCREEN_GROUPS, SCREEN_LABELS, type ScreenPath } from '../navigation/screens';

const icons: Record<ScreenPath, ReactNode> = {
  overview: <OverviewIcon />,
  providers: <ProvidersIcon />,
  routes: <RoutesIcon />,
  apis: <ApisIcon />,
  keys: <KeysIcon />,
  prompts: <PromptsIcon />,
  experiments: <ExperimentsIcon />,
  logs: <LogsIcon />,
  costs: <CostsIcon />,
  settings: <SettingsIcon />,
};

function ScreenLink({
  screen,
  current,
  onNavigate,
}: {
  screen: ScreenPath;
  current: ScreenPath;
  onNavigate(): void;
}) {
  const active = screen === current;
  return (
    <NavLink
      component="a"
      href={hashOf(screen)}
      label={SCREEN_LABELS[screen]}
      leftSection={icons[screen]}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={onNavigate}
      variant="light"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    />
  );
}

/** The left navigation: plain links to #/<screen>, so Tab/Enter, middle-click and reload all work. */
export function AppNavbar({ current, onNavigate }: { current: ScreenPath; onNavigate(): void }) {
  return (
    <>
      <AppShell.Section grow component={ScrollArea} px="sm" py="md">
        <nav aria-label="Screens">
          <Stack gap="md">
            {SCREEN_GROUPS.map((group) => (
              <Stack gap={2} key={group.label}>
                <Text
                  size="xs"
                  fw={700}
                  c="dimmed"
                  tt="uppercase"
                  px="sm"
                  pb={4}
                  style={{ letterSpacing: 0.5 }}
                >
                  {group.label}
                </Text>
                {group.screens.map((screen) => (
                  <ScreenLink key={screen} screen={screen} current={current} onNavigate={onNavigate} />
                ))}
              </Stack>
            ))}
          </Stack>
        </nav>
      </AppShell.Section>
      <AppShell.Section px="sm" py="sm" style={{ borderTop: '1px solid var(--app-shell-border-color)' }}>
        <ScreenLink screen="settings" current={current} onNavigate={onNavigate} />
      </AppShell.Section>
    </>
  );
}
