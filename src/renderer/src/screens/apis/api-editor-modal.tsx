import {
  Button,
  Divider,
  Group,
  Modal,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AdminApi } from '../../../../shared/schemas/apis';
import { errorText } from '../../lib/error-text';
import { useApisStore } from '../../stores/apis-store';
import { slugFrom } from '../prompts/slug-from';
import { ApiAuthFields } from './api-auth-fields';
import { ApiBehaviourFields } from './api-behaviour-fields';
import { apiConfig, apiProblem, emptyApiForm, formFromApi, type ApiForm } from './api-form';

/** Registers a REST API, or edits one (its slug stays: it is the URL callers use). */
export function ApiEditorModal({
  opened,
  editing,
  onClose,
  onSaved,
}: {
  opened: boolean;
  editing: AdminApi | null;
  onClose(): void;
  onSaved(api: AdminApi, secretError: string | null): void;
}) {
  const save = useApisStore((state) => state.save);
  const [form, setForm] = useState<ApiForm>(emptyApiForm);
  const [slugEdited, setSlugEdited] = useState(false);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    setForm(editing ? formFromApi(editing) : emptyApiForm());
    setSlugEdited(editing !== null);
    setTouched(false);
    setError(null);
  }, [opened, editing]);

  const creating = editing === null;
  const problem = apiProblem(form, creating);
  const update = (change: Partial<ApiForm>) => setForm((current) => ({ ...current, ...change }));

  const submit = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const secret = form.authType !== 'none' && form.secretSource === 'keychain' ? form.secretValue : '';
      const outcome = await save(apiConfig(form), creating, secret);
      onSaved(outcome.api, outcome.secretError);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit API ${editing.slug}` : 'New REST API'}
      size="xl"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <Group grow align="flex-start">
            <TextInput
              label="Name"
              placeholder="GitHub"
              data-autofocus
              value={form.label}
              onChange={(event) => {
                const label = event.currentTarget.value;
                update(slugEdited ? { label } : { label, slug: slugFrom(label).slice(0, 63) });
              }}
            />
            <TextInput
              label="Slug"
              description={`Callers use /apis/${form.slug || 'github'}/…`}
              placeholder="github"
              value={form.slug}
              disabled={!creating}
              onChange={(event) => {
                setSlugEdited(true);
                update({ slug: event.currentTarget.value.trim().toLowerCase() });
              }}
            />
          </Group>
          <Textarea
            label="Base URLs"
            description="One per line. With several, calls are spread over them and a failing one is skipped for a while."
            placeholder="https://api.github.com"
            autosize
            minRows={1}
            value={form.baseUrls}
            onChange={(event) => update({ baseUrls: event.currentTarget.value })}
          />
          <Switch
            label="Enabled"
            description="A disabled API answers 404."
            checked={form.enabled}
            onChange={(event) => update({ enabled: event.currentTarget.checked })}
          />
          <Divider />
          <ApiAuthFields form={form} existing={editing} onChange={update} />
          <Divider />
          <Title order={5}>Behaviour</Title>
          <ApiBehaviourFields form={form} onChange={update} />
          {(error || (touched && problem)) && (
            <Text size="sm" c="red" role="alert">
              {error ?? problem}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {creating ? 'Create API' : 'Save changes'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
