import type Database from 'better-sqlite3';
import type {
  CostGroupBy,
  CostStackRow,
  CostStats,
  CostStatsQuery,
  CostStatsRow,
} from '../../shared/schemas/cost-stats';
import type {
  LogAttempt,
  LogOutcome,
  LogPage,
  LogQuery,
  LogRecord,
  LogSummary,
} from '../../shared/schemas/log-record';

export const defaultPageSize = 50;
export const maxPageSize = 500;
const defaultStatsDays = 30;
const dayMs = 24 * 60 * 60 * 1000;

const summaryColumns = `id, time, key_name, endpoint, provider, model, stream, status, outcome, error,
  latency_ms, ttft_ms, input_tokens, output_tokens, cached_tokens, cost_usd, warnings, attempts, route, cache_hit,
  prompt, prompt_version, experiment_id, experiment_arm, api, method, bytes_in, bytes_out`;

// Whitelisted filter columns; the SQL text only ever contains these fixed strings, values are bound.
const filterColumns = {
  model: 'model',
  provider: 'provider',
  status: 'status',
  outcome: 'outcome',
  key: 'key_name',
  prompt: 'prompt',
  experiment: 'experiment_id',
  api: 'api',
} as const;
type Filter = keyof typeof filterColumns;
const filterNames = Object.keys(filterColumns) as Filter[];

// Filters that are not "column = value": a fixed SQL condition, and the values it binds.
const conditionFilters: Record<'statusClass' | 'q', { sql: string; values(value: string): unknown[] }> = {
  statusClass: {
    sql: 'status >= ? AND status < ?',
    values: (statusClass) => [Number(statusClass[0]) * 100, Number(statusClass[0]) * 100 + 100],
  },
  q: {
    sql: `(id || char(10) || COALESCE(model, '') || char(10) || COALESCE(provider, '') || char(10) ||
      COALESCE(key_name, '') || char(10) || endpoint || char(10) || COALESCE(route, '') || char(10) ||
      COALESCE(error, '') || char(10) || COALESCE(warnings, '') || char(10) ||
      COALESCE(request_body, '') || char(10) || COALESCE(response_body, '')) LIKE ? ESCAPE '\\'`,
    values: (text) => [`%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`],
  },
};
type ConditionFilter = keyof typeof conditionFilters;
const conditionFilterNames = Object.keys(conditionFilters) as ConditionFilter[];

// The status and outcome indexes hold only the rare rows (migration 0010). SQLite uses a partial index only
// when the query's WHERE clause contains the index's own condition, so a query for a rare value states it.
const notOkStatus = 'status <> 200';
const notOkOutcome = "outcome <> 'ok'";

/** The partial-index conditions a query implies, so that SQLite can use those indexes for it. */
function impliedConditions(query: LogQuery): string[] {
  const implied: string[] = [];
  const rareStatus =
    (query.status !== undefined && query.status !== 200) ||
    (query.statusClass !== undefined && query.statusClass !== '2xx');
  if (rareStatus) implied.push(notOkStatus);
  if (query.outcome !== undefined && query.outcome !== 'ok') implied.push(notOkOutcome);
  return implied;
}

const groupExpressions: Record<CostGroupBy, string> = {
  day: `strftime('%Y-%m-%d', time / 1000, 'unixepoch')`,
  model: `COALESCE(model, '(none)')`,
  provider: `COALESCE(provider, '(none)')`,
  key: `COALESCE(key_name, '(none)')`,
};

const statsColumns = `COUNT(*) AS requests,
  COALESCE(SUM(outcome != 'ok'), 0) AS errors,
  COALESCE(SUM(input_tokens), 0) AS inputTokens,
  COALESCE(SUM(output_tokens), 0) AS outputTokens,
  COALESCE(SUM(cached_tokens), 0) AS cachedTokens,
  COALESCE(SUM(cost_usd), 0) AS costUsd,
  COALESCE(SUM(cost_usd IS NULL), 0) AS unpricedRequests`;

