import path from 'node:path';
import type { LogRecord } from '../../../src/shared/schemas/log-record';
import { openDatabase } from '../../../src/gateway/storage/database';
import { LogWriter } from '../../../src/gateway/storage/log-writer';
import { DATABASE_FILE } from '../../../src/gateway/start-gateway';

/** An id in the gateway's format (req_ + time + sequence + tag), so seeded rows sort among real ones. */
export function seededId(time: number, sequence: number): string {
  return `req_${time.toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}5eed00`;
}

export function seededRecord(overrides: Partial<LogRecord> & { time: number }, sequence: number): LogRecord {
  const model = overrides.model ?? 'gpt-4o-mini';
  return {
    id: seededId(overrides.time, sequence),
    keyName: 'ci',
    endpoint: '/v1/chat/completions',
    provider: 'openai',
    model,
    stream: false,
    status: 200,
    outcome: 'ok',
    error: null,
    latencyMs: 100 + (sequence % 400),
    ttftMs: null,
    inputTokens: 120,
    outputTokens: 40,
    cachedTokens: 0,
    costUsd: 0.00005,
    warnings: null,
    requestBody: JSON.stringify({
      model,
      messages: [{ role: 'user', content: `seeded question ${sequence}` }],
    }),
    responseBody: JSON.stringify({
      id: `chatcmpl-${sequence}`,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: `seeded answer ${sequence}` } }],
    }),
    ...overrides,
  };
}

/**
 * Writes rows into a data directory's database before the gateway starts, through the gateway's own
 * writer, in one transaction.
 */
export function seedLogRows(dataDir: string, records: LogRecord[]): void {
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  try {
    const writer = new LogWriter(db, { flushIntervalMs: 600_000, maxBatch: 10_000 });
    // The writer flushes every 10,000 (its queue holds at most 50,000); the outer transaction makes it one.
    db.transaction(() => {
      for (const record of records) writer.write(record);
      writer.flush();
    })();
    writer.close();
    if (writer.rejected > 0 || writer.dropped > 0) throw new Error(`seeding failed: ${writer.lastError}`);
  } finally {
    db.close();
  }
}
