import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../src/gateway/storage/database';
import { LogRepository } from '../../../src/gateway/storage/log-repository';
import { degradedRetryMs, LogWriter, maxQueuedRecords } from '../../../src/gateway/storage/log-writer';
import { makeLogRecord, temporaryFolder } from './make-log-record';

const start = Date.UTC(2026, 6, 1);

function rowCount(db: Database.Database): number {
  return db.prepare('SELECT COUNT(*) FROM logs').pluck().get() as number;
}

describe('LogWriter', () => {
  it('queues writes and stores them all in one flush', () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 60_000, maxBatch: 5000 });
    for (let index = 0; index < 1000; index += 1) writer.write(makeLogRecord({ time: start + index }, index));
    expect(rowCount(db)).toBe(0);
    expect(writer.pending).toBe(1000);

    expect(writer.flush()).toBe(1000);
    expect(rowCount(db)).toBe(1000);
    expect(writer.pending).toBe(0);
    writer.close();
    db.close();
  });

  it('writes a full batch at once without waiting for the timer', () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 60_000, maxBatch: 10 });
    for (let index = 0; index < 25; index += 1) writer.write(makeLogRecord({ time: start + index }, index));
    expect(rowCount(db)).toBe(20);
    writer.close();
    expect(rowCount(db)).toBe(25);
    db.close();
  });

  it('flushes on its own timer', async () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 5 });
    writer.write(makeLogRecord({ time: start }));
    await vi.waitFor(() => expect(rowCount(db)).toBe(1));
    writer.close();
    db.close();
  });

  it('keeps every field through close and re-open of the file', () => {
    const file = path.join(temporaryFolder(), 'gatehouse.db');
    const db = openDatabase(file);
    const writer = new LogWriter(db);
    const record = makeLogRecord({
      time: start,
      stream: true,
      ttftMs: 12.25,
      keyName: null,
      cachedTokens: 30,
      costUsd: null,
      status: 502,
      outcome: 'error',
      error: 'Upstream timed out',
    });
    writer.write(record);
    writer.close();
    writer.close();
    db.close();

    const reopened = openDatabase(file);
    expect(new LogRepository(reopened).get(record.id)).toEqual(record);
    reopened.close();
  });

  it('keeps records while the database refuses writes and stores them once it accepts again', () => {
    const db = openDatabase(path.join(temporaryFolder(), 'gatehouse.db'));
    const writer = new LogWriter(db, { flushIntervalMs: 60_000, maxBatch: 3 });
    db.pragma('query_only = 1');

    for (let index = 0; index < 5; index += 1) {
      expect(() => writer.write(makeLogRecord({ time: start + index }, index))).not.toThrow();
    }
    expect(writer.flush()).toBe(0);
    expect(writer.degraded).toBe(true);
    expect(writer.lastError).toMatch(/readonly/i);
    expect(writer.pending).toBe(5);

    db.pragma('query_only = 0');
    writer.write(makeLogRecord({ time: start + 5 }, 5));
    expect(writer.flush()).toBe(6);
    expect(writer.degraded).toBe(false);
    expect(writer.lastError).toBeNull();
    const ids = db.prepare('SELECT id FROM logs ORDER BY id').pluck().all();
    expect(ids).toEqual(
      Array.from({ length: 6 }, (_, index) => makeLogRecord({ time: start + index }, index).id),
    );
    writer.close();
    db.close();
  });

  it('retries on its own timer, less often while the database refuses writes', () => {
    vi.useFakeTimers();
    try {
      const db = openDatabase(':memory:');
      const writer = new LogWriter(db, { flushIntervalMs: 50 });
      db.pragma('query_only = 1');
      writer.write(makeLogRecord({ time: start }));
      vi.advanceTimersByTime(50);
      expect(writer.degraded).toBe(true);

      db.pragma('query_only = 0');
      vi.advanceTimersByTime(degradedRetryMs / 2);
      expect(writer.pending).toBe(1);
      vi.advanceTimersByTime(degradedRetryMs);
      expect(writer.pending).toBe(0);
      expect(writer.degraded).toBe(false);
      expect(rowCount(db)).toBe(1);
      writer.close();
      db.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops the oldest records beyond the queue limit and counts them', () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 60_000 });
    db.pragma('query_only = 1');
    const total = maxQueuedRecords + 7;
    for (let index = 0; index < total; index += 1)
      writer.write(makeLogRecord({ time: start + index }, index));
    expect(writer.degraded).toBe(true);
    expect(writer.pending).toBe(maxQueuedRecords);
    expect(writer.dropped).toBe(7);

    db.pragma('query_only = 0');
    writer.flush();
    const oldest = db.prepare('SELECT MIN(time) FROM logs').pluck().get();
    expect(oldest).toBe(start + 7);
    expect(rowCount(db)).toBe(maxQueuedRecords);
    writer.close();
    db.close();
  });

  it('keeps exactly the newest records, with their bodies counted, through a long overflow', () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 60_000 });
    db.pragma('query_only = 1');
    // Far past the limit: the dropped records are cut off in bulk along the way, never one by one.
    const extra = 10_000;
    for (let index = 0; index < maxQueuedRecords + extra; index += 1)
      writer.write(makeLogRecord({ time: start + index, requestBody: 'abc', responseBody: 'de' }, index));
    expect(writer.pending).toBe(maxQueuedRecords);
    expect(writer.dropped).toBe(extra);
    expect(writer.queuedBodies).toBe(maxQueuedRecords * 5);

    db.pragma('query_only = 0');
    writer.flush();
    const [oldest, newest] = db.prepare('SELECT MIN(time), MAX(time) FROM logs').raw().get() as number[];
    expect(oldest).toBe(start + extra);
    expect(newest).toBe(start + maxQueuedRecords + extra - 1);
    expect(rowCount(db)).toBe(maxQueuedRecords);
    expect(writer.queuedBodies).toBe(0);
    writer.close();
    db.close();
  });

  it('does not let one bad record block the rest of its batch', () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 60_000 });
    const record = makeLogRecord({ time: start });
    writer.write(record);
    writer.write(record);
    writer.write(makeLogRecord({ time: start + 1 }));
    expect(writer.flush()).toBe(2);
    expect(writer.rejected).toBe(1);
    expect(writer.degraded).toBe(false);
    expect(writer.pending).toBe(0);
    expect(rowCount(db)).toBe(2);
    writer.close();
    db.close();
  });

  it('never throws from write when the database is gone', () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 60_000, maxBatch: 1 });
    db.close();
    expect(() => writer.write(makeLogRecord({ time: start }))).not.toThrow();
    expect(writer.degraded).toBe(true);
    expect(writer.pending).toBe(1);
    writer.close();
  });
});
