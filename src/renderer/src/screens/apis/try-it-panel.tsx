import {
  Badge,
  Button,
  Code,
  Collapse,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { API_METHODS, type ApiMethod, type ApiTryResult } from '../../../../shared/schemas/apis';
import { errorText } from '../../lib/error-text';
import { formatBytes, formatLatency } from '../../lib/format';
import { apisApi } from './apis-api';
import { prettyBody, tryRequest, type TryForm } from './try-request';

function statusColor(status: number): string {
  if (status < 300) return 'teal';
  if (status < 400) return 'blue';
  if (status < 500) return 'orange';
  return 'red';
}

function TryResult({ result }: { result: ApiTryResult }) {
  const [showHeaders, setShowHeaders] = useState(true);
  const headers = Object.entries(result.headers);
  return (
    <Stack gap="xs" aria-label="Response" component="section">
      <Group gap="sm">
        <Badge
          color={statusColor(result.status)}
          size="lg"
          variant="light"
          aria-label={`Status ${result.status}`}
        >
          {result.status}
        </Badge>
        <Text size="sm" className="gatehouse-numbers">
          {formatLatency(result.latencyMs)} · {formatBytes(new TextEncoder().encode(result.body).length)}
          {result.cacheHit ? ' · from cache' : ''}
        </Text>
        <Text size="xs" c="dimmed">
          request {result.requestId} (in Logs)
        </Text>
      </Group>
      <Button
        variant="subtle"
        size="compact-xs"
        w="fit-content"
        onClick={() => setShowHeaders((shown) => !shown)}
        aria-expanded={showHeaders}
      >
        {showHeaders ? 'Hide' : 'Show'} {headers.length} headers
      </Button>
      <Collapse expanded={showHeaders}>
        <Table withTableBorder verticalSpacing={2} fz="xs" aria-label="Response headers">
          <Table.Tbody>
            {headers.map(([name, value]) => (
              <Table.Tr key={name}>
                <Table.Td ff="monospace" w={220}>
                  {name}
                </Table.Td>
                <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                  {value}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Collapse>
      <Code block mah={360} style={{ overflow: 'auto', whiteSpace: 'pre-wrap' }} aria-label="Response body">
        {result.body === '' ? '(empty body)' : prettyBody(result.body, result.headers)}
      </Code>
      {result.bodyTruncated && (
        <Text size="xs" c="dimmed">
          The body is cut at 1 MiB here; callers get all of it.
        </Text>
      )}
    </Stack>
  );
}

/** One call through the gateway, as a caller would make it: credential, cache, retries and log included. */
export function TryItPanel({
  slug,
  form,
  onChange,
}: {
  slug: string;
  form: TryForm;
  onChange(form: TryForm): void;
}) {
  const [result, setResult] = useState<ApiTryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (change: Partial<TryForm>) => onChange({ ...form, ...change });
  const send = async () => {
    const { request, problem } = tryRequest(form);
    if (!request) return setError(problem ?? null);
    setBusy(true);
    setError(null);
    try {
      setResult(await apisApi.tryCall(slug, request));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  const withBody = form.method !== 'GET' && form.method !== 'HEAD';
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Try it">
      <Stack gap="sm">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <Stack gap="sm">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <Select
                label="Method"
                data={[...API_METHODS]}
                value={form.method}
                onChange={(method) => method && update({ method: method as ApiMethod })}
                allowDeselect={false}
                w={120}
              />
              <TextInput
                label="Path and query"
                leftSection={
                  <Text size="xs" c="dimmed" pl={6}>
                    /apis/{slug}
                  </Text>
                }
                leftSectionWidth={Math.min(200, 64 + slug.length * 7)}
                value={form.path}
                onChange={(event) => update({ path: event.currentTarget.value })}
                style={{ flex: 1 }}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <Button type="submit" loading={busy}>
                Send
              </Button>
            </Group>
            <Textarea
              label="Headers"
              description="One per line, Name: value. The API's credential is added by Gatehouse."
              placeholder="Accept: application/json"
              autosize
              minRows={1}
              value={form.headers}
              onChange={(event) => update({ headers: event.currentTarget.value })}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
            />
            {withBody && (
              <Textarea
                label="Body"
                autosize
                minRows={2}
                maxRows={12}
                value={form.body}
                onChange={(event) => update({ body: event.currentTarget.value })}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              />
            )}
          </Stack>
        </form>
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        {result && <TryResult result={result} />}
      </Stack>
    </Paper>
  );
}
