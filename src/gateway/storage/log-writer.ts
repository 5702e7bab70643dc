import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { LogRecord } from '../../shared/schemas/log-record';
import { createLogInserter, describeError, toLogRow, type BatchOutcome, type LogRow } from './log-insert';
import type { WorkerReply, WorkerRequest } from './log-writer-protocol';

export interface LogWriterOptions {
  /** How often queued records are written. */
  flushIntervalMs?: number;
  /** A queue this long is written at once, from write(), instead of waiting for the timer. */
  maxBatch?: number;
  /**
   * The bundled log writer thread (dist/gateway/log-writer-worker.cjs): inserts then run there, on a
   * connection of their own to the same file, instead of on the request thread. Without it (the tests, the
   * desktop app's bundle) they run on `db` itself.
   */
  workerFile?: string | null;
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
 * A batch for the writer thread carries about this many body characters at most (and at least one record).
 * A burst of large bodies — a thousand streams ending together — then goes over in several messages, each
 * held twice (serialised, then in the thread's heap) only while it is written, instead of in one message as
 * large as the burst, which grew the thread's heap by tens of MB that it kept (docs/benchmarks.md).
 */
export const maxBatchBodyChars = 1024 * 1024;
/** What fills a queue slot whose record was dropped by an overflow until the slot is cut off. */
const droppedSlot = Object.freeze({}) as LogRecord;
/** A flush() waiting on the writer thread gives up after this long and keeps the batch for later. */
const workerReplyTimeoutMs = 10_000;

/**
 * Batches request logs into SQLite off the request path: write() only queues, a timer writes each
 * batch in one transaction — on a thread of its own when given one. When the database refuses writes (disk
 * full, read-only file) the records stay queued for the next try instead of failing requests.
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
  /**
   * Records before this index in `queue` were dropped when it overflowed; they are cut off in bulk now and
   * then. Splicing each one off the front of a 50,000-record array copied the array on every request.
   */
  private overflowHead = 0;
  private closed = false;
  private retryAt = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly maxBatch: number;
  private readonly insertBatch: (rows: LogRow[]) => BatchOutcome;
  private thread: WriterThread | null = null;
  /** The batch the writer thread is writing; out of the queue, its bodies still counted. */
  private inFlight: { id: number; records: LogRecord[] } | null = null;
  /** The batch in flight was cut short by maxBatchBodyChars: the next one follows its reply at once. */
  private moreReady = false;
  private batchIds = 0;

  constructor(
    private readonly db: Database.Database,
    { flushIntervalMs = 50, maxBatch = 1000, workerFile = null }: LogWriterOptions = {},
  ) {
    this.maxBatch = maxBatch;
    this.insertBatch = createLogInserter(db);
    // The thread starts with the first batch: an idle gateway does not pay for it.
    if (workerFile) {
      this.thread = new WriterThread(
        workerFile,
        db.name,
        (reply) => {
          this.onReply(reply);
          if (this.moreReady && !this.degraded) this.writeSome();
        },
        () => this.onThreadGone(),
      );
    }
    // One batch per tick: catching up on a backlog (after the disk has room again) never blocks for long.
    this.timer = setInterval(() => {
      if (!this.degraded || Date.now() >= this.retryAt) this.writeSome();
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
    const overflow = this.queued - maxQueuedRecords;
    if (overflow > 0) {
      for (let index = this.overflowHead; index < this.overflowHead + overflow; index += 1) {
        this.queuedBodyChars -= bodyChars(this.queue[index]!);
        // The slot is never read again: let the record and its bodies go now, not at the next cut.
        this.queue[index] = droppedSlot;
      }
      this.overflowHead += overflow;
      this.bodylessUpTo = Math.max(0, this.bodylessUpTo - overflow);
      this.dropped += overflow;
      if (this.overflowHead >= 4096) this.cutOverflow();
    }
    if (this.queuedBodyChars > maxQueuedBodyChars) this.dropOldestBodies();
    // While degraded, retries are left to the timer so a failing disk does not slow every request.
    if (this.queued >= this.maxBatch && !this.degraded) this.writeSome();
  }

  /**
   * Writes queued records — all of them, or the oldest `max` — and returns how many were written. Waits
   * for the writer thread, if there is one, so the rows can be read as soon as it returns.
   */
  flush(max: number = Infinity): number {
    if (!this.thread) return this.flushHere(max);
    let written = this.awaitInFlight();
    // Like a write here, one try even while degraded; a refusal ends the flush (the records stay queued).
    while (written < max && this.queued > 0 && this.thread) {
      if (!this.sendBatch(max - written)) break;
      written += this.awaitInFlight();
      if (this.degraded) break;
    }
    // The thread may have died while waiting: what is left is written here.
    if (!this.thread && written < max) written += this.flushHere(max - written);
    return written;
  }

  /** The connection the log is read through (and, without a writer thread, written through). Tests fill the "disk" with PRAGMA max_page_count on it. */
  get database(): Database.Database {
    return this.db;
  }

  /** Body characters waiting in the queue. */
  get queuedBodies(): number {
    return this.queuedBodyChars;
  }

  /** Writes what is queued and stops the timer (and the writer thread). Safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.flush();
    clearInterval(this.timer);
    this.closed = true;
    this.thread?.close();
    this.thread = null;
  }

  /** True while inserts run on the writer thread; false when they run on this thread (none given, or it ended). */
  get onOwnThread(): boolean {
    return this.thread !== null;
  }

  /** Records waiting to be written. */
  get pending(): number {
    return this.queued + (this.inFlight?.records.length ?? 0);
  }

  /** The timer's and a full queue's write: one batch, handed to the writer thread when there is one. */
  private writeSome(): void {
    if (!this.thread) {
      this.flushHere(this.maxBatch);
      return;
    }
    if (!this.inFlight) this.sendBatch(this.maxBatch);
  }

  /** Hands the oldest `max` records to the writer thread; false when there was nothing to send. */
  private sendBatch(max: number): boolean {
    if (this.queued === 0 || !this.thread) return false;
    const records = this.takeBatch(max, maxBatchBodyChars);
    this.moreReady = this.queued > 0 && records.length < max;
    this.batchIds += 1;
    this.inFlight = { id: this.batchIds, records };
    // Sent as rows of values: half the cloning of records on both threads (storage/log-insert.ts).
    if (!this.thread.send({ type: 'batch', id: this.batchIds, rows: records.map(toLogRow) })) {
      this.onThreadGone();
      return false;
    }
    return true;
  }

  /** Blocks until the batch in flight is answered; returns how many of its records were written. */
  private awaitInFlight(): number {
    let written = 0;
    while (this.inFlight && this.thread) {
      const reply = this.thread.waitForReply(workerReplyTimeoutMs);
      if (reply === null) {
        this.onThreadGone();
        break;
      }
      if (reply === 'timed-out') {
        this.onFailure(this.inFlight.records, 'The log writer thread did not answer in time.');
        this.inFlight = null;
        break;
      }
      if (reply) written += this.onReply(reply);
    }
    return written;
  }

  /** Settles a batch the writer thread answered; returns how many of its records were written. */
  private onReply(reply: WorkerReply): number {
    const batch = this.inFlight;
    if (!batch || batch.id !== reply.id) return 0;
    this.inFlight = null;
    if (!reply.ok) {
      this.onFailure(batch.records, reply.error);
      return 0;
    }
    this.onWritten(batch.records, reply);
    return batch.records.length - reply.rejected;
  }

  /** The writer thread exited or could not be reached: its batch comes back and writing continues here. */
  private onThreadGone(): void {
    this.thread = null;
    if (this.inFlight) {
      this.requeue(this.inFlight.records);
      this.inFlight = null;
    }
  }

  /** Writes on this thread, in one transaction. */
  private flushHere(max: number): number {
    if (this.queued === 0) return 0;
    const batch = this.takeBatch(max);
    try {
      const outcome = this.insertBatch(batch.map(toLogRow));
      this.onWritten(batch, outcome);
      return batch.length - outcome.rejected;
    } catch (error) {
      // The transaction rolled back, so none of the batch was written: keep it, ahead of newer records.
      this.onFailure(batch, describeError(error));
      return 0;
    }
  }

  /** Records waiting, not counting those dropped by an overflow and not yet cut off. */
  private get queued(): number {
    return this.queue.length - this.overflowHead;
  }

  private cutOverflow(): void {
    if (this.overflowHead === 0) return;
    this.queue = this.queue.slice(this.overflowHead);
    this.overflowHead = 0;
  }

  /** The oldest records, `max` at most and, given `maxBodyChars`, no more bodies than that past the first. */
  private takeBatch(max: number, maxBodyChars = Infinity): LogRecord[] {
    this.cutOverflow();
    if (maxBodyChars !== Infinity) max = Math.min(max, this.countWithin(max, maxBodyChars));
    const batch = max >= this.queue.length ? this.queue : this.queue.slice(0, max);
    this.queue = batch === this.queue ? [] : this.queue.slice(batch.length);
    this.bodylessUpTo = Math.max(0, this.bodylessUpTo - batch.length);
    return batch;
  }

  /** How many of the oldest records (up to `max`) fit in `maxBodyChars` of bodies; at least one. */
  private countWithin(max: number, maxBodyChars: number): number {
    const end = Math.min(max, this.queue.length);
    let chars = 0;
    for (let index = 0; index < end; index += 1) {
      chars += bodyChars(this.queue[index]!);
      if (chars > maxBodyChars) return Math.max(1, index);
    }
    return end;
  }

  private onWritten(batch: LogRecord[], outcome: BatchOutcome): void {
    this.degraded = false;
    this.degradedSince = null;
    for (const written of batch) this.queuedBodyChars -= bodyChars(written);
    this.rejected += outcome.rejected;
    this.lastError = outcome.rejection;
  }

  private onFailure(batch: LogRecord[], error: string): void {
    this.requeue(batch);
    this.degraded = true;
    this.degradedSince ??= Date.now();
    this.retryAt = Date.now() + degradedRetryMs;
    this.lastError = error;
  }

  /** Puts a batch that was not written back ahead of newer records. */
  private requeue(batch: LogRecord[]): void {
    this.cutOverflow();
    this.queue = batch.concat(this.queue);
    // Its records may still have bodies: the next trim looks from the start again.
    this.bodylessUpTo = 0;
  }

  /** Keeps the backlog's memory bounded: the oldest queued records lose their bodies, never their rows. */
  private dropOldestBodies(): void {
    while (this.queuedBodyChars > maxQueuedBodyChars && this.bodylessUpTo < this.queued) {
      const at = this.overflowHead + this.bodylessUpTo;
      const record = this.queue[at]!;
      const chars = bodyChars(record);
      if (chars > 0) {
        // A copy: the record object was also handed to live tails and finish callbacks.
        this.queue[at] = { ...record, requestBody: null, responseBody: null };
        this.queuedBodyChars -= chars;
        this.bodiesDropped += 1;
      }
      this.bodylessUpTo += 1;
    }
  }
}

/**
 * The writer thread and its reply channel. Replies come as messages (the timer's batches) or are taken
 * synchronously while flush() waits: the thread bumps a shared counter and wakes it after each reply.
 */
class WriterThread {
  private port: MessagePort | null = null;
  /** [0] counts replies (and the thread's end), [1] is 1 once the thread has ended. */
  private readonly counter = new Int32Array(new SharedArrayBuffer(8));
  private alive = true;

  constructor(
    private readonly file: string,
    private readonly databaseFile: string,
    private readonly onReply: (reply: WorkerReply) => void,
    private readonly onExit: () => void,
  ) {}

  send(request: WorkerRequest): boolean {
    if (!this.alive) return false;
    this.port ??= this.start();
    this.port.postMessage(request);
    return true;
  }

  private start(): MessagePort {
    const channel = new MessageChannel();
    const worker = new Worker(this.file, {
      workerData: { file: this.databaseFile, port: channel.port2, signal: this.counter.buffer },
      transferList: [channel.port2],
    });
    channel.port1.on('message', this.onReply);
    // Neither keeps a finished process alive; close() has written everything by then.
    channel.port1.unref();
    worker.unref();
    // An error is followed by 'exit'.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      this.alive = false;
      this.onExit();
    });
    return channel.port1;
  }

  /** The next reply, waiting for it up to `timeoutMs`; null when the thread is gone. */
  waitForReply(timeoutMs: number): WorkerReply | 'timed-out' | null {
    const deadline = Date.now() + timeoutMs;
    if (!this.port) return null;
    for (;;) {
      const seen = Atomics.load(this.counter, 0);
      const message = receiveMessageOnPort(this.port);
      if (message) return message.message as WorkerReply;
      if (!this.alive || Atomics.load(this.counter, 1) === 1) {
        this.alive = false;
        return null;
      }
      const left = deadline - Date.now();
      if (left <= 0) return 'timed-out';
      // Short waits: a thread that dies without answering is noticed within 50 ms.
      Atomics.wait(this.counter, 0, seen, Math.min(left, 50));
    }
  }

  close(): void {
    if (this.alive && this.port) this.port.postMessage({ type: 'close' } satisfies WorkerRequest);
  }
}

function bodyChars(record: LogRecord): number {
  return (record.requestBody?.length ?? 0) + (record.responseBody?.length ?? 0);
}
