import { useEffect, useState } from 'react';
import type { SettingsPatch, SettingsView } from '../../../../shared/schemas/settings';
import { errorText } from '../../lib/error-text';
import { useSettingsStore } from '../../stores/settings-store';

/** Local edits of some settings fields, saved together; reset whenever the saved values change. */
export function useSectionForm<Form extends object>(
  view: SettingsView,
  toForm: (view: SettingsView) => Form,
  toPatch: (form: Form) => SettingsPatch,
  savedMessage: (view: SettingsView) => string,
) {
  const save = useSettingsStore((state) => state.save);
  const [form, setForm] = useState<Form>(() => toForm(view));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const initial = JSON.stringify(toForm(view));
  // Re-synced only when the saved values change, not on every render with an equal object.
  useEffect(() => setForm(JSON.parse(initial) as Form), [initial]);
  const dirty = JSON.stringify(form) !== initial;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await save(toPatch(form));
      setSaved(savedMessage(next));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setForm(JSON.parse(initial) as Form);
    setError(null);
  };
  return { form, setForm, dirty, busy, error, saved, submit, reset };
}
