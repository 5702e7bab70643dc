import { NumberInput, SimpleGrid } from '@mantine/core';
import { LIMIT_FIELDS, type LimitsForm } from './limits-form';

/** The four optional limits of a key; an empty field means no limit. */
export function LimitInputs({ form, onChange }: { form: LimitsForm; onChange(form: LimitsForm): void }) {
  return (
    <SimpleGrid cols={2} spacing="sm">
      {LIMIT_FIELDS.map(({ name, label, integer }) => (
        <NumberInput
          key={name}
          label={label}
          placeholder="No limit"
          min={integer ? 1 : 0}
          allowDecimal={!integer}
          decimalScale={integer ? 0 : 2}
          prefix={integer ? undefined : '$'}
          value={form[name]}
          onChange={(value) => onChange({ ...form, [name]: typeof value === 'number' ? value : '' })}
        />
      ))}
    </SimpleGrid>
  );
}
