import { Anchor, Badge, Button, EmptyState, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { ExperimentsIcon, PlusIcon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { formatDate } from '../../lib/format';
import { useExperimentsStore } from '../../stores/experiments-store';
import { useHashDetail } from '../prompts/use-hash-detail';
import { CreateExperimentModal } from './create-experiment-modal';
import { ExperimentDetailView } from './experiment-detail-view';
import { statusColor, targetText } from './experiment-status';

/** A/B experiments: the list, or one (#/experiments/<id>) with its live results. */
export function ExperimentsScreen() {
  const [id, open] = useHashDetail('experiments');
  const { items, loading, error, load } = useExperimentsStore();
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    void load();
  }, [load]);

  if (id !== null) return <ExperimentDetailView key={id} id={id} onBack={() => open(null)} />;

  return (
    <Stack gap="lg">
      <PageHeader
        title="Experiments"
        description="Split a prompt label’s or a route’s traffic between versions or models, and see with confidence intervals which one is faster, cheaper or better rated. Promote the winner in one step."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            New experiment
          </Button>
        }
      />
      {error && <ErrorAlert title="Could not load experiments" message={error} onRetry={() => void load()} />}
      {loading ? (
        <Skeleton h={160} />
      ) : items.length === 0 && !error ? (
        <EmptyState
          icon={<ExperimentsIcon size={28} />}
          withIndicatorBackground
          title="No experiments yet"
          description="Create a prompt with two versions and a label such as production (Prompts screen), then create an experiment on that label: each caller gets one version, and the results show which is better."
          mt="xl"
        >
          <EmptyState.Actions>
            <Button onClick={() => setCreating(true)}>Create an experiment</Button>
            <Button variant="default" component="a" href="#/prompts">
              Go to Prompts
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Experiment</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Arms</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((experiment) => (
                <Table.Tr key={experiment.id}>
                  <Table.Td>
                    <Anchor
                      href={`#/experiments/${experiment.id}`}
                      fw={600}
                      onClick={(event) => {
                        event.preventDefault();
                        open(experiment.id);
                      }}
                    >
                      {experiment.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {targetText(experiment)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[experiment.status]} variant="light">
                      {experiment.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {experiment.arms.map((arm) => `${arm.name} ${arm.weight}%`).join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatDate(experiment.createdAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateExperimentModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          open(created);
        }}
      />
    </Stack>
  );
}
