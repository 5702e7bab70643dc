import { Group, NumberInput, Stack, Switch, Text } from '@mantine/core';
import type { SettingsView } from '../../../../shared/schemas/settings';
import { formatBytes } from '../../lib/format';
import { SaveRow } from './save-row';
import { SettingsSection } from './settings-section';
import { lockedReason } from './source-note';
import { useSectionForm } from './use-section-form';

interface LoggingForm {
  logBodies: boolean;
  /** In KB, as people think of it; stored in bytes. */
  capKb: number | '';
  retentionDays: number | '';
}

export function LoggingSection({ view }: { view: SettingsView }) {
  const bodiesLock = lockedReason(view.sources.logBodies, '');
  const capLock = lockedReason(view.sources.logBodyMaxBytes, '');
  const section = useSectionForm<LoggingForm>(
    view,
    ({ settings }) => ({
      logBodies: settings.logBodies,
      capKb: Math.round(settings.logBodyMaxBytes / 1024),
      retentionDays: settings.logRetentionDays ?? '',
    }),
    (form) => ({
      ...(bodiesLock ? {} : { logBodies: form.logBodies }),
      ...(capLock || form.capKb === '' ? {} : { logBodyMaxBytes: form.capKb * 1024 }),
      logRetentionDays: form.retentionDays === '' ? null : form.retentionDays,
    }),
    () => 'Saved. It applies to the next request.',
  );
  const { form, setForm } = section;
  return (
    <SettingsSection
      title="Request log"
      description="Every call is logged with tokens, cost and latency. Bodies help debugging but can hold personal data; secrets are always cut out."
    >
      <Stack gap="md">
        <Switch
          label="Store request and response bodies"
          description={
            bodiesLock ?? 'Off: the log keeps only metadata (model, tokens, cost, status, timing).'
          }
          checked={form.logBodies}
          disabled={bodiesLock !== null}
          onChange={(event) => setForm({ ...form, logBodies: event.currentTarget.checked })}
        />
        <Group grow align="flex-start" maw={560}>
          <NumberInput
            label="Body size cap (KB)"
            min={0}
            max={16 * 1024}
            allowDecimal={false}
            value={form.capKb}
            onChange={(value) => setForm({ ...form, capKb: typeof value === 'number' ? value : '' })}
            disabled={capLock !== null || !form.logBodies}
            description={
              capLock ?? `Longer bodies are cut; now ${formatBytes(view.settings.logBodyMaxBytes)}`
            }
          />
          <NumberInput
            label="Keep log entries for (days)"
            min={1}
            max={3650}
            allowDecimal={false}
            placeholder="Forever"
            value={form.retentionDays}
            onChange={(value) => setForm({ ...form, retentionDays: typeof value === 'number' ? value : '' })}
            description="Empty keeps everything"
          />
        </Group>
        <Text size="xs" c="dimmed">
          Entries older than the limit are deleted when the gateway starts and every hour after.
        </Text>
      </Stack>
      <SaveRow
        dirty={section.dirty}
        busy={section.busy}
        error={section.error}
        saved={section.saved}
        onSave={() => void section.submit()}
        onReset={section.reset}
      />
    </SettingsSection>
  );
}
