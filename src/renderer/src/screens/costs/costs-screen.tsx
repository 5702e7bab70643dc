import { Anchor, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { useCostsStore } from '../../stores/costs-store';
import { buildCostsModel } from './cost-chart-data';
import { CostCharts } from './cost-charts';
import { CostControls } from './cost-controls';
import { presetRange } from './cost-range';
import { CostSummary } from './cost-summary';
import { CostTables } from './cost-tables';

const stackLabels = { model: 'model', provider: 'provider', key: 'key' } as const;

/** Spend over time: cost per day stacked by model, provider or key; tokens, requests and latency. */
export function CostsScreen(): React.JSX.Element {
  const state = useCostsStore();
  const { load } = state;

  useEffect(() => {
    // A preset follows the calendar: "last 30 days" opened tomorrow means tomorrow's last 30 days.
    const { preset, range, setPreset } = useCostsStore.getState();
    if (preset !== null && presetRange(preset).to !== range.to) setPreset(preset);
    else load();
  }, [load]);

  const shown = state.shown;
  const model = useMemo(
    () => (state.stats && shown ? buildCostsModel(state.stats, shown.range) : null),
    [state.stats, shown],
  );
  const stackLabel = stackLabels[shown?.stackBy ?? state.stackBy];

  return (
    <Stack gap="md" pb="md" data-testid="costs-screen" data-state={state.phase}>
      <PageHeader
        title="Costs"
        description="Spend, tokens, requests and latency per day (UTC days), from the request log."
        actions={state.phase === 'loading' ? <Loader size="xs" aria-label="Loading costs" /> : undefined}
      />
      <CostControls
        preset={state.preset}
        range={state.range}
        onPreset={state.setPreset}
        onRange={state.setRange}
      />

      {state.phase === 'error' && (
        <ErrorAlert title="Could not load costs" message={state.error ?? ''} onRetry={load} />
      )}

      {model && shown && model.total.requests === 0 && (
        <Stack align="center" gap={4} py="xl" data-testid="costs-empty">
          <Text fw={600}>
            No requests between {shown.range.from} and {shown.range.to}
          </Text>
          <Text size="sm" c="dimmed" ta="center" maw={520}>
            Pick a longer range, or send requests through the gateway (the{' '}
            <Anchor href="#/overview">Overview</Anchor> shows how); their cost shows up here as soon as they
            finish.
          </Text>
        </Stack>
      )}

      {model && shown && model.total.requests > 0 && (
        <>
          <CostSummary total={model.total} />
          <CostCharts
            model={model}
            stackLabel={stackLabel}
            stackBy={state.stackBy}
            onStackBy={state.setStackBy}
          />
          <CostTables model={model} stackLabel={stackLabel} range={shown.range} />
        </>
      )}
    </Stack>
  );
}