/** One request as summaries and trends need it (see LogRepository.trafficRows). */
export interface TrafficRow {
  time: number;
  latencyMs: number;
  /** 1 when the outcome was not ok (an error or a cancellation). */
  failed: number;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
}

interface SummaryRow {
  id: string;
  time: number;
  key_name: string | null;
  endpoint: string;
  provider: string | null;
  model: string | null;
  stream: number;
  status: number;
  outcome: LogOutcome;
  error: string | null;
  latency_ms: number;
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens: number | null;
  cost_usd: number | null;
  warnings: string | null;
  attempts: string | null;
  route: string | null;
  cache_hit: number;
  prompt: string | null;
  prompt_version: number | null;
  experiment_id: string | null;
  experiment_arm: string | null;
  api: string | null;
  method: string | null;
  bytes_in: number | null;
  bytes_out: number | null;
}

interface RecordRow extends SummaryRow {
  request_body: string | null;
  response_body: string | null;
}

/** Reads the request log: single records, filtered pages, and cost totals. */
export class LogRepository {
  private readonly getStatement: Database.Statement<[string], RecordRow>;
  /** One statement per combination of filters, prepared the first time it is used. */
  private readonly listStatements = new Map<string, Database.Statement<unknown[], SummaryRow>>();
  private readonly statsStatements: Record<CostGroupBy, Database.Statement<[number, number], CostStatsRow>>;
  private readonly totalStatement: Database.Statement<[number, number], Omit<CostStatsRow, 'group'>>;
  private deleteStatement: Database.Statement<[number, number]> | undefined;
  private trafficStatement: Database.Statement<[number, number], TrafficRow> | undefined;
  /** Latency and stacked breakdowns, built on first use from groupExpressions (so new groupings work too). */
  private readonly breakdownStatements = new Map<string, Database.Statement<number[], never>>();

  constructor(private readonly db: Database.Database) {
    this.getStatement = db.prepare(
      `SELECT ${summaryColumns}, request_body, response_body FROM logs WHERE id = ?`,
    );
    const range = 'WHERE time >= ? AND time < ?';
    const stats = (groupBy: CostGroupBy, order: string) =>
      db.prepare<[number, number], CostStatsRow>(
        `SELECT ${groupExpressions[groupBy]} AS "group", ${statsColumns} FROM logs ${range} GROUP BY 1 ORDER BY ${order}`,
      );
    this.statsStatements = {
      day: stats('day', '1'),
      model: stats('model', 'costUsd DESC, 1'),
      provider: stats('provider', 'costUsd DESC, 1'),
      key: stats('key', 'costUsd DESC, 1'),
    };
    this.totalStatement = db.prepare(`SELECT ${statsColumns} FROM logs ${range}`);
  }

  /**
   * Deletes rows that started before `time` (log retention), a batch per statement so the log writer,
   * which shares this connection, never waits long. Returns how many rows went.
   */
  deleteOlderThan(time: number, batchSize = 5000): number {
    this.deleteStatement ??= this.db.prepare(
      'DELETE FROM logs WHERE rowid IN (SELECT rowid FROM logs WHERE time < ? LIMIT ?)',
    );
    let deleted = 0;
    // Bounded: at most 10,000 batches per sweep; the next sweep continues.
    for (let batch = 0; batch < 10_000; batch += 1) {
      const { changes } = this.deleteStatement.run(time, batchSize);
      deleted += changes;
      if (changes < batchSize) break;
    }
    return deleted;
  }

  /** Time, latency, failure, cost and tokens of every row in [from, to), for summaries and trends. */
  trafficRows(from: number, to: number): IterableIterator<TrafficRow> {
    this.trafficStatement ??= this.db.prepare(
      `SELECT time, latency_ms AS latencyMs, outcome != 'ok' AS failed, cost_usd AS costUsd,
        input_tokens AS inputTokens, output_tokens AS outputTokens
        FROM logs WHERE time >= ? AND time < ?`,
    );
    return this.trafficStatement.iterate(from, to);
  }

