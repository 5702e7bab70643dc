import { Skeleton, Stack } from '@mantine/core';
import { useEffect } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useSettingsStore } from '../../stores/settings-store';
import { AppearanceSection } from './appearance-section';
import { ConfigSection } from './config-section';
import { LoggingSection } from './logging-section';
import { NetworkSection } from './network-section';
import { PricingSection } from './pricing-section';

export function SettingsScreen() {
  const view = useSettingsStore((state) => state.view);
  const loadError = useSettingsStore((state) => state.loadError);
  const load = useSettingsStore((state) => state.load);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Stack gap="lg" maw={980}>
      <PageHeader
        title="Settings"
        description="Saved in the gateway's database; each section says when its changes apply."
      />
      {loadError && (
        <ErrorAlert title="Could not load the settings" message={loadError} onRetry={() => void load()} />
      )}
      <AppearanceSection />
      {view ? (
        <>
          <NetworkSection view={view} />
          <LoggingSection view={view} />
          <PricingSection view={view} />
        </>
      ) : (
        !loadError && <Skeleton h={420} />
      )}
      <ConfigSection />
    </Stack>
  );
}
