import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatChunks, chatCompletion } from '../../helpers/mock-openai';
import { startHarness, type Harness } from '../../helpers/gateway-harness';

describe('the official openai SDK through the gateway', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => harness.stop());

  it('completes a chat and logs its tokens and cost', async () => {
    harness.mock.chat = {
      kind: 'json',
      body: chatCompletion('Hello there', {
        prompt_tokens: 1000,
        completion_tokens: 500,
        total_tokens: 1500,
      }),
    };
    const { data, response } = await harness.client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello there');
    const upstream = harness.mock.requests.at(-1)!;
    expect(upstream.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(upstream.headers.authorization).toBe('Bearer sk-planted-provider-secret-9f8e7d6c5b4a');

    const id = response.headers.get('x-gatehouse-request-id')!;
    expect(id).toMatch(/^req_/);
    const row = await harness.logRow(id);
    // gpt-4o-mini: $0.15 per 1M input tokens, $0.60 per 1M output tokens (resources/pricing.json).
    expect(row).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      keyName: 'test-script',
      status: 200,
      outcome: 'ok',
      inputTokens: 1000,
      outputTokens: 500,
      stream: false,
    });
    expect(row.costUsd).toBeCloseTo(1000 * 0.15e-6 + 500 * 0.6e-6, 12);
  });

  it('streams a chat with the upstream text, and shows it on the live tail while it happens', async () => {
    const pieces = ['Once', ' upon', ' a', ' time', '.'];
    harness.mock.chat = {
      kind: 'sse',
      events: chatChunks(pieces, { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 }),
      gapMs: 5,
    };

    const tail = await harness.admin('/admin/logs/stream');
    expect(tail.headers.get('content-type')).toContain('text/event-stream');
    const reader = tail.body!.getReader();

    const stream = await harness.client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Tell a story' }],
      stream: true,
    });
    let text = '';
    let sawUsageChunk = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices.length === 0) sawUsageChunk = true;
    }
    expect(text).toBe(pieces.join(''));
    // The gateway asked for usage on the client's behalf and kept that extra chunk to itself.
    expect(sawUsageChunk).toBe(false);
    expect(harness.mock.requests.at(-1)!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });

    const record = await readLogEvent(reader);
    await reader.cancel();
    expect(record).toMatchObject({
      stream: true,
      outcome: 'ok',
      inputTokens: 20,
      outputTokens: 5,
      model: 'gpt-4o-mini',
    });
    expect(record.ttftMs).toBeGreaterThan(0);
    expect(record.costUsd).toBeCloseTo(20 * 0.15e-6 + 5 * 0.6e-6, 12);
  });

  it('passes the usage chunk through when the client asked for it', async () => {
    harness.mock.chat = { kind: 'sse', events: chatChunks(['a', 'b']) };
    const stream = await harness.client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const usages = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
    expect(usages).toEqual([{ prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 }]);
  });

  it('creates embeddings and logs their tokens', async () => {
    const { data, response } = await harness.client.embeddings
      .create({ model: 'openai/text-embedding-3-small', input: 'hello world' })
      .withResponse();
    expect(data.data[0]?.embedding).toEqual([0.5, -0.25, 0.125]);
    const row = await harness.logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ endpoint: '/v1/embeddings', inputTokens: 8, outputTokens: 0, outcome: 'ok' });
    expect(row.costUsd).toBeCloseTo(8 * 0.02e-6, 12);
  });

  it('lists every provider/model, from the provider when it answers and the pricing table when not', async () => {
    const page = await harness.client.models.list();
    const ids = page.data.map((model) => model.id);
    expect(ids).toContain('openai/gpt-4o-mini');
    expect(ids).toContain('local/text-embedding-3-small');
    const model = await harness.client.models.retrieve('openai/gpt-4o-mini');
    expect(model.owned_by).toBe('openai');
  });
});

async function readLogEvent(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<Record<string, unknown>> {
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const match = /event: log\ndata: (.*)\n\n/.exec(buffer);
    if (match) return JSON.parse(match[1]!) as Record<string, unknown>;
  }
  throw new Error(`no log event on the live tail; got ${buffer}`);
}
