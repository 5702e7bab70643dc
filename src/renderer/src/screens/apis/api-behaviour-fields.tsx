import {
  ActionIcon,
  Button,
  Chip,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { API_METHODS, type ApiMethod } from '../../../../shared/schemas/apis';
import { PlusIcon } from '../../components/icons';
import type { ApiForm } from './api-form';

const numberOrEmpty = (value: string | number): number | '' => (typeof value === 'number' ? value : '');

/** Default headers, timeout, retries, rate limit, caching and the allowed methods. */
export function ApiBehaviourFields({
  form,
  onChange,
}: {
  form: ApiForm;
  onChange(change: Partial<ApiForm>): void;
}) {
  const headers = form.defaultHeaders;
  const setHeader = (index: number, change: Partial<ApiForm['defaultHeaders'][number]>) =>
    onChange({
      defaultHeaders: headers.map((header, at) => (at === index ? { ...header, ...change } : header)),
    });
  return (
    <Stack gap="md">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          Default headers
        </Text>
        {headers.map((header, index) => (
          <Group key={index} gap="xs" wrap="nowrap">
            <TextInput
              aria-label={`Header ${index + 1} name`}
              placeholder="Accept"
              value={header.name}
              onChange={(event) => setHeader(index, { name: event.currentTarget.value.trim() })}
              w={220}
            />
            <TextInput
              aria-label={`Header ${index + 1} value`}
              placeholder="application/json"
              value={header.value}
              onChange={(event) => setHeader(index, { value: event.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Remove header ${index + 1}`}
              onClick={() => onChange({ defaultHeaders: headers.filter((_, at) => at !== index) })}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<PlusIcon size={14} />}
            onClick={() => onChange({ defaultHeaders: [...headers, { name: '', value: '' }] })}
          >
            Add header
          </Button>
          <Text size="xs" c="dimmed">
            Added when the caller does not send them. Not for secrets: use the credential above.
          </Text>
        </Group>
      </Stack>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <NumberInput
          label="Timeout (ms)"
          placeholder="gateway default"
          min={100}
          step={1000}
          value={form.timeoutMs}
          onChange={(value) => onChange({ timeoutMs: numberOrEmpty(value) })}
        />
        <NumberInput
          label="Tries"
          description="GET, HEAD, PUT, DELETE"
          placeholder="2"
          min={1}
          max={10}
          value={form.retryAttempts}
          onChange={(value) => onChange({ retryAttempts: numberOrEmpty(value) })}
        />
        <NumberInput
          label="Retry backoff (ms)"
          placeholder="200"
          min={0}
          value={form.backoffMs}
          onChange={(value) => onChange({ backoffMs: numberOrEmpty(value) })}
        />
        <NumberInput
          label="Rate limit / min"
          placeholder="none"
          min={1}
          value={form.requestsPerMinute}
          onChange={(value) => onChange({ requestsPerMinute: numberOrEmpty(value) })}
        />
      </SimpleGrid>
      <Group align="flex-end" gap="md">
        <Switch
          label="Cache GET responses"
          description="As Cache-Control allows"
          checked={form.cacheEnabled}
          onChange={(event) => onChange({ cacheEnabled: event.currentTarget.checked })}
        />
        <NumberInput
          label="Cache TTL override (s)"
          placeholder="from Cache-Control"
          min={1}
          disabled={!form.cacheEnabled}
          value={form.cacheTtlSeconds}
          onChange={(value) => onChange({ cacheTtlSeconds: numberOrEmpty(value) })}
          w={200}
        />
      </Group>
      <Stack gap={6}>
        <Text size="sm" fw={600} id="api-methods">
          Allowed methods
        </Text>
        <Chip.Group
          multiple
          value={form.allowedMethods}
          onChange={(value) => onChange({ allowedMethods: value as ApiMethod[] })}
        >
          <Group gap={6} role="group" aria-labelledby="api-methods">
            {API_METHODS.map((method) => (
              <Chip key={method} value={method} size="xs">
                {method}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Text size="xs" c="dimmed">
          {form.allowedMethods.length === 0
            ? 'None chosen: every method is allowed.'
            : 'Other methods answer 405.'}
        </Text>
      </Stack>
    </Stack>
  );
}
