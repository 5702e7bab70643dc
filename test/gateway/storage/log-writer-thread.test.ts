import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../src/gateway/storage/database';
import { LogRepository } from '../../../src/gateway/storage/log-repository';
import { LogWriter, maxBatchBodyChars } from '../../../src/gateway/storage/log-writer';
import { makeLogRecord, temporaryFolder } from './make-log-record';

// The thread `gatehouse serve` writes the log on, as bundled by `npm run build` (npm test builds first).
const workerFile = fileURLToPath(new URL('../../../dist/gateway/log-writer-worker.cjs', import.meta.url));
const start = Date.UTC(2026, 10, 1);

function rowCount(db: Database.Database): number {
  return db.prepare('SELECT COUNT(*) FROM logs').pluck().get() as number;
}

function openFileDatabase(): { db: Database.Database; folder: string } {
  if (!fs.existsSync(workerFile)) throw new Error(`${workerFile} is missing: run npm run build:gateway`);
  const folder = temporaryFolder();
  return { db: openDatabase(path.join(folder, 'gatehouse.db')), folder };
}

describe('LogWriter on its own thread', () => {
  it('writes on the thread; flush() returns once every row can be read', () => {
    const { db } = openFileDatabase();
    const writer = new LogWriter(db, { flushIntervalMs: 60_000, maxBatch: 5000, workerFile });
    for (let index = 0; index < 2000; index += 1) writer.write(makeLogRecord({ time: start + index }, index));
    expect(writer.pending).toBe(2000);
    expect(writer.flush()).toBe(2000);
    expect(writer.onOwnThread).toBe(true);
    expect(rowCount(db)).toBe(2000);
    expect(writer.pending).toBe(0);
    const row = db.prepare('SELECT model, cost_usd, request_body FROM logs ORDER BY id LIMIT 1').get();
    expect(row).toEqual({ model: 'gpt-4o-mini', cost_usd: 0.001, request_body: '{"model":"gpt-4o-mini"}' });
    writer.close();
    db.close();
  });

  it('writes on its timer without anyone waiting, full batches first', async () => {
    const { db } = openFileDatabase();
    const writer = new LogWriter(db, { flushIntervalMs: 5, maxBatch: 100, workerFile });
    for (let index = 0; index < 250; index += 1) writer.write(makeLogRecord({ time: start + index }, index));
    // The rows are visible once the thread commits them, a moment before its answer empties `pending`.
    await vi.waitFor(
      () => {
        expect(rowCount(db)).toBe(250);
        expect(writer.pending).toBe(0);
      },
      { timeout: 5000 },
    );
    expect(writer.onOwnThread).toBe(true);
    expect(writer.degraded).toBe(false);
    writer.close();
    db.close();
  });

  // A thousand streams ending together, each with a logged body, once went over as one message as large as
  // the burst, copied whole into the thread's heap.
  it('sends a burst of large bodies in batches of about 1 MiB, one after another without the timer', async () => {
    const { db } = openFileDatabase();
    const sent: unknown[][][] = [];
    const post = MessagePort.prototype.postMessage;
    const spy = vi.spyOn(MessagePort.prototype, 'postMessage').mockImplementation(function (
      this: MessagePort,
      message: unknown,
      ...rest: unknown[]
    ) {
      const request = message as { type?: string; rows?: unknown[][] };
      if (request?.type === 'batch' && request.rows) sent.push(request.rows);
      return post.call(this, message, ...(rest as []));
    });
    try {
      // The timer never fires here: only the full queue starts the writing.
      const writer = new LogWriter(db, { flushIntervalMs: 60_000, maxBatch: 30, workerFile });
      const body = 'x'.repeat(200 * 1024);
      for (let index = 0; index < 30; index += 1) {
        writer.write(makeLogRecord({ time: start + index, responseBody: body }, index));
      }
      await vi.waitFor(() => expect(rowCount(db)).toBe(30), { timeout: 10_000 });
      const bodyChars = (rows: unknown[][]) =>
        rows.flat().reduce<number>((sum, value) => sum + (typeof value === 'string' ? value.length : 0), 0);
      expect(sent.map((rows) => rows.length)).toEqual([5, 5, 5, 5, 5, 5]);
      for (const rows of sent) expect(bodyChars(rows)).toBeLessThan(maxBatchBodyChars + 10_000);
      const lengths = db.prepare('SELECT length(response_body) FROM logs').pluck().all();
      expect(lengths).toEqual(Array(30).fill(body.length));
      writer.close();
    } finally {
      spy.mockRestore();
      db.close();
    }
  });

  it('counts a record SQLite refuses on its own and writes the rest', () => {
    const { db } = openFileDatabase();
    const writer = new LogWriter(db, { flushIntervalMs: 60_000, workerFile });
    writer.write(makeLogRecord({ time: start }, 1));
    writer.write(makeLogRecord({ time: start }, 1));
    writer.write(makeLogRecord({ time: start }, 2));
    expect(writer.flush()).toBe(2);
    expect(writer.rejected).toBe(1);
    expect(writer.onOwnThread).toBe(true);
    expect(writer.lastError).toMatch(/was rejected/);
    expect(rowCount(db)).toBe(2);
    writer.close();
    db.close();
  });

  // Under load the writer thread and the request thread compete for the cores: the scheduler should favour
  // the one serving requests. Linux keeps a nice value per thread, so only the writer's is raised.
  it.runIf(process.platform === 'linux')('runs at a lower priority than the thread serving requests', () => {
    // getpriority of "this process" is the calling thread's on Linux.
    const mine = os.getPriority();
    const { db } = openFileDatabase();
    const writer = new LogWriter(db, { flushIntervalMs: 60_000, workerFile });
    writer.write(makeLogRecord({ time: start }, 1));
    // Answered: the thread is up and has set its priority.
    expect(writer.flush()).toBe(1);
    expect(writer.onOwnThread).toBe(true);
    const niceValues = fs
      .readdirSync('/proc/self/task')
      .map((thread) =>
        Number(fs.readFileSync(`/proc/self/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]),
      );
    // The writer (started from this thread) runs 5 steps lower; this thread is left as it was.
    expect(niceValues).toContain(Math.min(19, mine + 5));
    expect(os.getPriority()).toBe(mine);
    writer.close();
    db.close();
  });

  it('keeps writing on the request thread when its thread cannot start', () => {
    const { db, folder } = openFileDatabase();
    // The thread opens the file by name: with the folder gone it cannot, and ends. The request thread's
    // connection still holds the open file.
    fs.rmSync(folder, { recursive: true, force: true });
    const writer = new LogWriter(db, { flushIntervalMs: 60_000, workerFile });
    for (let index = 0; index < 10; index += 1) writer.write(makeLogRecord({ time: start + index }, index));
    expect(writer.flush()).toBe(10);
    expect(writer.onOwnThread).toBe(false);
    expect(rowCount(db)).toBe(10);
    expect(writer.pending).toBe(0);
    writer.close();
    db.close();
  });
});

describe('a log record with every field set', () => {
  const full = makeLogRecord(
    {
      time: start,
      stream: true,
      status: 502,
      outcome: 'error',
      error: 'Upstream openai answered 502',
      ttftMs: 12.25,
      cachedTokens: 7,
      warnings: 'max_tokens capped\nparam dropped',
      route: 'fast',
      attempts: [
        { provider: 'openai', model: 'gpt-4o-mini', status: 502, latencyMs: 40.5, error: 'Bad gateway' },
        { provider: 'groq', model: 'llama', status: 200, latencyMs: 80, error: null },
      ],
      cacheHit: true,
      prompt: 'greeting',
      promptVersion: 3,
      experimentId: 'exp-1',
      experimentArm: 'b',
      api: 'weather',
      method: 'POST',
      bytesIn: 123,
      bytesOut: 4567,
    },
    9,
  );

  // Rows cross to the writer thread as arrays of values in column order: a field put in the wrong place
  // would land in the wrong column (or be refused by its STRICT type) on one path only.
  it.each([
    ['on the writer thread', workerFile],
    ['on the request thread', null],
  ])('reads back as written, %s', (_where, file) => {
    const { db } = openFileDatabase();
    const writer = new LogWriter(db, { flushIntervalMs: 60_000, workerFile: file });
    writer.write(full);
    expect(writer.flush()).toBe(1);
    expect(writer.onOwnThread).toBe(file !== null);
    expect(writer.rejected).toBe(0);
    expect(new LogRepository(db).get(full.id)).toEqual(full);
    writer.close();
    db.close();
  });
});
