import { Button, FileButton, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiOperationList } from '../../../../shared/schemas/apis';
import { errorText } from '../../lib/error-text';
import { apisApi } from './apis-api';

/** Paste (or open) an OpenAPI 3 document, JSON or YAML; its operations then list under the API. */
export function OpenApiImportModal({
  slug,
  opened,
  onClose,
  onImported,
}: {
  slug: string;
  opened: boolean;
  onClose(): void;
  onImported(list: ApiOperationList): void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setText('');
      setError(null);
    }
  }, [opened]);

  const submit = async () => {
    if (!text.trim()) return setError('Paste the document first.');
    setBusy(true);
    setError(null);
    try {
      onImported(await apisApi.importOpenApi(slug, text));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Import OpenAPI for ${slug}`} size="xl">
      <Stack gap="sm">
        <Textarea
          label="OpenAPI 3 document"
          description="JSON or YAML. It replaces the API's current document."
          placeholder={
            'openapi: 3.0.0\ninfo:\n  title: My API\n  version: "1"\npaths:\n  /items:\n    get:\n      summary: List items'
          }
          autosize
          minRows={10}
          maxRows={20}
          value={text}
          data-autofocus
          onChange={(event) => setText(event.currentTarget.value)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        />
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        <Group justify="space-between">
          <FileButton
            onChange={(file) => void file?.text().then(setText)}
            accept=".json,.yaml,.yml,application/json"
          >
            {(props) => (
              <Button variant="default" {...props}>
                Open a file…
              </Button>
            )}
          </FileButton>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={() => void submit()} loading={busy}>
              Import
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
