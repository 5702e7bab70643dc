import { Alert, Button, Group, Menu, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ArmResults, ComparisonMetric, Experiment } from '../../../../shared/schemas/experiments';
import { ErrorAlert } from '../../components/error-alert';
import { useAdminResource } from '../../hooks/use-admin-resource';
import { ArmResultsTable } from './arm-results-table';
import { experimentsApi } from './experiments-api';
import { MetricChart } from './metric-chart';
import { verdicts, type Verdict } from './verdict';

/** Live enough to watch traffic arrive, cheap enough to leave open. */
const POLL_MS = 3_000;

const toneColor: Record<Verdict['tone'], string> = {
  better: 'teal',
  worse: 'red',
  mixed: 'yellow',
  none: 'gray',
  waiting: 'blue',
};

/** Results per arm, refreshed every few seconds in place: verdicts, the numbers, and a chart per metric. */
export function ExperimentResultsView({
  experiment,
  onPromote,
}: {
  experiment: Experiment;
  onPromote(arm: ArmResults): void;
}) {
  const results = useAdminResource((signal) => experimentsApi.results(experiment.id, signal), {
    pollMs: experiment.status === 'running' ? POLL_MS : undefined,
  });
  const data = results.data;
  if (!data) {
    return results.error ? (
      <ErrorAlert
        title="Could not load the results"
        message={results.error}
        onRetry={() => void results.reload()}
      />
    ) : (
      <Skeleton h={320} />
    );
  }
  const hasFeedback = data.arms.some((arm) => arm.feedback.count > 0);
  const hasCost = data.arms.some((arm) => arm.costUsd.perRequest !== null);
  const metrics: ComparisonMetric[] = [
    'latencyMs',
    'errorRate',
    ...(hasCost ? (['costUsd'] as const) : []),
    ...(hasFeedback ? (['feedbackScore', 'positiveRate'] as const) : []),
  ];
  const canPromote = experiment.status !== 'draft' && experiment.promotedArm === null;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={4}>Results</Title>
          {canPromote && (
            <Menu position="bottom-start">
              <Menu.Target>
                <Button size="xs" variant="light" color="teal">
                  Promote winner…
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {data.arms.map((arm) => (
                  <Menu.Item key={arm.arm} onClick={() => onPromote(arm)}>
                    Promote {arm.arm}
                    {arm.promptVersion !== null ? ` (v${arm.promptVersion})` : ''}
                    {arm.isControl ? ' · control' : ''}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        <Text size="xs" c="dimmed" className="gatehouse-numbers" aria-live="off">
          {results.error
            ? `Refresh failed: ${results.error}`
            : `Updated ${new Date(data.generatedAt).toLocaleTimeString()}${experiment.status === 'running' ? ' · refreshes every 3 s' : ''}`}
        </Text>
      </Group>
      <Stack gap="xs" aria-live="polite">
        {verdicts(data).map((verdict) => (
          <Alert key={verdict.arm} color={toneColor[verdict.tone]} variant="light" p="sm">
            <Text size="sm" fw={600}>
              {verdict.sentence}
            </Text>
            {verdict.details.map((detail) => (
              <Text size="sm" key={detail}>
                {detail}
              </Text>
            ))}
          </Alert>
        ))}
      </Stack>
      <ArmResultsTable arms={data.arms} promotedArm={experiment.promotedArm} />
      <Text size="xs" c="dimmed">
        Differences need at least {data.minimums.meanSamples} values per arm for means (Welch’s t-test) and{' '}
        {data.minimums.proportionTrials} per arm for rates (two-proportion z-test); significant means p &lt;
        0.05.
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {metrics.map((metric) => (
          <MetricChart
            key={metric}
            metric={metric}
            arms={data.arms}
            comparisons={data.comparisons.flatMap(({ arm, metrics: compared }) =>
              compared
                .filter((comparison) => comparison.metric === metric)
                .map((comparison) => ({ arm, comparison })),
            )}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
