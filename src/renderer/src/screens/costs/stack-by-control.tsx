import { SegmentedControl } from '@mantine/core';
import type { StackBy } from './costs-api';

/** What the cost bars are split by; sits in the cost chart's title row. */
export function StackByControl(props: { value: StackBy; onChange(value: StackBy): void }) {
  return (
    <SegmentedControl
      aria-label="Split costs by"
      size="xs"
      value={props.value}
      onChange={(value) => props.onChange(value as StackBy)}
      data={[
        { value: 'model', label: 'Model' },
        { value: 'provider', label: 'Provider' },
        { value: 'key', label: 'Key' },
      ]}
      data-testid="cost-stack-by"
    />
  );
}
