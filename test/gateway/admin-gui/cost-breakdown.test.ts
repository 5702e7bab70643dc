import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/gateway/storage/database';
import { LogRepository } from '../../../src/gateway/storage/log-repository';
import { chatCompletion } from '../../helpers/mock-openai';
import { startHarness, type Harness } from '../../helpers/gateway-harness';
import { makeLogRecord, storeLogs } from '../storage/make-log-record';

describe('LogRepository.costStats: stacked groups and latency percentiles', () => {
  let db: Database.Database;
  let logs: LogRepository;
  const day1 = Date.parse('2026-07-01T10:00:00Z');
  const day2 = Date.parse('2026-07-02T10:00:00Z');
  const range = { from: '2026-07-01', to: '2026-07-03' };
  beforeEach(() => {
    db = openDatabase(':memory:');
    logs = new LogRepository(db);
    let sequence = 0;
    const record = (time: number, model: string, costUsd: number | null, latencyMs: number) =>
      makeLogRecord({ time, model, costUsd, latencyMs, keyName: model === 'a' ? 'alice' : null }, sequence++);
    // Day 1: latencies 1..10 for model a (cost 0.1 each), one slow request of model b.
    const records = Array.from({ length: 10 }, (_, index) => record(day1, 'a', 0.1, index + 1));
    records.push(record(day1, 'b', 0.5, 1000));
    // Day 2: one unpriced request of model b.
    records.push(record(day2, 'b', null, 40));
    storeLogs(db, records);
  });
  afterEach(() => db.close());

  it('splits each day by model, ordered by day then cost, and leaves plain rows as they were', () => {
    const stats = logs.costStats({ ...range, stackBy: 'model' });
    expect(stats.stacked).toEqual([
      expect.objectContaining({
        group: '2026-07-01',
        stack: 'a',
        requests: 10,
        costUsd: expect.closeTo(1, 9),
      }),
      expect.objectContaining({ group: '2026-07-01', stack: 'b', requests: 1, costUsd: 0.5 }),
      expect.objectContaining({
        group: '2026-07-02',
        stack: 'b',
        requests: 1,
        costUsd: 0,
        unpricedRequests: 1,
      }),
    ]);
    expect(stats.rows[0]).not.toHaveProperty('latencyP50Ms');
    expect(logs.costStats(range)).not.toHaveProperty('stacked');
  });

  it('stacks by key, naming requests without one "(none)"', () => {
    const stacked = logs.costStats({ ...range, groupBy: 'day', stackBy: 'key' }).stacked ?? [];
    expect(stacked.map((row) => [row.group, row.stack])).toEqual([
      ['2026-07-01', 'alice'],
      ['2026-07-01', '(none)'],
      ['2026-07-02', '(none)'],
    ]);
  });

  it('adds nearest-rank p50/p95 latency per group and overall', () => {
    const byDay = logs.costStats({ ...range, withLatency: true });
    // Day 1 latencies: 1..10 and 1000 (11 values): p50 = 6th, p95 = 11th.
    expect(byDay.rows).toEqual([
      expect.objectContaining({ group: '2026-07-01', latencyP50Ms: 6, latencyP95Ms: 1000 }),
      expect.objectContaining({ group: '2026-07-02', latencyP50Ms: 40, latencyP95Ms: 40 }),
    ]);
    // All 12: p50 = 6th (6), p95 = 12th (1000).
    expect(byDay.total).toMatchObject({ latencyP50Ms: 6, latencyP95Ms: 1000 });
    const byModel = logs.costStats({ ...range, groupBy: 'model', withLatency: true });
    expect(byModel.rows).toEqual([
      expect.objectContaining({ group: 'a', latencyP50Ms: 5, latencyP95Ms: 10 }),
      expect.objectContaining({ group: 'b', latencyP50Ms: 40, latencyP95Ms: 1000 }),
    ]);
  });

  it('a range without requests has no rows, and a total without percentiles', () => {
    const empty = logs.costStats({
      from: '2025-01-01',
      to: '2025-01-02',
      withLatency: true,
      stackBy: 'provider',
    });
    expect(empty.rows).toEqual([]);
    expect(empty.stacked).toEqual([]);
    expect(empty.total.requests).toBe(0);
    expect(empty.total).not.toHaveProperty('latencyP50Ms');
  });
});

describe('GET /admin/stats/costs?stackBy=&withLatency=', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    harness.mock.chat = { kind: 'json', body: chatCompletion('ok') };
    for (const model of ['openai/gpt-4o-mini', 'openai/gpt-4o-mini', 'local/llama3']) {
      await harness.client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] });
    }
    harness.gateway.services.logWriter.flush();
  });
  afterAll(async () => harness.stop());

  it('answers the stacked breakdown and percentiles the Costs screen draws', async () => {
    const response = await harness.admin('/admin/stats/costs?groupBy=day&stackBy=provider&withLatency=true');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      rows: Array<{ group: string; requests: number; latencyP50Ms: number; latencyP95Ms: number }>;
      stacked: Array<{ group: string; stack: string; requests: number; unpricedRequests: number }>;
    };
    const today = new Date().toISOString().slice(0, 10);
    expect(body.stacked).toEqual([
      expect.objectContaining({ group: today, stack: 'openai', requests: 2 }),
      expect.objectContaining({ group: today, stack: 'local', requests: 1, unpricedRequests: 1 }),
    ]);
    expect(body.rows).toEqual([expect.objectContaining({ group: today, requests: 3 })]);
    const [day] = body.rows;
    expect(day?.latencyP50Ms).toBeGreaterThan(0);
    expect(day?.latencyP95Ms).toBeGreaterThanOrEqual(day?.latencyP50Ms ?? Infinity);
  });

  it('refuses a stack it does not know', async () => {
    expect((await harness.admin('/admin/stats/costs?stackBy=day')).status).toBe(400);
  });
});
