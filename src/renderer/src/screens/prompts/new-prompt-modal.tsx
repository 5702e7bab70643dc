import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { errorText } from '../../lib/error-text';
import { usePromptsStore } from '../../stores/prompts-store';
import { slugFrom } from './slug-from';

const SLUG = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Names a new prompt; its first version is written next, in the editor. */
export function NewPromptModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose(): void;
  onCreated(slug: string): void;
}) {
  const createPrompt = usePromptsStore((state) => state.createPrompt);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    setName('');
    setSlug('');
    setSlugEdited(false);
    setDescription('');
    setError(null);
  }, [opened]);

  const slugProblem =
    slug === '' || SLUG.test(slug)
      ? null
      : 'Lowercase letters, digits, "-" and "_", starting with a letter or digit.';
  const save = async () => {
    if (!name.trim() || !slug || slugProblem) {
      setError(!name.trim() ? 'Give the prompt a name.' : (slugProblem ?? 'Give the prompt a slug.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await createPrompt({ slug, name: name.trim(), description: description.trim() || undefined });
      onCreated(slug);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New prompt" size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <TextInput
            label="Name"
            placeholder="Support reply"
            value={name}
            data-autofocus
            onChange={(event) => {
              const next = event.currentTarget.value;
              setName(next);
              if (!slugEdited) setSlug(slugFrom(next));
            }}
          />
          <TextInput
            label="Slug"
            description={
              <>
                What callers write: <code>prompt:{slug || 'support-reply'}@production</code>. It cannot change
                later.
              </>
            }
            placeholder="support-reply"
            value={slug}
            error={slugProblem}
            onChange={(event) => {
              setSlugEdited(true);
              setSlug(event.currentTarget.value.trim().toLowerCase());
            }}
          />
          <Textarea
            label="Description"
            placeholder="What the prompt is for and who calls it (optional)"
            autosize
            minRows={2}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          {error && (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create and write version 1
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
