import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/gateway/storage/database';
import { LogRepository } from '../../../src/gateway/storage/log-repository';
import { chatCompletion } from '../../helpers/mock-openai';
import { startHarness, type Harness } from '../../helpers/gateway-harness';
import { makeLogRecord, storeLogs } from '../storage/make-log-record';

describe('LogRepository.list: free text and status family', () => {
  let db: Database.Database;
  let logs: LogRepository;
  const time = Date.parse('2026-07-01T10:00:00Z');
  beforeEach(() => {
    db = openDatabase(':memory:');
    logs = new LogRepository(db);
    storeLogs(db, [
      makeLogRecord({ time, requestBody: '{"messages":[{"content":"Tell me about Zebras"}]}' }, 0),
      makeLogRecord({ time, status: 429, outcome: 'error', error: 'Rate limit reached' }, 1),
      makeLogRecord({ time, status: 502, outcome: 'error', error: 'upstream 100% down_now' }, 2),
      makeLogRecord({ time, model: 'claude-sonnet-4-5', provider: 'anthropic', route: 'smart' }, 3),
      makeLogRecord({ time, warnings: 'temperature was dropped', responseBody: null, requestBody: null }, 4),
    ]);
  });
  afterEach(() => db.close());

  const ids = (query: Parameters<LogRepository['list']>[0]) => logs.list(query).items.map((item) => item.id);
  const idOf = (sequence: number) => makeLogRecord({ time }, sequence).id;

  it('finds text in bodies, errors, warnings and names, ignoring case', () => {
    expect(ids({ q: 'zebras' })).toEqual([idOf(0)]);
    expect(ids({ q: 'RATE LIMIT' })).toEqual([idOf(1)]);
    expect(ids({ q: 'temperature' })).toEqual([idOf(4)]);
    expect(ids({ q: 'smart' })).toEqual([idOf(3)]);
    expect(ids({ q: 'anthropic' })).toEqual([idOf(3)]);
    expect(ids({ q: idOf(2) })).toEqual([idOf(2)]);
    expect(ids({ q: 'nothing like this' })).toEqual([]);
  });

  it('takes % and _ literally', () => {
    expect(ids({ q: '100%' })).toEqual([idOf(2)]);
    expect(ids({ q: 'down_now' })).toEqual([idOf(2)]);
    expect(ids({ q: '%' })).toEqual([idOf(2)]);
    expect(ids({ q: 'down_n_w' })).toEqual([]);
  });

  it('filters by status family and combines with the other filters and the cursor', () => {
    expect(ids({ statusClass: '5xx' })).toEqual([idOf(2)]);
    expect(ids({ statusClass: '4xx' })).toEqual([idOf(1)]);
    expect(ids({ statusClass: '2xx' })).toEqual([idOf(4), idOf(3), idOf(0)]);
    expect(ids({ statusClass: '2xx', model: 'gpt-4o-mini', q: 'e' })).toEqual([idOf(4), idOf(0)]);
    const first = logs.list({ statusClass: '2xx', limit: 1 });
    expect(first.nextCursor).toBe(idOf(4));
    expect(ids({ statusClass: '2xx', cursor: first.nextCursor!, limit: 1 })).toEqual([idOf(3)]);
  });
});

describe('GET /admin/logs?q=&statusClass=', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    harness.mock.chat = { kind: 'json', body: chatCompletion('The capital of France is Paris') };
    await harness.client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
    });
    harness.mock.chat = { kind: 'json', body: { error: { message: 'overloaded' } }, status: 503 };
    await harness.client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] })
      .catch(() => undefined);
    harness.gateway.services.logWriter.flush();
  });
  afterAll(async () => harness.stop());

  const items = async (query: string) => {
    const response = await harness.admin(`/admin/logs?${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Array<{ status: number }> }).items;
  };

  it('searches what the caller sent and what the upstream answered', async () => {
    expect(await items(`q=${encodeURIComponent('capital of france')}`)).toHaveLength(1);
    expect(await items('q=Paris')).toHaveLength(1);
    expect(await items('q=overloaded')).toMatchObject([{ status: 503 }]);
  });

  it('filters by status family, and refuses one it does not know', async () => {
    expect(await items('statusClass=5xx')).toMatchObject([{ status: 503 }]);
    expect(await items('statusClass=2xx')).toMatchObject([{ status: 200 }]);
    const refused = await harness.admin('/admin/logs?statusClass=6xx');
    expect(refused.status).toBe(400);
    const tooLong = await harness.admin(`/admin/logs?q=${'x'.repeat(201)}`);
    expect(tooLong.status).toBe(400);
  });
});
