import { Autocomplete, type ComboboxData } from '@mantine/core';
import { useEffect, useState } from 'react';

interface FilterFieldProps {
  label: string;
  placeholder: string;
  value: string;
  suggestions: ComboboxData;
  onApply(value: string): void;
  validate?(value: string): string | null;
  width?: number;
  testId?: string;
  /** A readable name shown next to a suggestion whose value is an id. */
  describe?(value: string): string | undefined;
}

/**
 * A filter that applies when the user picks a suggestion, presses Enter or leaves the field, not on every
 * keystroke: a half-typed model name would otherwise empty the list while they type.
 */
export function FilterField(props: FilterFieldProps): React.JSX.Element {
  const { label, placeholder, value, suggestions, onApply, validate, width = 150, testId, describe } = props;
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const error = validate ? validate(draft) : null;

  const apply = (next: string) => {
    if (validate?.(next)) return;
    if (next.trim() !== value) onApply(next.trim());
  };

  return (
    <Autocomplete
      label={label}
      placeholder={placeholder}
      value={draft}
      data={suggestions}
      limit={30}
      w={width}
      size="xs"
      clearable
      data-testid={testId}
      renderOption={
        describe
          ? ({ option }) => {
              const name = describe(option.value);
              return name ? `${name} · ${option.value}` : option.value;
            }
          : undefined
      }
      error={error}
      onChange={setDraft}
      onOptionSubmit={apply}
      onClear={() => apply('')}
      onBlur={() => apply(draft)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') apply(draft);
        if (event.key === 'Escape') setDraft(value);
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
