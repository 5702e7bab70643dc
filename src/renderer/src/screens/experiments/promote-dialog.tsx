import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ArmResults, Experiment } from '../../../../shared/schemas/experiments';
import { errorText } from '../../lib/error-text';
import { useExperimentsStore } from '../../stores/experiments-store';

function whatHappens(experiment: Experiment, arm: ArmResults): string {
  if (experiment.target.kind === 'prompt') {
    const version =
      arm.promptVersion !== null ? `version ${arm.promptVersion}` : 'the version it points at now';
    const model = arm.model !== null ? ` with model ${arm.model} (saved as a new version)` : '';
    return `The label ${experiment.target.label} of prompt ${experiment.target.prompt} moves to ${version}${model}, and the experiment stops.`;
  }
  return `Route ${experiment.target.route} sends its traffic to ${arm.model ?? 'its current targets'} first, and the experiment stops.`;
}

/** "Promote winner" says exactly what moves before it moves anything. */
export function PromoteDialog({
  experiment,
  arm,
  onClose,
  onPromoted,
}: {
  experiment: Experiment;
  arm: ArmResults | null;
  onClose(): void;
  onPromoted(summary: string): void;
}) {
  const promote = useExperimentsStore((state) => state.promote);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async () => {
    if (!arm) return;
    setBusy(true);
    setError(null);
    try {
      const result = await promote(experiment.id, arm.arm);
      onPromoted(result.summary);
      close();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={arm !== null} onClose={close} title={`Promote arm ${arm?.arm ?? ''}?`}>
      {arm && (
        <Stack gap="md">
          <Text size="sm">{whatHappens(experiment, arm)}</Text>
          <Text size="sm" c="dimmed">
            It had {arm.requests} requests. Stopping is final; a label can still be rolled back on the Prompts
            screen.
          </Text>
          {error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="teal" loading={busy} onClick={() => void confirm()} data-autofocus>
              Promote {arm.arm}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
