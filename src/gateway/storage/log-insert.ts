import type Database from 'better-sqlite3';
import type { LogRecord } from '../../shared/schemas/log-record';

/** What one batch did besides the rows written: records SQLite refused on their own (never retried). */
export interface BatchOutcome {
  rejected: number;
  /** Why the last refused record was refused. */
  rejection: string | null;
}

/**
 * A log record as the values of its columns, in `logColumns` order, not yet checked. Batches cross to the
 * writer thread in this form: an array of plain values clones in about half the time of an object with
 * thirty named fields, on both threads, and the insert binds it as it is.
 */
export type LogRow = unknown[];

/** The record's values in column order: field reads only, the checks run where the row is inserted. */
export function toLogRow(record: LogRecord): LogRow {
  return [
    record.id,
    record.time,
    record.keyName,
    record.endpoint,
    record.provider,
    record.model,
    record.stream,
    record.status,
    record.outcome,
    record.error,
    record.latencyMs,
    record.ttftMs,
    record.inputTokens,
    record.outputTokens,
    record.cachedTokens,
    record.costUsd,
    record.requestBody,
    record.responseBody,
    record.warnings,
    record.attempts,
    record.route,
    record.cacheHit,
    record.prompt,
    record.promptVersion,
    record.experimentId,
    record.experimentArm,
    record.api,
    record.method,
    record.bytesIn,
    record.bytesOut,
  ];
}

/**
 * Writes batches of log rows in one transaction each, on whatever connection it is given: the request
 * thread's own in the desktop app and the tests, the log writer thread's in `gatehouse serve`. Throws when
 * the database refuses the transaction (disk full, read-only): then nothing of the batch was written.
 */
export function createLogInserter(db: Database.Database): (rows: LogRow[]) => BatchOutcome {
  // Positional parameters: binding 30 named ones from an object per row took about a third of the insert.
  const insert = db.prepare(
    `INSERT INTO logs (${logColumns.map(([name]) => name).join(', ')}) VALUES (${logColumns.map(() => '?').join(', ')})`,
  );
  const transaction = db.transaction((rows: LogRow[]): BatchOutcome => {
    const outcome: BatchOutcome = { rejected: 0, rejection: null };
    for (const row of rows) {
      try {
        // The row is this batch's own copy (cloned from the request thread, or made for this insert).
        for (let index = 0; index < logColumns.length; index += 1)
          row[index] = logColumns[index]![1](row[index]);
        insert.run(row);
      } catch (error) {
        // One bad record must not block every later log forever; the database itself is fine.
        if (!isRecordError(error)) throw error;
        outcome.rejected += 1;
        outcome.rejection = `Log record ${String(row[0])} was rejected: ${describeError(error)}`;
      }
    }
    return outcome;
  });
  return (rows) => {
    if (!db.open) throw new Error('The database connection is closed.');
    return transaction(rows);
  };
}

type SqlValue = string | number | null;

// The columns in LogRow order, each with its check. SQLite binds neither booleans nor undefined: convert
// here so a sloppy caller cannot poison a batch.
const logColumns: ReadonlyArray<readonly [column: string, value: (value: unknown) => SqlValue]> = [
  ['id', text],
  ['time', integer],
  ['key_name', text],
  ['endpoint', text],
  ['provider', text],
  ['model', text],
  ['stream', flag],
  ['status', integer],
  ['outcome', text],
  ['error', text],
  ['latency_ms', real],
  ['ttft_ms', real],
  ['input_tokens', integer],
  ['output_tokens', integer],
  ['cached_tokens', integer],
  ['cost_usd', real],
  ['request_body', text],
  ['response_body', text],
  ['warnings', text],
  [
    'attempts',
    (attempts) => (Array.isArray(attempts) && attempts.length > 0 ? JSON.stringify(attempts) : null),
  ],
  ['route', text],
  ['cache_hit', flag],
  ['prompt', text],
  ['prompt_version', integer],
  ['experiment_id', text],
  ['experiment_arm', text],
  ['api', text],
  ['method', text],
  ['bytes_in', integer],
  ['bytes_out', integer],
];

function flag(value: unknown): number {
  return value ? 1 : 0;
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function real(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null;
}

function isRecordError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG')
  );
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