  get(id: string): LogRecord | undefined {
    const row = this.getStatement.get(id);
    if (!row) return undefined;
    return { ...toSummary(row), requestBody: row.request_body, responseBody: row.response_body };
  }

  /** Newest first. Pass the previous page's nextCursor as cursor to continue. */
  list(query: LogQuery = {}): LogPage {
    const requested = Number.isFinite(query.limit) ? Math.trunc(query.limit as number) : defaultPageSize;
    const limit = Math.min(Math.max(requested, 1), maxPageSize);
    const active = filterNames.filter((name) => query[name] !== undefined);
    const values: unknown[] = active.map((name) => query[name]);
    const conditions = conditionFilterNames.filter((name) => query[name] !== undefined);
    for (const name of conditions) values.push(...conditionFilters[name].values(String(query[name])));
    if (query.cursor !== undefined) values.push(query.cursor);
    // One row past the page tells whether another page exists, without a COUNT.
    values.push(limit + 1);

    const rows = this.listStatement(
      active,
      query.cursor !== undefined,
      conditions,
      impliedConditions(query),
    ).all(...values);
    const items = rows.slice(0, limit).map(toSummary);
    const nextCursor = rows.length > limit ? (items.at(-1)?.id ?? null) : null;
    return { items, nextCursor };
  }

  costStats(query: CostStatsQuery = {}): CostStats {
    const groupBy = query.groupBy ?? 'day';
    const to = query.to === undefined ? Date.now() : parseInstant(query.to, 'to');
    const from = query.from === undefined ? to - defaultStatsDays * dayMs : parseInstant(query.from, 'from');
    if (from > to) throw new Error(`"from" (${query.from}) must not be after "to" (${query.to ?? 'now'}).`);

    const rows = this.statsStatements[groupBy].all(from, to);
    const total = this.totalStatement.get(from, to);
    const stats: CostStats = {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      groupBy,
      rows,
      total: { group: 'total', ...(total as Omit<CostStatsRow, 'group'>) },
    };
    if (query.withLatency) this.addLatency(stats, from, to);
    if (query.stackBy) stats.stacked = this.stackedStatement(groupBy, query.stackBy).all(from, to);
    return stats;
  }

  /** Nearest-rank p50/p95 of every request's latency, per group and overall. */
  private addLatency(stats: CostStats, from: number, to: number): void {
    const percentiles = this.latencyStatement(stats.groupBy).all(from, to, from, to);
    const byGroup = new Map(percentiles.map((row) => [row.group, row]));
    for (const row of [...stats.rows, stats.total]) {
      const found = byGroup.get(row === stats.total ? '\u0000total' : row.group);
      if (found) Object.assign(row, { latencyP50Ms: found.p50, latencyP95Ms: found.p95 });
    }
  }

  private latencyStatement(groupBy: CostGroupBy) {
    const ranked = (group: string) => `SELECT ${group} AS "group", latency_ms,
      ROW_NUMBER() OVER (PARTITION BY ${group} ORDER BY latency_ms) AS position,
      COUNT(*) OVER (PARTITION BY ${group}) AS size
      FROM logs WHERE time >= ? AND time < ?`;
    // The total is ranked as one more partition, named so that no real group can collide with it.
    const sql = `SELECT "group",
      MIN(CASE WHEN position >= 0.5 * size THEN latency_ms END) AS p50,
      MIN(CASE WHEN position >= 0.95 * size THEN latency_ms END) AS p95
      FROM (${ranked(groupExpressions[groupBy])} UNION ALL ${ranked(`char(0) || 'total'`)}) GROUP BY "group"`;
    return this.breakdownStatement<{ group: string; p50: number; p95: number }>(sql);
  }

  private stackedStatement(groupBy: CostGroupBy, stackBy: NonNullable<CostStatsQuery['stackBy']>) {
    const sql = `SELECT ${groupExpressions[groupBy]} AS "group", ${groupExpressions[stackBy]} AS stack,
      ${statsColumns} FROM logs WHERE time >= ? AND time < ? GROUP BY 1, 2 ORDER BY 1, costUsd DESC, 2`;
    return this.breakdownStatement<CostStackRow>(sql);
  }

