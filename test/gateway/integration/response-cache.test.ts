import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatChunks, chatCompletion } from '../../helpers/mock-openai';
import { GATEWAY_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';
import { parseSse } from '../../helpers/wire-reducers';

describe('the response cache on the real request path', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.stop());

  const ask = (body: Record<string, unknown>, cache = 'on') =>
    fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${GATEWAY_KEY}`,
        'content-type': 'application/json',
        'x-gatehouse-cache': cache,
      },
      body: JSON.stringify({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'cache me' }],
        ...body,
      }),
    });

  it('an identical request hits; changing any one sampling parameter misses; hits cost 0 and say cache_hit', async () => {
    harness.mock.chat = {
      kind: 'json',
      body: chatCompletion('first answer', {
        prompt_tokens: 1000,
        completion_tokens: 100,
        total_tokens: 1100,
      }),
    };
    const calls = () =>
      harness.mock.requests.filter((request) => request.url === '/v1/chat/completions').length;
    const before = calls();
    const first = await ask({ temperature: 0.2 });
    expect(first.headers.get('x-gatehouse-cache')).toBe('miss');
    const firstBody = await first.text();

    harness.mock.chat = { kind: 'json', body: chatCompletion('a different answer') };
    const second = await ask({ temperature: 0.2 });
    expect(second.headers.get('x-gatehouse-cache')).toBe('hit');
    expect(await second.text()).toBe(firstBody);
    expect(calls()).toBe(before + 1);

    for (const change of [
      { temperature: 0.3 },
      { temperature: 0.2, top_p: 0.9 },
      { temperature: 0.2, max_tokens: 50 },
      { temperature: 0.2, seed: 1 },
    ]) {
      const response = await ask(change);
      expect(response.headers.get('x-gatehouse-cache'), JSON.stringify(change)).toBe('miss');
      await response.text();
    }
    expect(calls()).toBe(before + 5);

    const row = await harness.logRow(second.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ cacheHit: true, costUsd: 0, outcome: 'ok' });
    const missRow = await harness.logRow(first.headers.get('x-gatehouse-request-id')!);
    expect(missRow.costUsd).toBeGreaterThan(0);
  });

  it('off bypasses the cache; refresh calls the upstream and stores the new answer', async () => {
    harness.mock.chat = { kind: 'json', body: chatCompletion('fresh') };
    const off = await ask({ temperature: 0.2 }, 'off');
    expect(JSON.parse(await off.text()).choices[0].message.content).toBe('fresh');
    const refresh = await ask({ temperature: 0.2 }, 'refresh');
    expect(refresh.headers.get('x-gatehouse-cache')).toBe('refresh');
    await refresh.text();
    const hit = await ask({ temperature: 0.2 });
    expect(hit.headers.get('x-gatehouse-cache')).toBe('hit');
    expect(JSON.parse(await hit.text()).choices[0].message.content).toBe('fresh');
  });

  it('a cached stream replays with the same events as the original', async () => {
    harness.mock.chat = { kind: 'sse', events: chatChunks(['Once', ' upon', ' a time']) };
    const original = await ask({ stream: true, temperature: 0.7 });
    expect(original.headers.get('x-gatehouse-cache')).toBe('miss');
    const originalEvents = parseSse(await original.text()).map((event) => event.data);
    harness.mock.chat = { kind: 'sse', events: chatChunks(['Something', ' else']) };
    const replay = await ask({ stream: true, temperature: 0.7 });
    expect(replay.headers.get('x-gatehouse-cache')).toBe('hit');
    const replayEvents = parseSse(await replay.text()).map((event) => event.data);
    expect(replayEvents).toEqual(originalEvents);
    expect(replayEvents.join('')).toContain('upon');
  });

  it('a bad cache header is a 400 in OpenAI shape', async () => {
    const response = await ask({}, 'sometimes');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});
