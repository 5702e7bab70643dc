import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Fault } from '../../helpers/fault-upstream';
import { startRoutingHarness, type RoutingHarness } from './routing-harness';

const question = [{ role: 'user' as const, content: 'Which upstream are you?' }];

describe('a fallback route', () => {
  let harness: RoutingHarness;
  beforeAll(async () => {
    harness = await startRoutingHarness({
      routes: [
        {
          name: 'resilient',
          strategy: 'fallback',
          targets: [
            { model: 'alpha/gpt-4o-mini' },
            { model: 'beta/gpt-4o-mini', params: { temperature: 0.1 } },
          ],
          timeoutMs: 500,
        },
      ],
      // Fallback is under test here, not the breaker: keep it from opening.
      config: { circuitBreaker: { failureThreshold: 1000 } },
    });
  });
  afterAll(async () => harness.stop());
  beforeEach(() => {
    harness.alpha.requests.length = 0;
    harness.beta.requests.length = 0;
    harness.alpha.queue = [];
  });

  const faults: Array<[string, Fault]> = [
    ['a 500', { kind: 'status', status: 500 }],
    ['a 429', { kind: 'status', status: 429, headers: { 'retry-after': '1' } }],
    ['a timeout', { kind: 'hang' }],
    ['a connection reset', { kind: 'reset' }],
  ];

  for (const [what, fault] of faults) {
    it(`falls back on ${what}: the caller gets one clean answer`, async () => {
      harness.alpha.queue = [fault];
      const completion = await harness.openai.chat.completions.create({
        model: 'resilient',
        messages: question,
      });
      expect(completion.choices[0]?.message.content).toBe('answer from beta');
      expect(harness.alpha.requests).toHaveLength(1);
      expect(harness.beta.requests).toHaveLength(1);
    });
  }

  it('does not fall back on a 400: the caller gets the upstream error and beta is never asked', async () => {
    harness.alpha.queue = [{ kind: 'status', status: 400, message: 'messages[0].content is too long' }];
    const error = await harness.openai.chat.completions
      .create({ model: 'resilient', messages: question })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('too long');
    expect(harness.beta.requests).toHaveLength(0);
  });

  it("merges the target's params into the body it receives, and says which target answered", async () => {
    harness.alpha.queue = [{ kind: 'status', status: 503 }];
    const { data, response } = await harness.openai.chat.completions
      .create({ model: 'resilient', messages: question, temperature: 0.9 })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('answer from beta');
    expect(response.headers.get('x-gatehouse-target')).toBe('beta/gpt-4o-mini');
    expect(harness.alpha.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.9 });
    expect(harness.beta.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.1 });
  });

  it('the log row lists each attempt of a request that fell back', async () => {
    harness.alpha.queue = [{ kind: 'status', status: 500, message: 'alpha is down' }];
    const { response } = await harness.openai.chat.completions
      .create({ model: 'resilient', messages: question })
      .withResponse();
    const row = await harness.logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ route: 'resilient', provider: 'beta', model: 'gpt-4o-mini', status: 200 });
    const attempts = row.attempts as Array<Record<string, unknown>>;
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ provider: 'alpha', model: 'gpt-4o-mini', status: 500 });
    expect(String(attempts[0]?.error)).toContain('alpha is down');
    expect(attempts[1]).toMatchObject({ provider: 'beta', model: 'gpt-4o-mini', status: 200, error: null });
    // The list view carries the attempts too, for the GUI.
    const page = (await (await harness.admin('/admin/logs?limit=1')).json()) as {
      items: Array<{ attempts: unknown[] }>;
    };
    expect(page.items[0]?.attempts).toHaveLength(2);
  });

  it('a stream falls back while nothing has reached the caller', async () => {
    harness.alpha.queue = [{ kind: 'reset' }];
    const stream = await harness.openai.chat.completions.create({
      model: 'resilient',
      messages: question,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('answer from beta');
  });

  it('a stream that breaks after its first bytes ends with an error event, without falling back', async () => {
    harness.alpha.queue = [{ kind: 'stream-then-reset', events: 2 }];
    const stream = await harness.openai.chat.completions.create({
      model: 'resilient',
      messages: question,
      stream: true,
    });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(text).toBe('answer');
    expect(harness.beta.requests).toHaveLength(0);
  });

  it('an Anthropic SDK caller gets one clean answer, translated, after a fallback', async () => {
    harness.alpha.queue = [{ kind: 'status', status: 502 }];
    const message = await harness.anthropic.messages.create({
      model: 'resilient',
      max_tokens: 100,
      messages: question,
    });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'answer from beta' })]);
    expect(harness.beta.requests[0]?.body).toMatchObject({ temperature: 0.1 });
  });

  it('an Anthropic SDK stream falls back too', async () => {
    harness.alpha.queue = [{ kind: 'status', status: 429 }];
    const stream = harness.anthropic.messages.stream({
      model: 'resilient',
      max_tokens: 100,
      messages: question,
    });
    expect(await stream.finalText()).toBe('answer from beta');
    expect(harness.alpha.requests).toHaveLength(1);
  });

  it('routes appear in /v1/models', async () => {
    const models = await harness.openai.models.list();
    expect(models.data).toContainEqual(
      expect.objectContaining({ id: 'resilient', owned_by: 'gatehouse-route' }),
    );
  });
});
