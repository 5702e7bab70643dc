import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT_TOKENS, estimateRequest } from '../../../src/gateway/limits/estimate-request';
import { resolveModelPrice, type ModelPriceSources } from '../../../src/gateway/limits/model-price';
import { PricingTable } from '../../../src/gateway/pricing/pricing-table';
import { PROVIDER_PRESETS } from '../../../src/gateway/providers/provider-presets';
import type { GatewayProvider } from '../../../src/gateway/providers/provider-registry';
import type { ProviderType } from '../../../src/shared/schemas/gateway-config';

const providers: Record<string, ProviderType> = {
  openai: 'openai',
  ollama: 'ollama',
  work: 'openai-compatible',
};
const sources: ModelPriceSources = {
  pricing: PricingTable.load(),
  providers: {
    resolveModel(model) {
      const [id, ...rest] = String(model).split('/');
      const type = providers[id!];
      if (!type) throw new Error(`unknown provider ${id}`);
      const provider = { id, type, preset: PROVIDER_PRESETS[type] } as GatewayProvider;
      return { provider, model: rest.join('/') };
    },
  },
  routeTargets: (name) =>
    ({ fast: ['openai/gpt-4o-mini', 'openai/gpt-4o', 'work/x'], home: ['ollama/llama3.2'], odd: ['work/x'] })[
      name
    ],
};

describe('request estimates', () => {
  it('estimates tokens as body characters / 4 plus the output cap, priced per direction', () => {
    const body = { model: 'openai/gpt-4o', max_tokens: 300, messages: [{ role: 'user', content: 'hi' }] };
    const text = JSON.stringify(body);
    const estimate = estimateRequest(body, text, resolveModelPrice(sources, body.model));
    const input = Math.ceil(text.length / 4);
    expect(estimate).toEqual({ tokens: input + 300, usd: (input * 2.5 + 300 * 10) / 1e6, free: false });
  });

  it('assumes 1,000 output tokens for a chat request without a cap, none for embeddings, and multiplies by n', () => {
    const price = { kind: 'unknown' } as const;
    const chat = { messages: [{ role: 'user', content: 'x' }] };
    expect(estimateRequest(chat, 'x'.repeat(40), price).tokens).toBe(10 + DEFAULT_OUTPUT_TOKENS);
    expect(estimateRequest({ ...chat, n: 3, max_completion_tokens: 20 }, 'x'.repeat(40), price).tokens).toBe(
      70,
    );
    expect(estimateRequest({ input: 'embed me' }, 'x'.repeat(40), price)).toEqual({
      tokens: 10,
      usd: 0,
      free: false,
    });
  });

  it('prices local models as free, unknown prices as $0 but not free, and routes at their dearest target', () => {
    expect(resolveModelPrice(sources, 'ollama/llama3.2')).toEqual({ kind: 'free' });
    expect(resolveModelPrice(sources, 'work/x')).toEqual({ kind: 'unknown' });
    expect(resolveModelPrice(sources, 'openai/no-such-model')).toEqual({ kind: 'unknown' });
    expect(resolveModelPrice(sources, 'nosuch/model')).toEqual({ kind: 'unknown' });
    expect(resolveModelPrice(sources, 42)).toEqual({ kind: 'unknown' });
    expect(resolveModelPrice(sources, 'fast')).toEqual({ kind: 'priced', input: 2.5, output: 10 });
    expect(resolveModelPrice(sources, 'home')).toEqual({ kind: 'free' });
    expect(resolveModelPrice(sources, 'odd')).toEqual({ kind: 'unknown' });
    expect(resolveModelPrice(sources, 'not-a-route')).toEqual({ kind: 'unknown' });
    expect(estimateRequest({}, '{}', { kind: 'free' })).toEqual({ tokens: 1, usd: 0, free: true });
  });
});
