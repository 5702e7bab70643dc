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
 * Request and response bodies waiting in the queue are held up to this many characters in all; past it the
 * oldest records lose their bodies (the rows themselves are kept, within maxQueuedRecords).
 */
export const maxQueuedBodyChars = 64 * 1024 * 1024;

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
  /** When the current degraded spell began (ms since the epoch); null while writes succeed. */
  degradedSince: number | null = null;
  /** Queued records whose bodies were dropped to keep the backlog within maxQueuedBodyChars. */
  bodiesDropped = 0;

  private queue: LogRecord[] = [];
  private queuedBodyChars = 0;
  /** Records before this index in the queue have no bodies left to drop. */
  private bodylessUpTo = 0;
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
        warnings, attempts, route, cache_hit, prompt, prompt_version, experiment_id, experiment_arm,
        api, method, bytes_in, bytes_out
      ) VALUES (
        @id, @time, @keyName, @endpoint, @provider, @model, @stream, @status, @outcome, @error, @latencyMs,
        @ttftMs, @inputTokens, @outputTokens, @cachedTokens, @costUsd, @requestBody, @responseBody,
        @warnings, @attempts, @route, @cacheHit, @prompt, @promptVersion, @experimentId, @experimentArm,
        @api, @method, @bytesIn, @bytesOut
      )`);
    this.insertBatch = db.transaction((records: LogRecord[]) => {
      for (const record of records) this.insertOne(record);
    });
    // One batch per tick: catching up on a backlog (after the disk has room again) never blocks for long.
    this.timer = setInterval(() => {
      if (!this.degraded || Date.now() >= this.retryAt) this.flush(this.maxBatch);
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
    this.queuedBodyChars += bodyChars(record);
    if (this.queue.length > maxQueuedRecords) {
      const overflow = this.queue.length - maxQueuedRecords;
      for (const gone of this.queue.splice(0, overflow)) this.queuedBodyChars -= bodyChars(gone);
      this.bodylessUpTo = Math.max(0, this.bodylessUpTo - overflow);
      this.dropped += overflow;
    }
    if (this.queuedBodyChars > maxQueuedBodyChars) this.dropOldestBodies();
    // While degraded, retries are left to the timer so a failing disk does not slow every request.
    if (this.queue.length >= this.maxBatch && !this.degraded) this.flush(this.maxBatch);
  }

  /**
   * Writes queued records — all of them, or the oldest `max` — in one transaction. Returns how many
   * records were written.
   */
  flush(max: number = Infinity): number {
    if (this.queue.length === 0) return 0;
    const batch = max >= this.queue.length ? this.queue : this.queue.slice(0, max);
    this.queue = batch === this.queue ? [] : this.queue.slice(batch.length);
    const rejectedBefore = this.rejected;
    try {
      if (!this.db.open) throw new Error('The database connection is closed.');
      this.insertBatch(batch);
      this.degraded = false;
      this.degradedSince = null;
      for (const written of batch) this.queuedBodyChars -= bodyChars(written);
      this.bodylessUpTo = Math.max(0, this.bodylessUpTo - batch.length);
      if (this.rejected === rejectedBefore) this.lastError = null;
      return batch.length - (this.rejected - rejectedBefore);
    } catch (error) {
      // The transaction rolled back, so none of the batch was written: keep it, ahead of newer records.
      this.rejected = rejectedBefore;
      this.queue = batch.concat(this.queue);
      this.degraded = true;
      this.degradedSince ??= Date.now();
      this.retryAt = Date.now() + degradedRetryMs;
      this.lastError = describe(error);
      return 0;
    }
  }

  /** The connection the log is written through. Tests fill the "disk" with PRAGMA max_page_count on it. */
  get database(): Database.Database {
    return this.db;
  }

  /** Body characters waiting in the queue. */
  get queuedBodies(): number {
    return this.queuedBodyChars;
  }

  /** Keeps the backlog's memory bounded: the oldest queued records lose their bodies, never their rows. */
  private dropOldestBodies(): void {
    while (this.queuedBodyChars > maxQueuedBodyChars && this.bodylessUpTo < this.queue.length) {
      const record = this.queue[this.bodylessUpTo]!;
      const chars = bodyChars(record);
      if (chars > 0) {
        // A copy: the record object was also handed to live tails and finish callbacks.
        this.queue[this.bodylessUpTo] = { ...record, requestBody: null, responseBody: null };
        this.queuedBodyChars -= chars;
        this.bodiesDropped += 1;
      }
      this.bodylessUpTo += 1;
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

function bodyChars(record: LogRecord): number {
  return (record.requestBody?.length ?? 0) + (record.responseBody?.length ?? 0);
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
