import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CostStatsRow } from '../../../src/shared/schemas/cost-stats';
import { openDatabase } from '../../../src/gateway/storage/database';
import { LogRepository } from '../../../src/gateway/storage/log-repository';
import { makeLogRecord, storeLogs } from './make-log-record';

let db: Database.Database;
let logs: LogRepository;

beforeEach(() => {
  db = openDatabase(':memory:');
  logs = new LogRepository(db);
});
afterEach(() => db.close());

describe('LogRepository.costStats', () => {
  const at = (iso: string) => Date.parse(iso);
  const base = { requestBody: null, responseBody: null };
  beforeEach(() =>
    storeLogs(db, [
      makeLogRecord({ ...base, time: at('2026-06-30T23:59:59.999Z'), keyName: 'alice', costUsd: 1 }, 0),
      makeLogRecord(
        {
          ...base,
          time: at('2026-07-01T10:00:00Z'),
          keyName: 'alice',
          provider: 'openai',
          model: 'gpt-4o-mini',
          inputTokens: 1000,
          outputTokens: 500,
          cachedTokens: 200,
          costUsd: 0.0004,
        },
        1,
      ),
      makeLogRecord(
        {
          ...base,
          time: at('2026-07-01T23:59:59.999Z'),
          keyName: 'bob',
          provider: 'anthropic',
          model: 'claude-sonnet-4-5',
          inputTokens: 2000,
          outputTokens: 100,
          cachedTokens: 0,
          costUsd: 0.0075,
        },
        2,
      ),
      makeLogRecord(
        {
          ...base,
          time: at('2026-07-02T00:00:00Z'),
          keyName: 'alice',
          provider: 'openai',
          model: 'gpt-4o-mini',
          status: 502,
          outcome: 'error',
          inputTokens: null,
          outputTokens: null,
          cachedTokens: null,
          costUsd: null,
        },
        3,
      ),
      makeLogRecord(
        {
          ...base,
          time: at('2026-07-02T12:00:00Z'),
          keyName: null,
          provider: 'ollama',
          model: 'llama3.2',
          inputTokens: 300,
          outputTokens: 30,
          cachedTokens: null,
          costUsd: null,
        },
        4,
      ),
      makeLogRecord(
        {
          ...base,
          time: at('2026-07-03T08:00:00Z'),
          keyName: 'bob',
          provider: 'openai',
          model: 'gpt-4o',
          status: 499,
          outcome: 'cancelled',
          inputTokens: 100,
          outputTokens: 10,
          cachedTokens: 0,
          costUsd: 0.00035,
        },
        5,
      ),
      makeLogRecord({ ...base, time: at('2026-07-04T00:00:00Z'), keyName: 'alice', costUsd: 1 }, 6),
    ]),
  );

  const range = { from: '2026-07-01', to: '2026-07-04' };
  const row = (group: string, values: Partial<CostStatsRow>): CostStatsRow => ({
    group,
    requests: 1,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    costUsd: 0,
    unpricedRequests: 0,
    ...values,
  });
  // Sums of decimal prices are not exact in binary floating point.
  const approximately = (rows: CostStatsRow[]) =>
    rows.map((r) => ({ ...r, costUsd: expect.closeTo(r.costUsd, 12) }));

  it('groups by UTC day, from inclusive and to exclusive, with a total', () => {
    const stats = logs.costStats(range);
    expect(stats.from).toBe('2026-07-01T00:00:00.000Z');
    expect(stats.to).toBe('2026-07-04T00:00:00.000Z');
    expect(stats.groupBy).toBe('day');
    expect(stats.rows).toEqual(
      approximately([
        row('2026-07-01', {
          requests: 2,
          inputTokens: 3000,
          outputTokens: 600,
          cachedTokens: 200,
          costUsd: 0.0079,
        }),
        row('2026-07-02', {
          requests: 2,
          errors: 1,
          inputTokens: 300,
          outputTokens: 30,
          unpricedRequests: 2,
        }),
        row('2026-07-03', { errors: 1, inputTokens: 100, outputTokens: 10, costUsd: 0.00035 }),
      ]),
    );
    expect(stats.total).toEqual(
      approximately([
        row('total', {
          requests: 5,
          errors: 2,
          inputTokens: 3400,
          outputTokens: 640,
          cachedTokens: 200,
          costUsd: 0.00825,
          unpricedRequests: 2,
        }),
      ])[0],
    );
  });

  it('groups by model, most expensive first', () => {
    expect(logs.costStats({ ...range, groupBy: 'model' }).rows).toEqual(
      approximately([
        row('claude-sonnet-4-5', { inputTokens: 2000, outputTokens: 100, costUsd: 0.0075 }),
        row('gpt-4o-mini', {
          requests: 2,
          errors: 1,
          inputTokens: 1000,
          outputTokens: 500,
          cachedTokens: 200,
          costUsd: 0.0004,
          unpricedRequests: 1,
        }),
        row('gpt-4o', { errors: 1, inputTokens: 100, outputTokens: 10, costUsd: 0.00035 }),
        row('llama3.2', { inputTokens: 300, outputTokens: 30, unpricedRequests: 1 }),
      ]),
    );
  });

  it('groups by provider', () => {
    expect(logs.costStats({ ...range, groupBy: 'provider' }).rows).toEqual(
      approximately([
        row('anthropic', { inputTokens: 2000, outputTokens: 100, costUsd: 0.0075 }),
        row('openai', {
          requests: 3,
          errors: 2,
          inputTokens: 1100,
          outputTokens: 510,
          cachedTokens: 200,
          costUsd: 0.00075,
          unpricedRequests: 1,
        }),
        row('ollama', { inputTokens: 300, outputTokens: 30, unpricedRequests: 1 }),
      ]),
    );
  });

  it('groups by key, naming requests without a key "(none)"', () => {
    expect(logs.costStats({ ...range, groupBy: 'key' }).rows).toEqual(
      approximately([
        row('bob', { requests: 2, errors: 1, inputTokens: 2100, outputTokens: 110, costUsd: 0.00785 }),
        row('alice', {
          requests: 2,
          errors: 1,
          inputTokens: 1000,
          outputTokens: 500,
          cachedTokens: 200,
          costUsd: 0.0004,
          unpricedRequests: 1,
        }),
        row('(none)', { inputTokens: 300, outputTokens: 30, unpricedRequests: 1 }),
      ]),
    );
  });

  it('accepts date-times with an offset', () => {
    const stats = logs.costStats({ from: '2026-07-01T02:00:00+02:00', to: '2026-07-01T12:00:00Z' });
    expect(stats.from).toBe('2026-07-01T00:00:00.000Z');
    expect(stats.total.requests).toBe(1);
  });

  it('covers the last 30 days up to now by default', () => {
    const now = Date.now();
    storeLogs(db, [
      makeLogRecord({ time: now - 24 * 60 * 60 * 1000, costUsd: 0.5 }, 100),
      makeLogRecord({ time: now - 31 * 24 * 60 * 60 * 1000, costUsd: 2 }, 101),
    ]);
    const stats = logs.costStats({});
    expect(stats.total.requests).toBe(1);
    expect(stats.total.costUsd).toBe(0.5);
    expect(Date.parse(stats.to) - Date.parse(stats.from)).toBe(30 * 24 * 60 * 60 * 1000);
  });

  it('rejects dates it cannot read, naming the field', () => {
    expect(() => logs.costStats({ from: 'last week' })).toThrow(/"from" must be an ISO date/);
    expect(() => logs.costStats({ to: '2026-02-30' })).toThrow(/"to" must be an ISO date/);
    expect(() => logs.costStats({ from: '2026-07-05', to: '2026-07-01' })).toThrow(/must not be after/);
  });
});
