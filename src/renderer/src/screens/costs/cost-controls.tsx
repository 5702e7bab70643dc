import { Group, SegmentedControl, TextInput } from '@mantine/core';
import { useRef } from 'react';
import { presetDays, rangeProblem, type DayRange } from './cost-range';

interface CostControlsProps {
  preset: number | null;
  range: DayRange;
  onPreset(days: number): void;
  onRange(range: DayRange): void;
}

/** Range presets and a custom range as two date inputs (UTC days). */
export function CostControls(props: CostControlsProps): React.JSX.Element {
  const { preset, range, onPreset, onRange } = props;
  const problem = rangeProblem(range);
  const fromInput = useRef<HTMLInputElement>(null);
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      <SegmentedControl
        aria-label="Date range"
        size="xs"
        value={preset === null ? 'custom' : String(preset)}
        onChange={(value) => {
          // "Custom" is the dates on the right: go there.
          if (value === 'custom') fromInput.current?.focus();
          else onPreset(Number(value));
        }}
        data={[
          ...presetDays.map((days) => ({ value: String(days), label: `${days} days` })),
          { value: 'custom', label: 'Custom' },
        ]}
        data-testid="cost-presets"
      />
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <TextInput
          ref={fromInput}
          type="date"
          label="From (UTC)"
          size="xs"
          w={150}
          value={range.from}
          max={range.to}
          error={problem && problem.includes('start') ? problem : undefined}
          onChange={(event) => onRange({ ...range, from: event.currentTarget.value })}
          data-testid="cost-from"
        />
        <TextInput
          type="date"
          label="To (UTC)"
          size="xs"
          w={150}
          value={range.to}
          min={range.from}
          error={problem && !problem.includes('start') ? problem : undefined}
          onChange={(event) => onRange({ ...range, to: event.currentTarget.value })}
          data-testid="cost-to"
        />
      </Group>
    </Group>
  );
}
