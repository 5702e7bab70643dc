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
  const insert = db.prepare(`
    INSERT INTO logs (
      id, time, key_name, endpoint, provider, model, stream, status, outcome, error, latency_ms,
      ttft_ms, input_tokens, output_tokens, cached_tokens, cost_usd, request_body, response_body,
      warnings, attempts, route, cache_hit, prompt, prompt_version, experiment_id, experiment_arm,
      api, method, bytes_in, bytes_out
    ) VALUES (
      @id, @time, @keyName, @endpoint, @provider, @model, @stream, @status, @outcome, @error, @latencyMs,
      @ttftMs, @inputTokens, @outputTokens, @cachedTokens, @costUsd, @requestBody, @responseBody,
      @warnings, @attempts, @route, @cacheHit, @prompt, @promptVersion, @experimentId, @experimentArm,
      @api, @method, @bytesIn, @bytesOut
    )`);
  const transaction = db.transaction((records: LogRecord[]): BatchOutcome => {
    const outcome: BatchOutcome = { rejected: 0, rejection: null };
    for (const record of records) {
      try {
        insert.run(toRow(record));
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

type Row = Record<string, string | number | null>;

// SQLite binds neither booleans nor undefined: convert here so a sloppy caller cannot poison a batch.
function toRow(record: LogRecord): Row {
  return {
    id: text(record.id),
    time: integer(record.time),
    keyName: text(record.keyName),
    endpoint: text(record.endpoint),
    provider: text(record.provider),
    model: text(record.model),
    stream: record.stream ? 1 : 0,
    status: integer(record.status),
    outcome: text(record.outcome),
    error: text(record.error),
    latencyMs: real(record.latencyMs),
    ttftMs: real(record.ttftMs),
    inputTokens: integer(record.inputTokens),
    outputTokens: integer(record.outputTokens),
    cachedTokens: integer(record.cachedTokens),
    costUsd: real(record.costUsd),
    requestBody: text(record.requestBody),
    responseBody: text(record.responseBody),
    warnings: text(record.warnings),
    attempts:
      Array.isArray(record.attempts) && record.attempts.length > 0 ? JSON.stringify(record.attempts) : null,
    route: text(record.route),
    cacheHit: record.cacheHit ? 1 : 0,
    prompt: text(record.prompt),
    promptVersion: integer(record.promptVersion),
    experimentId: text(record.experimentId),
    experimentArm: text(record.experimentArm),
    api: text(record.api),
    method: text(record.method),
    bytesIn: integer(record.bytesIn),
    bytesOut: integer(record.bytesOut),
  };
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
