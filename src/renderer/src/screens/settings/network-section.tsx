import { Alert, Code, Group, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import type { SettingsView } from '../../../../shared/schemas/settings';
import { SaveRow } from './save-row';
import { SettingsSection } from './settings-section';
import { lockedReason } from './source-note';
import { useSectionForm } from './use-section-form';

interface NetworkForm {
  port: number | '';
  host: string;
  exposeOnLan: boolean;
}

const LOOPBACK = '127.0.0.1';
const isLoopback = (host: string) => /^(127\.|localhost$|::1$|\[::1\]$)/.test(host);

export function NetworkSection({ view }: { view: SettingsView }) {
  const { sources, running } = view;
  const portLock = lockedReason(sources.port, '--port');
  const hostLock = lockedReason(sources.host, '--host');
  const lanLock = lockedReason(sources.exposeOnLan, '--host');
  const section = useSectionForm<NetworkForm>(
    view,
    ({ settings }) => ({ port: settings.port, host: settings.host, exposeOnLan: settings.exposeOnLan }),
    (form) => ({
      ...(portLock || form.port === '' ? {} : { port: form.port }),
      ...(hostLock ? {} : { host: form.host }),
      ...(lanLock ? {} : { exposeOnLan: form.exposeOnLan }),
    }),
    (next) => (next.restartRequired ? 'Saved. It applies when the gateway starts again.' : 'Saved.'),
  );
  const { form, setForm } = section;
  const exposed = form.exposeOnLan && !isLoopback(form.host);

  return (
    <SettingsSection
      title="Network"
      description="Where the gateway listens. Changes apply when it starts again; the address it uses now stays until then."
    >
      <Group align="flex-start" grow maw={560}>
        <NumberInput
          label="Port"
          min={1}
          max={65535}
          allowDecimal={false}
          value={form.port}
          onChange={(value) => setForm({ ...form, port: typeof value === 'number' ? value : '' })}
          disabled={portLock !== null}
          description={portLock ?? 'Default 4141'}
        />
        <TextInput
          label="Listen address"
          value={form.host}
          onChange={(event) => setForm({ ...form, host: event.currentTarget.value.trim() })}
          disabled={hostLock !== null}
          description={hostLock ?? '127.0.0.1 keeps it on this machine'}
        />
      </Group>
      <Stack gap="xs">
        <Switch
          label="Expose on the local network"
          description={
            lanLock ?? 'Listens on every address of this machine (0.0.0.0), so other devices can call it.'
          }
          checked={form.exposeOnLan}
          disabled={lanLock !== null || hostLock !== null}
          onChange={(event) => {
            const on = event.currentTarget.checked;
            setForm({ ...form, exposeOnLan: on, host: on ? '0.0.0.0' : LOOPBACK });
          }}
        />
        {exposed && (
          <Alert color="orange" variant="light" title="Anyone on your network can reach Gatehouse">
            They still need a gateway key, and Gatehouse will not start exposed without one. Whoever holds a
            key can spend your provider credit, and traffic is plain HTTP: prefer a reverse proxy with TLS,
            and firewall the port to the machines that need it.
          </Alert>
        )}
      </Stack>
      {view.restartRequired && (
        <Alert color="blue" variant="light" title="Restart to apply">
          The gateway still listens on{' '}
          <Code>
            {running.host}:{running.port}
          </Code>
          .{' '}
          {window.gatehouse
            ? 'These saved values are used by `gatehouse serve` with the same data folder.'
            : 'Stop `gatehouse serve` (Ctrl-C) and start it again to use the saved address.'}
        </Alert>
      )}
      <Text size="xs" c="dimmed">
        Precedence: command-line flags, then the config file&apos;s <code>server</code> section, then these
        saved values, then the defaults.
      </Text>
      {(portLock === null || hostLock === null || lanLock === null) && (
        <SaveRow
          dirty={section.dirty}
          busy={section.busy}
          error={section.error}
          saved={section.saved}
          onSave={() => void section.submit()}
          onReset={section.reset}
        />
      )}
    </SettingsSection>
  );
}
