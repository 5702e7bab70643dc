import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AdminKey } from '../../../../shared/schemas/admin-keys';
import { keysApi } from '../../api/keys-api';
import { errorText } from '../../lib/error-text';
import { LimitInputs } from './limit-inputs';
import { formFromLimits, limitChanges, type LimitsForm } from './limits-form';

/** Change a key's limits; emptying a field removes that limit. */
export function KeyLimitsModal({
  gatewayKey,
  onClose,
  onSaved,
}: {
  gatewayKey: AdminKey | null;
  onClose(): void;
  onSaved(): void;
}) {
  const [form, setForm] = useState<LimitsForm>(formFromLimits({}));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (gatewayKey) setForm(formFromLimits(gatewayKey.limits));
    setError(null);
  }, [gatewayKey]);

  const save = async () => {
    if (!gatewayKey) return;
    setBusy(true);
    setError(null);
    try {
      await keysApi.updateLimits(gatewayKey.name, { limits: limitChanges(form) });
      onSaved();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={gatewayKey !== null}
      onClose={onClose}
      title={`Limits of ${gatewayKey?.name ?? ''}`}
      size="lg"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            A request over a limit gets HTTP 429 with Retry-After. Spend counts finished requests; days and
            months are UTC.
          </Text>
          <LimitInputs form={form} onChange={setForm} />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Save limits
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
