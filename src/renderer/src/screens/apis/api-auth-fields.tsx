import { Group, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { AdminApi } from '../../../../shared/schemas/apis';
import type { ApiForm, AuthType, SecretSource } from './api-form';

/** How Gatehouse adds the credential, and where the credential lives (never shown once stored). */
export function ApiAuthFields({
  form,
  existing,
  onChange,
}: {
  form: ApiForm;
  existing: AdminApi | null;
  onChange(change: Partial<ApiForm>): void;
}) {
  const stored = existing?.secret;
  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Text size="sm" fw={600} id="api-auth-type">
          Authentication
        </Text>
        <SegmentedControl
          aria-labelledby="api-auth-type"
          value={form.authType}
          onChange={(value) => onChange({ authType: value as AuthType })}
          data={[
            { value: 'none', label: 'None' },
            { value: 'header', label: 'Header' },
            { value: 'query', label: 'Query parameter' },
            { value: 'basic', label: 'Basic auth' },
          ]}
        />
        <Text size="xs" c="dimmed">
          Gatehouse adds the credential to every call and removes any the caller sent; callers never hold it.
        </Text>
      </Stack>
      {form.authType === 'header' && (
        <Group grow align="flex-start">
          <TextInput
            label="Header"
            value={form.headerName}
            onChange={(event) => onChange({ headerName: event.currentTarget.value.trim() })}
          />
          <TextInput
            label="Value template"
            description="{{secret}} is replaced by the credential."
            value={form.headerTemplate}
            onChange={(event) => onChange({ headerTemplate: event.currentTarget.value })}
          />
        </Group>
      )}
      {form.authType === 'query' && (
        <TextInput
          label="Query parameter"
          value={form.queryName}
          onChange={(event) => onChange({ queryName: event.currentTarget.value })}
        />
      )}
      {form.authType === 'basic' && (
        <TextInput
          label="User name"
          description="Not secret; the password is the credential below."
          value={form.basicUser}
          onChange={(event) => onChange({ basicUser: event.currentTarget.value })}
        />
      )}
      {form.authType !== 'none' && (
        <Stack gap="xs">
          <Stack gap={4}>
            <Text size="sm" fw={600} id="api-secret-source">
              Keep the credential in
            </Text>
            <SegmentedControl
              aria-labelledby="api-secret-source"
              value={form.secretSource}
              onChange={(value) => onChange({ secretSource: value as SecretSource })}
              data={[
                { value: 'keychain', label: 'The OS keychain' },
                { value: 'env', label: 'An environment variable' },
              ]}
            />
          </Stack>
          {form.secretSource === 'keychain' ? (
            <PasswordInput
              label={stored?.stored ? 'Replace the stored credential' : 'Credential'}
              description={
                stored?.stored
                  ? `A credential is stored${stored.hint ? ` (ending ${stored.hint})` : ''}. Leave empty to keep it.`
                  : 'Write-only: it goes to the OS keychain and is never shown again.'
              }
              autoComplete="off"
              value={form.secretValue}
              onChange={(event) => onChange({ secretValue: event.currentTarget.value })}
            />
          ) : (
            <TextInput
              label="Environment variable"
              description="For headless servers: the gateway reads the credential from this variable when it calls."
              placeholder="GITHUB_TOKEN"
              leftSection={<Text size="xs">env:</Text>}
              value={form.envName}
              onChange={(event) => onChange({ envName: event.currentTarget.value.trim() })}
            />
          )}
        </Stack>
      )}
    </Stack>
  );
}
