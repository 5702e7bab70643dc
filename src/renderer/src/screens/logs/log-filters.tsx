import { Button, Group, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { FilterField } from './filter-field';
import { hasActiveFilters, parseStatus, statusHint, type LogFilters } from './log-filters-model';
import type { FilterSuggestions } from './logs-api';

const statusSuggestions = [
  { group: 'Outcome', items: ['ok', 'error', 'cancelled'] },
  { group: 'Family', items: ['2xx', '4xx', '5xx'] },
  { group: 'Code', items: ['400', '401', '403', '404', '429', '499', '500', '502', '503', '504'] },
];

interface LogFiltersBarProps {
  filters: LogFilters;
  suggestions: FilterSuggestions;
  onChange(change: Partial<LogFilters>): void;
  onClear(): void;
}

/** Model, provider, status, key, prompt, experiment and free text; the gateway does the filtering. */
export function LogFiltersBar({ filters, suggestions, onChange, onClear }: LogFiltersBarProps) {
  const [text, setText] = useState(filters.q);
  useEffect(() => setText(filters.q), [filters.q]);
  const applyText = useDebouncedCallback((q: string) => onChange({ q }), 250);

  return (
    <Group gap={8} align="flex-end" wrap="wrap" role="search" aria-label="Filter requests">
      <TextInput
        label="Search"
        placeholder="Text in bodies, errors, ids…"
        size="xs"
        w={180}
        value={text}
        maxLength={200}
        data-testid="log-search"
        onChange={(event) => {
          setText(event.currentTarget.value);
          applyText(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            applyText.cancel();
            onChange({ q: text });
          }
        }}
      />
      <FilterField
        label="Model"
        placeholder="Any model"
        value={filters.model}
        suggestions={suggestions.model}
        onApply={(model) => onChange({ model })}
        testId="filter-model"
        width={150}
      />
      <FilterField
        label="Provider"
        placeholder="Any provider"
        value={filters.provider}
        suggestions={suggestions.provider}
        onApply={(provider) => onChange({ provider })}
        testId="filter-provider"
        width={120}
      />
      <FilterField
        label="Status"
        placeholder="ok, error, 4xx, 429…"
        value={filters.status}
        suggestions={statusSuggestions}
        onApply={(status) => onChange({ status })}
        testId="filter-status"
        validate={(value) => (parseStatus(value).kind === 'invalid' ? statusHint : null)}
        width={110}
      />
      <FilterField
        label="Key"
        placeholder="Any key"
        value={filters.key}
        suggestions={suggestions.key}
        onApply={(key) => onChange({ key })}
        testId="filter-key"
        width={110}
      />
      <FilterField
        label="Prompt"
        placeholder="Prompt slug"
        value={filters.prompt}
        suggestions={suggestions.prompt}
        onApply={(prompt) => onChange({ prompt })}
        testId="filter-prompt"
        width={100}
      />
      <FilterField
        label="Experiment"
        placeholder="Experiment id"
        value={filters.experiment}
        suggestions={suggestions.experiment}
        describe={(id) => suggestions.experimentNames[id]}
        onApply={(experiment) => onChange({ experiment })}
        testId="filter-experiment"
        width={100}
      />
      <Button
        size="xs"
        variant="subtle"
        onClick={onClear}
        disabled={!hasActiveFilters(filters)}
        data-testid="clear-filters"
      >
        Clear
      </Button>
    </Group>
  );
}