  private breakdownStatement<Row>(sql: string): Database.Statement<number[], Row> {
    let statement = this.breakdownStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare<number[], never>(sql);
      this.breakdownStatements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<number[], Row>;
  }

  private listStatement(
    active: Filter[],
    hasCursor: boolean,
    conditionNames: ConditionFilter[] = [],
    implied: string[] = [],
  ): Database.Statement<unknown[], SummaryRow> {
    const cacheKey = `${active.join(',')}|${hasCursor}|${conditionNames.join(',')}|${implied.join(',')}`;
    let statement = this.listStatements.get(cacheKey);
    if (!statement) {
      const conditions = active.map((name) => `${filterColumns[name]} = ?`);
      conditions.push(...conditionNames.map((name) => conditionFilters[name].sql), ...implied);
      if (hasCursor) conditions.push('id < ?');
      const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
      statement = this.db.prepare(`SELECT ${summaryColumns} FROM logs ${where} ORDER BY id DESC LIMIT ?`);
      this.listStatements.set(cacheKey, statement);
    }
    return statement;
  }
}

function toSummary(row: SummaryRow): LogSummary {
  return {
    id: row.id,
    time: row.time,
    keyName: row.key_name,
    endpoint: row.endpoint,
    provider: row.provider,
    model: row.model,
    stream: row.stream === 1,
    status: row.status,
    outcome: row.outcome,
    error: row.error,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedTokens: row.cached_tokens,
    costUsd: row.cost_usd,
    warnings: row.warnings,
    // Absent rather than null/empty, like a record that never had them (rows from before migration 0004).
    route: row.route ?? undefined,
    attempts: parseAttempts(row.attempts),
    ...(row.cache_hit === 1 ? { cacheHit: true } : {}),
    // Absent for requests that used no prompt or experiment, like rows from before migration 0007.
    ...(row.prompt !== null ? { prompt: row.prompt } : {}),
    ...(row.prompt_version !== null ? { promptVersion: row.prompt_version } : {}),
    ...(row.experiment_id !== null ? { experimentId: row.experiment_id } : {}),
    ...(row.experiment_arm !== null ? { experimentArm: row.experiment_arm } : {}),
    // Absent for rows from before migration 0008; method is set on every newer row, the rest on REST API calls.
    ...(row.api !== null ? { api: row.api } : {}),
    ...(row.method !== null ? { method: row.method } : {}),
    ...(row.bytes_in !== null ? { bytesIn: row.bytes_in } : {}),
    ...(row.bytes_out !== null ? { bytesOut: row.bytes_out } : {}),
  };
}

// Written by LogWriter as a JSON array, or NULL when the request made no upstream attempt.
function parseAttempts(text: string | null): LogAttempt[] | undefined {
  if (text === null) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as LogAttempt[]) : undefined;
  } catch {
    return undefined;
  }
}

// Date.parse alone accepts "March 7" and reads zone-less date-times as local time; the stats are in
// UTC days, so only ISO forms are accepted and a missing zone means UTC.
const isoInstant =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Parses an ISO date or date-time into ms since the epoch, or throws an Error naming the field. */
export function parseInstant(value: string, field: string): number {
  const match = isoInstant.exec(value.trim());
  const time = match ? Date.parse(withZone(value.trim(), match)) : Number.NaN;
  if (!match || Number.isNaN(time) || !isCalendarDate(match)) {
    throw new Error(
      `"${field}" must be an ISO date (2026-07-24) or date-time (2026-07-24T12:00:00Z); got "${value}".`,
    );
  }
  return time;
}

function withZone(value: string, match: RegExpExecArray): string {
  if (match[4] === undefined) return `${value}T00:00:00Z`;
  const normalized = value.replace(' ', 'T');
  return match[7] === undefined ? `${normalized}Z` : normalized;
}

// Date.parse rolls 2026-02-30 over to March 2 instead of failing, so check the calendar date on its own.
function isCalendarDate(match: RegExpExecArray): boolean {
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
