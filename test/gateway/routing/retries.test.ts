import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRoutingHarness, type RoutingHarness } from './routing-harness';

const question = [{ role: 'user' as const, content: 'Are you there?' }];

describe('retries on one target', () => {
  let harness: RoutingHarness;
  beforeAll(async () => {
    harness = await startRoutingHarness({
      routes: [
        {
          name: 'patient',
          targets: [{ model: 'alpha/gpt-4o-mini' }],
          retry: { attempts: 4, backoffMs: 100, maxBackoffMs: 2_000 },
        },
        {
          name: 'hurried',
          targets: [{ model: 'alpha/gpt-4o-mini' }],
          retry: { attempts: 10, backoffMs: 100, maxBackoffMs: 2_000 },
          deadlineMs: 1_000,
        },
        {
          name: 'impatient',
          targets: [{ model: 'alpha/gpt-4o-mini' }, { model: 'beta/gpt-4o-mini' }],
          retry: { attempts: 3, backoffMs: 100, maxBackoffMs: 500 },
        },
      ],
      // Always the top of the jitter range, so the computed waits are exact.
      random: () => 0.999,
      config: { circuitBreaker: { failureThreshold: 1000 } },
    });
  });
  afterAll(async () => harness.stop());
  beforeEach(() => {
    harness.alpha.requests.length = 0;
    harness.beta.requests.length = 0;
    harness.alpha.queue = [];
    harness.clock.sleeps.length = 0;
  });

  it('backs off longer before each retry, then answers', async () => {
    harness.alpha.queue = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'reset' },
    ];
    const completion = await harness.openai.chat.completions.create({ model: 'patient', messages: question });
    expect(completion.choices[0]?.message.content).toBe('answer from alpha');
    expect(harness.alpha.requests).toHaveLength(4);
    // Full jitter below 100, 200, 400 ms.
    expect(harness.clock.sleeps).toEqual([99, 199, 399]);
  });

  it('honours Retry-After', async () => {
    harness.alpha.queue = [
      { kind: 'status', status: 429, headers: { 'retry-after': '1.5' } },
      { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
    ];
    const completion = await harness.openai.chat.completions.create({ model: 'patient', messages: question });
    expect(completion.choices[0]?.message.content).toBe('answer from alpha');
    // 1.5 s as asked; then Retry-After 0 leaves the backoff (199 ms) in charge.
    expect(harness.clock.sleeps).toEqual([1_500, 199]);
  });

  it('the deadline caps the total time: no wait runs past it, and the last error reaches the caller', async () => {
    harness.alpha.otherwise = { kind: 'status', status: 429, headers: { 'retry-after': '0.4' } };
    try {
      const error = await harness.openai.chat.completions
        .create({ model: 'hurried', messages: question })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('0.4');
      // 400 + 400 fit in 1,000 ms; a third 400 would not, so the route gives up after three tries of ten.
      expect(harness.clock.sleeps).toEqual([400, 400]);
      expect(harness.alpha.requests).toHaveLength(3);
    } finally {
      harness.alpha.otherwise = { kind: 'ok' };
    }
  });

  it('a Retry-After beyond maxBackoffMs moves on to the next target at once', async () => {
    harness.alpha.queue = [{ kind: 'status', status: 429, headers: { 'retry-after': '30' } }];
    const completion = await harness.openai.chat.completions.create({
      model: 'impatient',
      messages: question,
    });
    expect(completion.choices[0]?.message.content).toBe('answer from beta');
    expect(harness.clock.sleeps).toEqual([]);
    expect(harness.alpha.requests).toHaveLength(1);
  });

  it('retries a target before falling back, and never retries a 4xx', async () => {
    harness.alpha.queue = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
    ];
    const completion = await harness.openai.chat.completions.create({
      model: 'impatient',
      messages: question,
    });
    expect(completion.choices[0]?.message.content).toBe('answer from beta');
    expect(harness.alpha.requests).toHaveLength(3);
    expect(harness.clock.sleeps).toEqual([99, 199]);

    harness.clock.sleeps.length = 0;
    harness.alpha.queue = [{ kind: 'status', status: 422 }];
    const error = await harness.openai.chat.completions
      .create({ model: 'impatient', messages: question })
      .catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(422);
    expect(harness.clock.sleeps).toEqual([]);
  });

  it('a model named directly is tried once, as before routes existed', async () => {
    harness.alpha.queue = [{ kind: 'status', status: 500 }];
    const error = await harness.openai.chat.completions
      .create({ model: 'alpha/gpt-4o-mini', messages: question })
      .catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(500);
    expect(harness.alpha.requests).toHaveLength(1);
  });
});
