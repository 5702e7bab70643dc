import {
  Badge,
  Button,
  EmptyState,
  Group,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import type { AdminKey, CreatedKey } from '../../../../shared/schemas/admin-keys';
import { keysApi } from '../../api/keys-api';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { KeysIcon, PlusIcon } from '../../components/icons';
import { Notice, type NoticeMessage } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { useAdminResource } from '../../hooks/use-admin-resource';
import { formatDate } from '../../lib/format';
import { CreateKeyModal } from './create-key-modal';
import { KeyCreatedModal } from './key-created-modal';
import { KeyLimitsModal } from './key-limits-modal';
import { KeyUsage } from './key-usage';

const sourceLabels = { admin: 'App', cli: 'CLI', config: 'Config file' } as const;

function KeyRow({
  gatewayKey,
  onLimits,
  onRevoke,
}: {
  gatewayKey: AdminKey;
  onLimits(key: AdminKey): void;
  onRevoke(key: AdminKey): void;
}) {
  const revoked = gatewayKey.revokedAt !== null;
  const fromConfig = gatewayKey.source === 'config';
  return (
    <Table.Tr data-testid={`key-${gatewayKey.name}`} style={{ opacity: revoked ? 0.6 : 1 }}>
      <Table.Td>
        <Text fw={600} size="sm">
          {gatewayKey.name}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {gatewayKey.hint}
        </Text>
      </Table.Td>
      <Table.Td>
        {revoked ? (
          <Badge color="gray" variant="light" radius="sm">
            Revoked
          </Badge>
        ) : (
          <Badge color="teal" variant="light" radius="sm">
            Active
          </Badge>
        )}
        <Text size="xs" c="dimmed" mt={4}>
          {sourceLabels[gatewayKey.source]} · {formatDate(gatewayKey.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        {revoked ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <KeyUsage gatewayKey={gatewayKey} />
        )}
      </Table.Td>
      <Table.Td>
        {!revoked && (
          <Tooltip label="Comes from the config file: change it there" disabled={!fromConfig}>
            <Group gap="xs" justify="flex-end" wrap="nowrap">
              <Button size="xs" variant="default" onClick={() => onLimits(gatewayKey)} disabled={fromConfig}>
                Limits
              </Button>
              <Button
                size="xs"
                variant="light"
                color="red"
                onClick={() => onRevoke(gatewayKey)}
                disabled={fromConfig}
              >
                Revoke
              </Button>
            </Group>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function KeysScreen() {
  const keys = useAdminResource((signal) => keysApi.list(signal), { pollMs: 5_000 });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [limitsOf, setLimitsOf] = useState<AdminKey | null>(null);
  const [revoking, setRevoking] = useState<AdminKey | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const all = keys.data?.items ?? [];
  const revokedCount = all.filter((key) => key.revokedAt !== null).length;
  const shown = showRevoked ? all : all.filter((key) => key.revokedAt === null);

  return (
    <Stack gap="lg">
      <PageHeader
        title="Keys"
        description="Gateway keys let your tools call Gatehouse. Each is shown once when created; only its hash is kept. Limits stop a key with HTTP 429 once it is over them."
        actions={
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            Create key
          </Button>
        }
      />
      <Notice notice={notice} onClose={() => setNotice(null)} />
      {keys.error && (
        <ErrorAlert title="Could not load keys" message={keys.error} onRetry={() => void keys.reload()} />
      )}
      {keys.loading ? (
        <Skeleton h={160} />
      ) : all.length === 0 && !keys.error ? (
        <EmptyState
          icon={<KeysIcon size={28} />}
          withIndicatorBackground
          title="No gateway keys yet"
          description="Every /v1 call needs one. Create a key per script, app or teammate, so the log shows who called and limits apply per key."
          mt="xl"
        >
          <EmptyState.Actions>
            <Button onClick={() => setCreating(true)}>Create your first key</Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : (
        <Stack gap="xs">
          {revokedCount > 0 && (
            <Group justify="flex-end">
              <Switch
                size="sm"
                label={`Show ${revokedCount} revoked`}
                checked={showRevoked}
                onChange={(event) => setShowRevoked(event.currentTarget.checked)}
              />
            </Group>
          )}
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Key</Table.Th>
                  <Table.Th w={190}>Status</Table.Th>
                  <Table.Th>Usage against limits</Table.Th>
                  <Table.Th w={170} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((key) => (
                  <KeyRow key={key.name} gatewayKey={key} onLimits={setLimitsOf} onRevoke={setRevoking} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
      <CreateKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
          void keys.reload();
        }}
      />
      <KeyCreatedModal created={created} onClose={() => setCreated(null)} />
      <KeyLimitsModal
        gatewayKey={limitsOf}
        onClose={() => setLimitsOf(null)}
        onSaved={() => {
          setNotice({
            color: 'teal',
            title: `Saved the limits of ${limitsOf?.name ?? ''}`,
            text: 'They apply to the next request.',
          });
          setLimitsOf(null);
          void keys.reload();
        }}
      />
      <ConfirmDialog
        opened={revoking !== null}
        title={`Revoke ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke key"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await keysApi.revoke(revoking.name);
          setNotice({
            color: 'teal',
            title: `Revoked ${revoking.name}`,
            text: 'Requests with it now get HTTP 401. Its name stays taken, so old log entries stay unambiguous.',
          });
          await keys.reload();
        }}
      >
        Tools using this key stop working at once (HTTP 401). This cannot be undone; you can create a new key
        instead.
      </ConfirmDialog>
    </Stack>
  );
}
