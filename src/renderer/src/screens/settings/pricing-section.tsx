import { Button, Group, NumberInput, Select, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ProviderType } from '../../../../shared/schemas/gateway-config';
import type { ProviderPresetView } from '../../../../shared/schemas/provider-catalog';
import type { PricingOverride, SettingsView } from '../../../../shared/schemas/settings';
import { providersApi } from '../../api/providers-api';
import { useAdminResource } from '../../hooks/use-admin-resource';
import { errorText } from '../../lib/error-text';
import { useSettingsStore } from '../../stores/settings-store';
import { SettingsSection } from './settings-section';

const price = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 4,
});

function AddPriceForm({
  presets,
  onAdd,
}: {
  presets: ProviderPresetView[];
  onAdd(override: PricingOverride): Promise<boolean>;
}) {
  const [providerType, setProviderType] = useState<string | null>('openai');
  const [model, setModel] = useState('');
  const [input, setInput] = useState<number | ''>('');
  const [output, setOutput] = useState<number | ''>('');
  const ready = providerType && model && input !== '' && output !== '';
  const add = async () => {
    if (!ready) return;
    const ok = await onAdd({ providerType: providerType as ProviderType, model, input, output });
    if (ok) {
      setModel('');
      setInput('');
      setOutput('');
    }
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void add();
      }}
    >
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Select
          label="Provider type"
          data={presets
            .filter((preset) => preset.priced)
            .map((preset) => ({ value: preset.type, label: preset.label }))}
          value={providerType}
          onChange={setProviderType}
          w={170}
          allowDeselect={false}
        />
        <TextInput
          label="Model"
          placeholder="gpt-4o-mini"
          value={model}
          onChange={(event) => setModel(event.currentTarget.value.trim())}
          style={{ flex: 1 }}
        />
        <NumberInput
          label="Input $/1M"
          min={0}
          decimalScale={4}
          value={input}
          onChange={(value) => setInput(typeof value === 'number' ? value : '')}
          w={120}
        />
        <NumberInput
          label="Output $/1M"
          min={0}
          decimalScale={4}
          value={output}
          onChange={(value) => setOutput(typeof value === 'number' ? value : '')}
          w={120}
        />
        <Button type="submit" disabled={!ready} variant="light">
          Add price
        </Button>
      </Group>
    </form>
  );
}

/** Prices per 1M tokens that replace (or supply) the bundled ones; they apply from the next request. */
export function PricingSection({ view }: { view: SettingsView }) {
  const save = useSettingsStore((state) => state.save);
  const presets = useAdminResource((signal) => providersApi.presets(signal));
  const [error, setError] = useState<string | null>(null);
  const overrides = view.settings.pricingOverrides;
  const labelOf = (type: string) => presets.data?.items.find((preset) => preset.type === type)?.label ?? type;

  const store = async (next: PricingOverride[]) => {
    setError(null);
    try {
      await save({ pricingOverrides: next });
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    }
  };

  return (
    <SettingsSection
      title="Prices"
      description="Your own price for a model, e.g. a negotiated rate or a model the bundled table does not know. Costs of new requests use it; past log entries keep theirs."
    >
      {overrides.length === 0 ? (
        <Text size="sm" c="dimmed">
          No price overrides: costs come from the bundled price table. Models without a known price are logged
          with an unknown cost, never $0.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Provider type</Table.Th>
                <Table.Th>Model</Table.Th>
                <Table.Th ta="right">Input / 1M</Table.Th>
                <Table.Th ta="right">Output / 1M</Table.Th>
                <Table.Th w={90} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overrides.map((override, index) => (
                <Table.Tr key={`${override.providerType}/${override.model}`}>
                  <Table.Td>{labelOf(override.providerType)}</Table.Td>
                  <Table.Td ff="monospace">{override.model}</Table.Td>
                  <Table.Td ta="right" className="gatehouse-numbers">
                    {price.format(override.input)}
                  </Table.Td>
                  <Table.Td ta="right" className="gatehouse-numbers">
                    {price.format(override.output)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      onClick={() => void store(overrides.filter((_, at) => at !== index))}
                      aria-label={`Remove the price of ${override.model}`}
                    >
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AddPriceForm
        presets={presets.data?.items ?? []}
        onAdd={(override) => store([...overrides, override])}
      />
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </SettingsSection>
  );
}
