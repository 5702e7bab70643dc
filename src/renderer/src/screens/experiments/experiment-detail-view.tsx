import { Alert, Anchor, Badge, Button, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ArmResults, ChangeStatusRequest, Experiment } from '../../../../shared/schemas/experiments';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Notice, type NoticeMessage } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { errorText } from '../../lib/error-text';
import { formatDate } from '../../lib/format';
import { useExperimentsStore } from '../../stores/experiments-store';
import { ExperimentResultsView } from './experiment-results-view';
import { statusColor, targetText } from './experiment-status';
import { PromoteDialog } from './promote-dialog';

const statusActions: Record<
  Experiment['status'],
  Array<{ to: ChangeStatusRequest['status']; label: string }>
> = {
  draft: [{ to: 'running', label: 'Start' }],
  running: [
    { to: 'paused', label: 'Pause' },
    { to: 'stopped', label: 'Stop' },
  ],
  paused: [
    { to: 'running', label: 'Resume' },
    { to: 'stopped', label: 'Stop' },
  ],
  stopped: [],
};

function statusNote(experiment: Experiment): string {
  switch (experiment.status) {
    case 'draft':
      return `A draft does not touch traffic. Start it to split requests for ${targetText(experiment)} between the arms.`;
    case 'running':
      return `Requests for ${targetText(experiment)} are split between the arms now; each response carries x-gatehouse-experiment.`;
    case 'paused':
      return 'Paused: every request gets what the target serves without the experiment. Results so far are kept.';
    case 'stopped':
      return experiment.promotedArm
        ? `Stopped after promoting arm ${experiment.promotedArm}.`
        : 'Stopped for good; the results stay for reading.';
  }
}

/** One experiment: its state and the buttons that change it, and its live results. */
export function ExperimentDetailView({ id, onBack }: { id: string; onBack(): void }) {
  const { items, loading, error, changeStatus, remove } = useExperimentsStore();
  const experiment = items.find((item) => item.id === id);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const [stopping, setStopping] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [promoting, setPromoting] = useState<ArmResults | null>(null);

  const back = (
    <Anchor
      href="#/experiments"
      size="sm"
      onClick={(event) => {
        event.preventDefault();
        onBack();
      }}
    >
      ← All experiments
    </Anchor>
  );
  if (!experiment) {
    return (
      <Stack gap="lg">
        {back}
        {loading ? (
          <Skeleton h={300} />
        ) : (
          <ErrorAlert
            title={`Could not open experiment ${id}`}
            message={error ?? 'There is no experiment with this id; it may have been deleted.'}
          />
        )}
      </Stack>
    );
  }

  const change = async (to: ChangeStatusRequest['status']) => {
    setBusy(to);
    setNotice(null);
    try {
      await changeStatus(experiment.id, to);
    } catch (caught) {
      setNotice({ color: 'red', title: 'The status did not change', text: errorText(caught) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="md">
      {back}
      <PageHeader
        title={experiment.name}
        description={
          <>
            <Text span ff="monospace" size="sm">
              {targetText(experiment)}
            </Text>
            {' · '}
            {experiment.id} · created {formatDate(experiment.createdAt)}
            {experiment.description ? ` · ${experiment.description}` : ''}
          </>
        }
        actions={
          <>
            <Badge color={statusColor[experiment.status]} size="lg" variant="light" aria-live="polite">
              {experiment.status}
            </Badge>
            {statusActions[experiment.status].map((action) => (
              <Button
                key={action.to}
                variant={action.to === 'stopped' ? 'default' : 'filled'}
                loading={busy === action.to}
                onClick={() => (action.to === 'stopped' ? setStopping(true) : void change(action.to))}
              >
                {action.label}
              </Button>
            ))}
            {experiment.status !== 'running' && experiment.status !== 'paused' && (
              <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            )}
          </>
        }
      />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      <Alert color="gray" variant="light" p="sm">
        <Text size="sm">{statusNote(experiment)}</Text>
      </Alert>
      {experiment.status === 'draft' ? (
        <Text size="sm" c="dimmed">
          Arms:{' '}
          {experiment.arms
            .map((arm) => `${arm.name} (${arm.weight}%${arm.name === experiment.control ? ', control' : ''})`)
            .join(', ')}
          . Results appear here once it runs.
        </Text>
      ) : (
        <ExperimentResultsView experiment={experiment} onPromote={setPromoting} />
      )}
      <ConfirmDialog
        opened={stopping}
        title={`Stop ${experiment.name}?`}
        confirmLabel="Stop experiment"
        onClose={() => setStopping(false)}
        onConfirm={() => changeStatus(experiment.id, 'stopped')}
      >
        Stopping is final: every request gets what {targetText(experiment)} serves without the experiment. The
        results stay. To keep a winner, use Promote on its row instead.
      </ConfirmDialog>
      <ConfirmDialog
        opened={deleting}
        title={`Delete ${experiment.name}?`}
        confirmLabel="Delete experiment"
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await remove(experiment.id);
          onBack();
        }}
      >
        The experiment and its settings go; logged requests keep their arm.
      </ConfirmDialog>
      <PromoteDialog
        experiment={experiment}
        arm={promoting}
        onClose={() => setPromoting(null)}
        onPromoted={(summary) => setNotice({ color: 'teal', title: 'Winner promoted', text: summary })}
      />
    </Stack>
  );
}
