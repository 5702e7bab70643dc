import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoutingHarness, type RoutingHarness } from './routing-harness';

describe('routes on every endpoint', () => {
  let harness: RoutingHarness;
  beforeAll(async () => {
    harness = await startRoutingHarness({
      routes: [
        // Anthropic has no embeddings API: the embeddings endpoint skips that target.
        {
          name: 'vectors',
          targets: [{ model: 'claude/claude-sonnet-4-5' }, { model: 'beta/text-embedding-3-small' }],
        },
        { name: 'remembered', targets: [{ model: 'alpha/gpt-4o-mini' }], cache: { ttlSeconds: 60 } },
      ],
      providers: (alpha, beta) => [
        { id: 'alpha', type: 'openai-compatible', baseUrl: alpha.url },
        { id: 'beta', type: 'openai-compatible', baseUrl: beta.url },
        { id: 'claude', type: 'anthropic', baseUrl: alpha.url, apiKey: 'env:ROUTING_KEY' },
      ],
    });
  });
  afterAll(async () => harness.stop());

  it('embeddings skip targets without an embeddings API', async () => {
    const result = await harness.openai.embeddings.create({
      model: 'vectors',
      input: 'hello',
      encoding_format: 'float',
    });
    expect(result.data[0]?.embedding).toEqual([0.5, -0.25]);
    expect(harness.alpha.requests).toHaveLength(0);
    expect(harness.beta.requests[0]?.body).toMatchObject({ model: 'text-embedding-3-small' });
  });

  it("a route's cache setting answers a repeated request from the cache, without an upstream attempt", async () => {
    const ask = () =>
      harness.openai.chat.completions
        .create({ model: 'remembered', messages: [{ role: 'user', content: 'Same question' }] })
        .withResponse();
    const first = await ask();
    const second = await ask();
    expect(second.data.choices[0]?.message.content).toBe('answer from alpha');
    expect(second.response.headers.get('x-gatehouse-cache')).toBe('hit');
    expect(harness.alpha.requests).toHaveLength(1);
    const row = await harness.logRow(second.response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ route: 'remembered', provider: 'alpha' });
    expect(row.attempts).toBeUndefined();
    expect(
      (await harness.logRow(first.response.headers.get('x-gatehouse-request-id')!)).attempts,
    ).toHaveLength(1);
  });
});
