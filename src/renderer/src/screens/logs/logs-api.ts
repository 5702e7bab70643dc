import type { CostStats } from '../../../../shared/schemas/cost-stats';
import type { LogPage, LogRecord, LogSummary } from '../../../../shared/schemas/log-record';
import { adminFetch, getConnection, gatewayUrl } from '../../api/admin-fetch';
import type { LogFilters } from './log-filters-model';
import { toQueryParameters } from './log-filters-model';

/** Rows per page: the admin API's maximum, so scrolling through a long log needs few round trips. */
export const logPageSize = 500;

export function fetchLogPage(
  filters: LogFilters,
  cursor: string | null,
  signal: AbortSignal,
): Promise<LogPage> {
  const parameters = toQueryParameters(filters);
  parameters.set('limit', String(logPageSize));
  if (cursor) parameters.set('cursor', cursor);
  return adminFetch<LogPage>(`/admin/logs?${parameters}`, { signal });
}

export function fetchLogRecord(id: string, signal: AbortSignal): Promise<LogRecord> {
  return adminFetch<LogRecord>(`/admin/logs/${encodeURIComponent(id)}`, { signal });
}

/**
 * The live tail's URL. EventSource cannot send headers, so the desktop passes its token in the query
 * string (the gateway keeps query strings out of its own logs); at /ui the session cookie goes along.
 */
export function liveTailUrl(): string {
  const { adminToken } = getConnection();
  const query = adminToken ? `?token=${encodeURIComponent(adminToken)}` : '';
  return gatewayUrl(`/admin/logs/stream${query}`);
}

export interface FilterSuggestions {
  model: string[];
  provider: string[];
  key: string[];
  prompt: string[];
  experiment: string[];
  /** Experiment id → name, to show next to the id the filter needs. */
  experimentNames: Record<string, string>;
}

export const noSuggestions: FilterSuggestions = {
  model: [],
  provider: [],
  key: [],
  prompt: [],
  experiment: [],
  experimentNames: {},
};

/** Models, providers and keys seen in the last 90 days, prompt slugs and experiments: filter suggestions. */
export async function fetchFilterSuggestions(signal: AbortSignal): Promise<FilterSuggestions> {
  const from = new Date(Date.now() - 90 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  const groups = async (groupBy: string) => {
    const stats = await adminFetch<CostStats>(`/admin/stats/costs?groupBy=${groupBy}&from=${from}`, {
      signal,
    });
    return stats.rows.map((row) => row.group).filter((name) => name !== '(none)');
  };
  // Suggestions only: a gateway without prompts or experiments still gets the others.
  const [model, provider, key, prompts, experiments] = await Promise.allSettled([
    groups('model'),
    groups('provider'),
    groups('key'),
    adminFetch<{ items: Array<{ slug: string }> }>('/admin/prompts', { signal }),
    adminFetch<{ items: Array<{ id: string; name: string }> }>('/admin/experiments', { signal }),
  ]);
  const value = <T>(result: PromiseSettledResult<T>, fallback: T): T =>
    result.status === 'fulfilled' ? result.value : fallback;
  const experimentList = value(experiments, { items: [] }).items;
  return {
    model: value(model, []),
    provider: value(provider, []),
    key: value(key, []),
    prompt: value(prompts, { items: [] }).items.map((prompt) => prompt.slug),
    experiment: experimentList.map((experiment) => experiment.id),
    experimentNames: Object.fromEntries(experimentList.map((experiment) => [experiment.id, experiment.name])),
  };
}

/** The list keeps summaries only; bodies are fetched when a row is opened. */
export function toSummary(record: LogRecord | LogSummary): LogSummary {
  if (!('requestBody' in record)) return record;
  const { requestBody: _request, responseBody: _response, ...summary } = record;
  return summary;
}
