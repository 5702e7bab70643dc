import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { LogRecord } from '../../../src/shared/schemas/log-record';
import { LogWriter } from '../../../src/gateway/storage/log-writer';

/** A fresh folder under the OS temp dir for a real database file. */
export function temporaryFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gh-'));
}

/** Time-sortable id, like the gateway's: fixed-width time then a counter. */
export function logId(time: number, sequence = 0): string {
  return `${time.toString(36).padStart(10, '0')}-${sequence.toString(36).padStart(6, '0')}`;
}

export function makeLogRecord(overrides: Partial<LogRecord> & { time: number }, sequence = 0): LogRecord {
  return {
    id: logId(overrides.time, sequence),
    keyName: 'default',
    endpoint: '/v1/chat/completions',
    provider: 'openai',
    model: 'gpt-4o-mini',
    stream: false,
    status: 200,
    outcome: 'ok',
    error: null,
    latencyMs: 120.5,
    ttftMs: null,
    inputTokens: 100,
    outputTokens: 50,
    cachedTokens: 0,
    costUsd: 0.001,
    warnings: null,
    requestBody: '{"model":"gpt-4o-mini"}',
    responseBody: '{"id":"chatcmpl-1"}',
    ...overrides,
  };
}

/** Writes records through the real writer, as the gateway does. */
export function storeLogs(db: Database.Database, records: LogRecord[]): void {
  const writer = new LogWriter(db, { flushIntervalMs: 60_000, maxBatch: 10_000 });
  for (const record of records) writer.write(record);
  writer.close();
}
