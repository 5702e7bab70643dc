import type Database from 'better-sqlite3';
import type { LogRecord } from '../../shared/schemas/log-record';

export interface LogWriterOptions {
  /** How often queued records are written. */
  flushIntervalMs?: number;
  /** A queue this long is written at once, from write(), instead of waiting for the timer. */
  maxBatch?: number;
}

/** While the database refuses writes, at most this many records wait; older ones are dropped. */
export const maxQueuedRecords = 50_000;
/** While degraded, the timer retries this often instead of every interval, sparing a failing disk. */
export const degradedRetryMs = 1000;

/**
 * Batches request logs into SQLite off the request path: write() only queues, a timer writes each
 * batch in one transaction. When the database refuses writes (disk full, read-only file) the records
 * stay queued for the next try instead of failing requests.
 */
export class LogWriter {
  /** True while the last attempt to write failed; records are waiting in memory. */
  degraded = false;
  lastError: string | null = null;
  /** Records lost because the queue overflowed while the database refused writes. */
  dropped = 0;
  /** Records SQLite rejected on their own (a duplicate id, a value of the wrong type); never retried. */
  rejected = 0;

  private queue: LogRecord[] = [];
  private closed = false;
  private retryAt = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly maxBatch: number;
  private readonly insert: Database.Statement;
  private readonly insertBatch: (records: LogRecord[]) => void;

  constructor(
    private readonly db: Database.Database,
    { flushIntervalMs = 50, maxBatch = 1000 }: LogWriterOptions = {},
  ) {
    this.maxBatch = maxBatch;
    this.insert = db.prepare(`
      INSERT INTO logs (
        id, time, key_name, endpoint, provider, model, stream, status, outcome, error, latency_ms,
        ttft_ms, input_tokens, output_tokens, cached_tokens, cost_usd, request_body, response_body,
        warnings, attempts, route, cache_hit
      ) VALUES (
        @id, @time, @keyName, @endpoint, @provider, @model, @stream, @status, @outcome, @error, @latencyMs,
        @ttftMs, @inputTokens, @outputTokens, @cachedTokens, @costUsd, @requestBody, @responseBody,
        @warnings, @attempts, @route, @cacheHit
      )`);
    this.insertBatch = db.transaction((records: LogRecord[]) => {
      for (const record of records) this.insertOne(record);
    });
    this.timer = setInterval(() => {
      if (!this.degraded || Date.now() >= this.retryAt) this.flush();
    }, flushIntervalMs);
    // A pending log flush must not keep a finished CLI process alive; close() writes the rest.
    this.timer.unref();
  }

  /** Queues one record. Never throws and never waits for the disk, except to write a full batch. */
  write(record: LogRecord): void {
    if (this.closed) {
      this.dropped += 1;
      return;
    }
    this.queue.push(record);
    if (this.queue.length > maxQueuedRecords) {
      const overflow = this.queue.length - maxQueuedRecords;
      this.queue.splice(0, overflow);
      this.dropped += overflow;
    }
    // While degraded, retries are left to the timer so a failing disk does not slow every request.
    if (this.queue.length >= this.maxBatch && !this.degraded) this.flush();
  }

  /** Writes everything queued in one transaction. Returns how many records were written. */
  flush(): number {
    if (this.queue.length === 0) return 0;
    const batch = this.queue;
    this.queue = [];
    const rejectedBefore = this.rejected;
    try {
      if (!this.db.open) throw new Error('The database connection is closed.');
      this.insertBatch(batch);
      this.degraded = false;
      if (this.rejected === rejectedBefore) this.lastError = null;
      return batch.length - (this.rejected - rejectedBefore);
    } catch (error) {
      // The transaction rolled back, so none of the batch was written: keep it, ahead of newer records.
      this.rejected = rejectedBefore;
      this.queue = batch.concat(this.queue);
      this.degraded = true;
      this.retryAt = Date.now() + degradedRetryMs;
      this.lastError = describe(error);
      return 0;
    }
  }

  /** Writes what is queued and stops the timer. Safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.flush();
    clearInterval(this.timer);
    this.closed = true;
  }

  /** Records waiting to be written. */
  get pending(): number {
    return this.queue.length;
  }

  private insertOne(record: LogRecord): void {
    try {
      this.insert.run(toRow(record));
    } catch (error) {
      // One bad record must not block every later log forever; the database itself is fine.
      if (!isRecordError(error)) throw error;
      this.rejected += 1;
      this.lastError = `Log record ${String(record.id)} was rejected: ${describe(error)}`;
    }
  }
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
