import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteList } from '../../../src/shared/schemas/routes';
import { startRoutingHarness, type RoutingHarness } from './routing-harness';

const question = [{ role: 'user' as const, content: 'Hello?' }];

describe('a route with a failing target', () => {
  let harness: RoutingHarness;
  beforeAll(async () => {
    harness = await startRoutingHarness({
      routes: [{ name: 'guarded', targets: [{ model: 'alpha/gpt-4o-mini' }, { model: 'beta/gpt-4o-mini' }] }],
      config: { circuitBreaker: { failureThreshold: 3, coolDownMs: 30_000 } },
    });
  });
  afterAll(async () => harness.stop());

  const ask = async () =>
    (await harness.openai.chat.completions.create({ model: 'guarded', messages: question })).choices[0]
      ?.message.content;
  const circuit = async (target: string) => {
    const list = (await (await harness.admin('/admin/routes')).json()) as RouteList;
    return list.routes[0]?.targets.find((entry) => entry.model === target)?.circuit;
  };

  it('opens the circuit after N failures, skips the target, and closes it after a good probe', async () => {
    harness.alpha.otherwise = { kind: 'status', status: 500 };
    for (let request = 0; request < 3; request += 1) expect(await ask()).toBe('answer from beta');
    expect(harness.alpha.requests).toHaveLength(3);
    expect(await circuit('alpha/gpt-4o-mini')).toMatchObject({ state: 'open', consecutiveFailures: 3 });

    // Open: alpha is not even asked.
    for (let request = 0; request < 3; request += 1) expect(await ask()).toBe('answer from beta');
    expect(harness.alpha.requests).toHaveLength(3);

    // After the cool-down one probe goes to alpha; it is healthy again, so the circuit closes.
    harness.alpha.otherwise = { kind: 'ok' };
    harness.clock.advance(30_000);
    expect(await circuit('alpha/gpt-4o-mini')).toMatchObject({ state: 'half-open' });
    expect(await ask()).toBe('answer from alpha');
    expect(await circuit('alpha/gpt-4o-mini')).toEqual({
      target: 'alpha/gpt-4o-mini',
      state: 'closed',
      consecutiveFailures: 0,
      openedAt: null,
    });
    expect(await ask()).toBe('answer from alpha');
  });

  it('when every target is open, answers 503 with Retry-After at once', async () => {
    harness.alpha.otherwise = { kind: 'status', status: 500 };
    harness.beta.otherwise = { kind: 'status', status: 502 };
    try {
      for (let request = 0; request < 3; request += 1) await ask().catch(() => undefined);
      const before = harness.alpha.requests.length + harness.beta.requests.length;
      const error = (await ask().catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
      expect(error.status).toBe(503);
      expect(error.message).toContain('circuit is open');
      expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(0);
      expect(harness.alpha.requests.length + harness.beta.requests.length).toBe(before);
    } finally {
      harness.alpha.otherwise = { kind: 'ok' };
      harness.beta.otherwise = { kind: 'ok' };
    }
  });

  it('a model named directly is always tried, whatever its circuit says', async () => {
    expect(await circuit('alpha/gpt-4o-mini')).toMatchObject({ state: 'open' });
    const completion = await harness.openai.chat.completions.create({
      model: 'alpha/gpt-4o-mini',
      messages: question,
    });
    expect(completion.choices[0]?.message.content).toBe('answer from alpha');
    // …and its success counts: the circuit closes.
    expect(await circuit('alpha/gpt-4o-mini')).toMatchObject({ state: 'closed' });
  });
});
