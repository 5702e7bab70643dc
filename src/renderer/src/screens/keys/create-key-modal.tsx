import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { CreatedKey } from '../../../../shared/schemas/admin-keys';
import { keysApi } from '../../api/keys-api';
import { errorText } from '../../lib/error-text';
import { LimitInputs } from './limit-inputs';
import { formFromLimits, limitsFromForm, type LimitsForm } from './limits-form';

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Name a new gateway key and, optionally, limit it. */
export function CreateKeyModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose(): void;
  onCreated(key: CreatedKey): void;
}) {
  const [name, setName] = useState('');
  const [limits, setLimits] = useState<LimitsForm>(formFromLimits({}));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    setName('');
    setLimits(formFromLimits({}));
    setError(null);
  }, [opened]);
  const nameProblem =
    name && !NAME_PATTERN.test(name) ? 'Letters, digits, "-", "_" and "."; up to 64 characters.' : null;

  const submit = async () => {
    if (!name || nameProblem) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await keysApi.create({ name, limits: limitsFromForm(limits) }));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Create a gateway key" size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Name"
            description="Shown in the log as the caller, e.g. the script or teammate using it."
            placeholder="my-script"
            value={name}
            onChange={(event) => setName(event.currentTarget.value.trim())}
            error={nameProblem}
            data-autofocus
          />
          <Text size="sm" fw={500}>
            Limits (optional)
          </Text>
          <LimitInputs form={limits} onChange={setLimits} />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!name || nameProblem !== null}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
