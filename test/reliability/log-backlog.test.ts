import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/gateway/storage/database';
import {
  degradedRetryMs,
  LogWriter,
  maxQueuedBodyChars,
  maxQueuedRecords,
} from '../../src/gateway/storage/log-writer';
import { makeLogRecord } from '../gateway/storage/make-log-record';

// The in-memory backlog that keeps rows while the database refuses writes is bounded twice — in rows and
// in body characters — and is written back in batches small enough not to stall requests.
// (test/gateway/storage/log-writer.test.ts covers the row bound and retrying; this covers the rest.)

const start = Date.UTC(2026, 7, 1);

describe('the degraded log backlog', () => {
  it('drops the oldest bodies, never the rows, when queued bodies pass their bound', () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 60_000 });
    db.pragma('query_only = 1');
    const body = 'b'.repeat(1024 * 1024);
    const count = Math.ceil(maxQueuedBodyChars / (2 * body.length)) + 5;
    for (let index = 0; index < count; index += 1) {
      writer.write(makeLogRecord({ time: start + index, requestBody: body, responseBody: body }, index));
    }
    writer.flush();
    expect(writer.degraded).toBe(true);
    expect(writer.pending).toBe(count);
    expect(writer.dropped).toBe(0);
    expect(writer.bodiesDropped).toBeGreaterThanOrEqual(5);
    expect(writer.queuedBodies).toBeLessThanOrEqual(maxQueuedBodyChars);

    db.pragma('query_only = 0');
    writer.flush();
    const rows = db
      .prepare('SELECT time, request_body IS NULL AS gone FROM logs ORDER BY time')
      .all() as Array<{ time: number; gone: number }>;
    expect(rows).toHaveLength(count);
    // The oldest lost their bodies; the newest kept them.
    expect(rows.slice(0, writer.bodiesDropped).every((row) => row.gone === 1)).toBe(true);
    expect(rows.slice(writer.bodiesDropped).every((row) => row.gone === 0)).toBe(true);
    expect(writer.queuedBodies).toBe(0);
    writer.close();
    db.close();
  });

  it('never changes a record it handed out: live tails and finish callbacks keep their bodies', () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 60_000 });
    db.pragma('query_only = 1');
    const body = 'c'.repeat(maxQueuedBodyChars / 2);
    const first = makeLogRecord({ time: start, requestBody: body, responseBody: body }, 0);
    writer.write(first);
    writer.write(makeLogRecord({ time: start + 1, requestBody: body }, 1));
    expect(writer.bodiesDropped).toBe(1);
    expect(first.requestBody).toBe(body);
    writer.close();
    db.close();
  });

  it('remembers when the degraded spell began, and forgets it on recovery', () => {
    const db = openDatabase(':memory:');
    const writer = new LogWriter(db, { flushIntervalMs: 60_000 });
    db.pragma('query_only = 1');
    writer.write(makeLogRecord({ time: start }));
    const before = Date.now();
    writer.flush();
    const since = writer.degradedSince;
    expect(since).toBeGreaterThanOrEqual(before);
    writer.flush();
    expect(writer.degradedSince).toBe(since);
    db.pragma('query_only = 0');
    writer.flush();
    expect(writer.degradedSince).toBeNull();
    writer.close();
    db.close();
  });

  it('writes a recovered backlog one batch per tick, not all at once', () => {
    vi.useFakeTimers();
    try {
      const db = openDatabase(':memory:');
      const writer = new LogWriter(db, { flushIntervalMs: 50, maxBatch: 500 });
      db.pragma('query_only = 1');
      for (let index = 0; index < 2200; index += 1)
        writer.write(makeLogRecord({ time: start + index }, index));
      expect(writer.degraded).toBe(true);
      db.pragma('query_only = 0');
      vi.advanceTimersByTime(degradedRetryMs);
      expect(writer.degraded).toBe(false);
      expect(writer.pending).toBe(1700);
      vi.advanceTimersByTime(50);
      expect(writer.pending).toBe(1200);
      vi.advanceTimersByTime(150);
      expect(writer.pending).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM logs').pluck().get()).toBe(2200);
      writer.close();
      db.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps at most the documented number of rows', () => {
    expect(maxQueuedRecords).toBe(50_000);
    expect(maxQueuedBodyChars).toBe(64 * 1024 * 1024);
  });
});
