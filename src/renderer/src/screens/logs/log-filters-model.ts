import type { LogSummary } from '../../../../shared/schemas/log-record';

/** What the filter bar holds; an empty string means "any". */
export interface LogFilters {
  model: string;
  provider: string;
  key: string;
  prompt: string;
  experiment: string;
  /** ok / error / cancelled, a family like 4xx, or one code like 429. */
  status: string;
  /** Free text, searched by the gateway in ids, names, errors and bodies. */
  q: string;
}

export const emptyFilters: LogFilters = {
  model: '',
  provider: '',
  key: '',
  prompt: '',
  experiment: '',
  status: '',
  q: '',
};

type StatusFilter =
  | { kind: 'any' }
  | { kind: 'outcome'; outcome: 'ok' | 'error' | 'cancelled' }
  | { kind: 'class'; statusClass: '2xx' | '3xx' | '4xx' | '5xx' }
  | { kind: 'code'; status: number }
  | { kind: 'invalid' };

export const statusHint = 'Try ok, error, 4xx or 429';

export function parseStatus(text: string): StatusFilter {
  const value = text.trim().toLowerCase();
  if (value === '') return { kind: 'any' };
  if (value === 'ok' || value === 'error' || value === 'cancelled')
    return { kind: 'outcome', outcome: value };
  if (value === '2xx' || value === '3xx' || value === '4xx' || value === '5xx')
    return { kind: 'class', statusClass: value };
  if (/^[1-5]\d\d$/.test(value)) return { kind: 'code', status: Number(value) };
  return { kind: 'invalid' };
}

/** The admin API's query for these filters (GET /admin/logs). */
export function toQueryParameters(filters: LogFilters): URLSearchParams {
  const parameters = new URLSearchParams();
  for (const name of ['model', 'provider', 'key', 'prompt', 'experiment'] as const) {
    const value = filters[name].trim();
    if (value) parameters.set(name, value);
  }
  const status = parseStatus(filters.status);
  if (status.kind === 'outcome') parameters.set('outcome', status.outcome);
  if (status.kind === 'class') parameters.set('statusClass', status.statusClass);
  if (status.kind === 'code') parameters.set('status', String(status.status));
  const text = filters.q.trim();
  if (text) parameters.set('q', text);
  return parameters;
}

export function hasActiveFilters(filters: LogFilters): boolean {
  return toQueryParameters(filters).size > 0;
}

/**
 * Whether a live record belongs in the filtered list: the same rules as the gateway's query, applied to
 * records arriving over the live tail (which carries bodies, so free text sees them too).
 */
export function matchesFilters(
  record: LogSummary & { requestBody?: string | null; responseBody?: string | null },
  filters: LogFilters,
): boolean {
  const equal = (value: string | null | undefined, wanted: string) =>
    wanted.trim() === '' || value === wanted.trim();
  if (!equal(record.model, filters.model)) return false;
  if (!equal(record.provider, filters.provider)) return false;
  if (!equal(record.keyName, filters.key)) return false;
  if (!equal(record.prompt, filters.prompt)) return false;
  if (!equal(record.experimentId, filters.experiment)) return false;

  const status = parseStatus(filters.status);
  if (status.kind === 'outcome' && record.outcome !== status.outcome) return false;
  if (status.kind === 'code' && record.status !== status.status) return false;
  if (status.kind === 'class' && Math.floor(record.status / 100) !== Number(status.statusClass[0]))
    return false;

  const text = filters.q.trim().toLowerCase();
  if (text === '') return true;
  const haystack = [
    record.id,
    record.model,
    record.provider,
    record.keyName,
    record.endpoint,
    record.route,
    record.error,
    record.warnings,
    record.requestBody,
    record.responseBody,
  ];
  return haystack.some((field) => typeof field === 'string' && field.toLowerCase().includes(text));
}
