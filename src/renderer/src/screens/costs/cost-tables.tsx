import { Button, Group, ScrollArea, Table, Tabs } from '@mantine/core';
import { useState } from 'react';
import type { CostsModel } from './cost-chart-data';
import { toCsv, downloadText } from './cost-csv';
import { formatInteger, formatLatency, formatUsd } from './cost-format';
import type { DayRange } from './cost-range';

type TableView = 'daily' | 'stacked';

function dailyCsv(model: CostsModel): string {
  return toCsv(
    [
      'day',
      'requests',
      'errors',
      'input_tokens',
      'output_tokens',
      'cached_tokens',
      'cost_usd',
      'unpriced_requests',
      'latency_p50_ms',
      'latency_p95_ms',
    ],
    model.daily.map((row) => [
      row.day,
      row.requests,
      row.errors,
      row.inputTokens,
      row.outputTokens,
      row.cachedTokens,
      row.costUsd,
      row.unpricedRequests,
      row.latencyP50Ms,
      row.latencyP95Ms,
    ]),
  );
}

function stackedCsv(model: CostsModel, stackLabel: string): string {
  return toCsv(
    [
      'day',
      stackLabel,
      'requests',
      'errors',
      'input_tokens',
      'output_tokens',
      'cost_usd',
      'unpriced_requests',
    ],
    model.stacked.map((row) => [
      row.group,
      row.stack,
      row.requests,
      row.errors,
      row.inputTokens,
      row.outputTokens,
      row.costUsd,
      row.unpricedRequests,
    ]),
  );
}

/**
 * The numbers behind the charts, as tables (readable by screen readers and tests alike), and the shown
 * table as a CSV download.
 */
export function CostTables(props: { model: CostsModel; stackLabel: string; range: DayRange }) {
  const { model, stackLabel, range } = props;
  const [view, setView] = useState<TableView>('daily');
  const exportCsv = () => {
    const text = view === 'daily' ? dailyCsv(model) : stackedCsv(model, stackLabel);
    const what = view === 'daily' ? 'per-day' : `per-day-${stackLabel}`;
    downloadText(`gatehouse-costs-${what}-${range.from}-to-${range.to}.csv`, text);
  };

  return (
    <Tabs value={view} onChange={(value) => setView((value as TableView | null) ?? 'daily')}>
      <Group justify="space-between" wrap="nowrap">
        <Tabs.List>
          <Tabs.Tab value="daily">Per day</Tabs.Tab>
          <Tabs.Tab value="stacked">Per day and {stackLabel}</Tabs.Tab>
        </Tabs.List>
        <Button size="xs" variant="default" onClick={exportCsv} data-testid="export-csv">
          Export CSV
        </Button>
      </Group>
      <Tabs.Panel value="daily" pt="xs">
        <ScrollArea.Autosize mah={360}>
          <Table striped highlightOnHover stickyHeader fz="sm" data-testid="costs-daily-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day (UTC)</Table.Th>
                <Table.Th ta="right">Requests</Table.Th>
                <Table.Th ta="right">Errors</Table.Th>
                <Table.Th ta="right">Input tokens</Table.Th>
                <Table.Th ta="right">Output tokens</Table.Th>
                <Table.Th ta="right">Cost</Table.Th>
                <Table.Th ta="right">p50</Table.Th>
                <Table.Th ta="right">p95</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...model.daily].reverse().map((row) => (
                <Table.Tr
                  key={row.day}
                  data-day={row.day}
                  data-requests={row.requests}
                  data-cost={row.costUsd}
                  data-input-tokens={row.inputTokens}
                  data-output-tokens={row.outputTokens}
                  data-p50={row.latencyP50Ms}
                  data-p95={row.latencyP95Ms}
                >
                  <Table.Td>{row.day}</Table.Td>
                  <Table.Td ta="right">{formatInteger(row.requests)}</Table.Td>
                  <Table.Td ta="right">{formatInteger(row.errors)}</Table.Td>
                  <Table.Td ta="right">{formatInteger(row.inputTokens)}</Table.Td>
                  <Table.Td ta="right">{formatInteger(row.outputTokens)}</Table.Td>
                  <Table.Td ta="right">{formatUsd(row.costUsd)}</Table.Td>
                  <Table.Td ta="right">{formatLatency(row.latencyP50Ms)}</Table.Td>
                  <Table.Td ta="right">{formatLatency(row.latencyP95Ms)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Tabs.Panel>
      <Tabs.Panel value="stacked" pt="xs">
        <ScrollArea.Autosize mah={360}>
          <Table striped highlightOnHover stickyHeader fz="sm" data-testid="costs-stacked-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Day (UTC)</Table.Th>
                <Table.Th>{stackLabel.charAt(0).toUpperCase() + stackLabel.slice(1)}</Table.Th>
                <Table.Th ta="right">Requests</Table.Th>
                <Table.Th ta="right">Input tokens</Table.Th>
                <Table.Th ta="right">Output tokens</Table.Th>
                <Table.Th ta="right">Cost</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {model.stacked.map((row) => (
                <Table.Tr
                  key={`${row.group} ${row.stack}`}
                  data-day={row.group}
                  data-stack={row.stack}
                  data-requests={row.requests}
                  data-cost={row.costUsd}
                >
                  <Table.Td>{row.group}</Table.Td>
                  <Table.Td>{row.stack}</Table.Td>
                  <Table.Td ta="right">{formatInteger(row.requests)}</Table.Td>
                  <Table.Td ta="right">{formatInteger(row.inputTokens)}</Table.Td>
                  <Table.Td ta="right">{formatInteger(row.outputTokens)}</Table.Td>
                  <Table.Td ta="right">
                    {formatUsd(row.costUsd)}
                    {row.unpricedRequests > 0 ? ` + ${row.unpricedRequests} unpriced` : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Tabs.Panel>
    </Tabs>
  );
}
