import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion } from '../../helpers/mock-openai';
import { startHarness, type Harness } from '../../helpers/gateway-harness';

describe('admin logs and cost API', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    const usage = { prompt_tokens: 100_000, completion_tokens: 10_000, total_tokens: 110_000 };
    harness.mock.chat = { kind: 'json', body: chatCompletion('ok', usage) };
    for (let index = 0; index < 5; index += 1) {
      await harness.client.chat.completions.create({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'x' }],
      });
    }
    for (let index = 0; index < 3; index += 1) {
      await harness.client.chat.completions.create({
        model: 'local/llama3',
        messages: [{ role: 'user', content: 'x' }],
      });
    }
    await harness.client.chat.completions
      .create({ model: 'nosuch/x', messages: [{ role: 'user', content: 'x' }] })
      .catch(() => undefined);
    harness.gateway.services.logWriter.flush();
  });
  afterAll(async () => harness.stop());

  // Loose on purpose: the assertions below check the shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = Record<string, any>;
  const getJson = async (path: string): Promise<{ status: number; body: Json }> => {
    const response = await harness.admin(path);
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('filters by provider, model and status, and pages with a cursor without gaps', async () => {
    expect((await getJson('/admin/logs?provider=openai')).body.items).toHaveLength(5);
    expect((await getJson('/admin/logs?model=llama3')).body.items).toHaveLength(3);
    expect((await getJson('/admin/logs?status=404')).body.items).toHaveLength(1);
    expect((await getJson('/admin/logs?key=test-script')).body.items).toHaveLength(9);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await getJson(`/admin/logs?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('list rows leave out bodies; the detail has them', async () => {
    const { body } = await getJson('/admin/logs?provider=openai&limit=1');
    expect(body.items[0]).not.toHaveProperty('requestBody');
    const detail = await getJson(`/admin/logs/${body.items[0].id}`);
    expect(JSON.parse(detail.body.requestBody)).toMatchObject({ model: 'openai/gpt-4o-mini' });
    expect(JSON.parse(detail.body.responseBody)).toMatchObject({ object: 'chat.completion' });
  });

  it('sums costs per provider and per day; unpriced models are counted, not priced at 0', async () => {
    const { body } = await getJson('/admin/stats/costs?groupBy=provider');
    const openai = body.rows.find((row: { group: string }) => row.group === 'openai');
    // 5 × (100k × $0.15/M + 10k × $0.60/M) = 5 × $0.021
    expect(openai.costUsd).toBeCloseTo(0.105, 9);
    expect(openai).toMatchObject({
      requests: 5,
      inputTokens: 500_000,
      outputTokens: 50_000,
      unpricedRequests: 0,
    });
    const local = body.rows.find((row: { group: string }) => row.group === 'local');
    expect(local).toMatchObject({ requests: 3, costUsd: 0, unpricedRequests: 3 });
    expect(body.total.requests).toBe(9);

    const byDay = await getJson('/admin/stats/costs?groupBy=day');
    const today = new Date().toISOString().slice(0, 10);
    expect(byDay.body.rows.map((row: { group: string }) => row.group)).toEqual([today]);
    expect(byDay.body.rows[0].costUsd).toBeCloseTo(0.105, 9);
  });

  it('rejects bad queries with 400', async () => {
    expect((await getJson('/admin/stats/costs?groupBy=week')).status).toBe(400);
    expect((await getJson('/admin/stats/costs?from=yesterday')).status).toBe(400);
    expect((await getJson('/admin/logs?limit=100000')).status).toBe(400);
    expect((await getJson('/admin/logs/req_doesnotexist')).status).toBe(404);
  });
});
