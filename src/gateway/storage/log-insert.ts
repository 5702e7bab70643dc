import type Database from 'better-sqlite3';
import type { LogRecord } from '../../shared/schemas/log-record';

/** What one batch did besides the rows written: records SQLite refused on their own (never retried). */
export interface BatchOutcome {
  rejected: number;
  /** Why the last refused record was refused. */
  rejection: string | null;
}

/**
 * Writes batches of log records in one transaction each, on whatever connection it is given: the request
 * thread's own in the desktop app and the tests, the log writer thread's in `gatehouse serve`. Throws when
 * the database refuses the transaction (disk full, read-only): then nothing of the batch was written.
 */
export function createLogInserter(db: Database.Database): (records: LogRecord[]) => BatchOutcome {
  // Positional parameters: binding 30 named ones from an object per row took about a third of the insert.
  const insert = db.prepare(
    `INSERT INTO logs (${columns.map(([name]) => name).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const transaction = db.transaction((records: LogRecord[]): BatchOutcome => {
    const outcome: BatchOutcome = { rejected: 0, rejection: null };
    for (const record of records) {
      try {
        insert.run(columns.map(([, value]) => value(record)));
      } catch (error) {
        // One bad record must not block every later log forever; the database itself is fine.
        if (!isRecordError(error)) throw error;
        outcome.rejected += 1;
        outcome.rejection = `Log record ${String(record.id)} was rejected: ${describeError(error)}`;
      }
    }
    return outcome;
  });
  return (records) => {
    if (!db.open) throw new Error('The database connection is closed.');
    return transaction(records);
  };
}

type SqlValue = string | number | null;

// SQLite binds neither booleans nor undefined: convert here so a sloppy caller cannot poison a batch.
const columns: ReadonlyArray<readonly [column: string, value: (record: LogRecord) => SqlValue]> = [
  ['id', (record) => text(record.id)],
  ['time', (record) => integer(record.time)],
  ['key_name', (record) => text(record.keyName)],
  ['endpoint', (record) => text(record.endpoint)],
  ['provider', (record) => text(record.provider)],
  ['model', (record) => text(record.model)],
  ['stream', (record) => (record.stream ? 1 : 0)],
  ['status', (record) => integer(record.status)],
  ['outcome', (record) => text(record.outcome)],
  ['error', (record) => text(record.error)],
  ['latency_ms', (record) => real(record.latencyMs)],
  ['ttft_ms', (record) => real(record.ttftMs)],
  ['input_tokens', (record) => integer(record.inputTokens)],
  ['output_tokens', (record) => integer(record.outputTokens)],
  ['cached_tokens', (record) => integer(record.cachedTokens)],
  ['cost_usd', (record) => real(record.costUsd)],
  ['request_body', (record) => text(record.requestBody)],
  ['response_body', (record) => text(record.responseBody)],
  ['warnings', (record) => text(record.warnings)],
  [
    'attempts',
    (record) =>
      Array.isArray(record.attempts) && record.attempts.length > 0 ? JSON.stringify(record.attempts) : null,
  ],
  ['route', (record) => text(record.route)],
  ['cache_hit', (record) => (record.cacheHit ? 1 : 0)],
  ['prompt', (record) => text(record.prompt)],
  ['prompt_version', (record) => integer(record.promptVersion)],
  ['experiment_id', (record) => text(record.experimentId)],
  ['experiment_arm', (record) => text(record.experimentArm)],
  ['api', (record) => text(record.api)],
  ['method', (record) => text(record.method)],
  ['bytes_in', (record) => integer(record.bytesIn)],
  ['bytes_out', (record) => integer(record.bytesOut)],
];

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
