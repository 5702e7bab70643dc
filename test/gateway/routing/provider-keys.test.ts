import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderKeyList } from '../../../src/shared/schemas/routes';
import { startRoutingHarness, type RoutingHarness } from './routing-harness';

const KEYS = {
  KEY_ONE: 'sk-one-0000000000000000',
  KEY_TWO: 'sk-two-revoked-0000000000',
  KEY_THREE: 'sk-three-00000000000000',
};
const question = [{ role: 'user' as const, content: 'Hi' }];

describe('a provider with several API keys', () => {
  let harness: RoutingHarness;
  beforeAll(async () => {
    harness = await startRoutingHarness({
      routes: [],
      env: KEYS,
      providers: (alpha, beta) => [
        {
          id: 'alpha',
          type: 'openai-compatible',
          baseUrl: alpha.url,
          apiKeys: ['env:KEY_ONE', 'env:KEY_TWO', 'env:KEY_THREE'],
        },
        // One key only, and it is refused: its error still reaches the caller.
        { id: 'beta', type: 'openai', baseUrl: beta.url, apiKey: 'env:KEY_TWO' },
      ],
    });
    const refuseKeyTwo = (request: { headers: Record<string, unknown> }) =>
      request.headers.authorization === `Bearer ${KEYS.KEY_TWO}`
        ? ({ kind: 'status', status: 401, message: 'Incorrect API key provided' } as const)
        : undefined;
    harness.alpha.decide = refuseKeyTwo;
    harness.beta.decide = refuseKeyTwo;
  });
  afterAll(async () => harness.stop());

  it('uses the keys in turn, sets a refused key aside, and every request still gets its answer', async () => {
    for (let request = 0; request < 6; request += 1) {
      const completion = await harness.openai.chat.completions.create({
        model: 'alpha/gpt-4o-mini',
        messages: question,
      });
      expect(completion.choices[0]?.message.content).toBe('answer from alpha');
    }
    const seen = harness.alpha.keysSeen();
    // Key two was tried once, refused, and never used again; the other two took turns.
    expect(seen.filter((key) => key === KEYS.KEY_TWO)).toHaveLength(1);
    expect(seen.filter((key) => key === KEYS.KEY_ONE).length).toBeGreaterThanOrEqual(2);
    expect(seen.filter((key) => key === KEYS.KEY_THREE).length).toBeGreaterThanOrEqual(2);
  });

  it('reports set-aside keys by reference, never by value', async () => {
    const response = await harness.admin('/admin/routing/keys');
    const text = await response.text();
    const { keys } = JSON.parse(text) as ProviderKeyList;
    expect(keys.filter((key) => key.provider === 'alpha')).toEqual([
      { provider: 'alpha', keyRef: 'env:KEY_ONE', status: 'active', rejectedStatus: null, setAsideAt: null },
      expect.objectContaining({
        provider: 'alpha',
        keyRef: 'env:KEY_TWO',
        status: 'set-aside',
        rejectedStatus: 401,
      }),
      {
        provider: 'alpha',
        keyRef: 'env:KEY_THREE',
        status: 'active',
        rejectedStatus: null,
        setAsideAt: null,
      },
    ]);
    for (const value of Object.values(KEYS)) expect(text).not.toContain(value);
  });

  it("a provider whose only key is refused passes the provider's 401 on", async () => {
    const error = await harness.openai.chat.completions
      .create({ model: 'beta/gpt-4o-mini', messages: question })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as Error).message).toContain('Incorrect API key');
    expect((error as Error).message).not.toContain(KEYS.KEY_TWO);
  });
});
