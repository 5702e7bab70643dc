import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBundledPricingFile, PricingTable } from '../../../src/gateway/pricing/pricing-table';

const bundled = PricingTable.load();
const usage = { inputTokens: 1000, outputTokens: 500, cachedTokens: 0 };

describe('PricingTable (bundled resources/pricing.json)', () => {
  it('prices gpt-4o-mini per million tokens', () => {
    // resources/pricing.json: input 0.15, output 0.6, cachedInput 0.075 USD per 1M tokens.
    expect(bundled.lookup('openai', 'gpt-4o-mini')).toMatchObject({
      input: 0.15,
      output: 0.6,
      cachedInput: 0.075,
    });
    // 1000 × 0.15 / 1e6 + 500 × 0.6 / 1e6 = 0.00015 + 0.0003
    expect(bundled.costUsd({ providerType: 'openai', model: 'gpt-4o-mini', ...usage })).toBeCloseTo(
      0.00045,
      12,
    );
  });

  it('bills cached input tokens at the cached price', () => {
    // 600 × 0.15 + 400 × 0.075 + 500 × 0.6 = 90 + 30 + 300 = 420 per million
    const cost = bundled.costUsd({
      providerType: 'openai',
      model: 'gpt-4o-mini',
      ...usage,
      cachedTokens: 400,
    });
    expect(cost).toBeCloseTo(0.00042, 12);
  });

  it('bills cached tokens at the input price when the model has no cached price', () => {
    const plain = bundled.costUsd({ providerType: 'openai', model: 'gpt-3.5-turbo', ...usage });
    const cached = bundled.costUsd({
      providerType: 'openai',
      model: 'gpt-3.5-turbo',
      ...usage,
      cachedTokens: 400,
    });
    expect(cached).toBe(plain);
  });

  it('resolves snapshot names with a date suffix, preferring an exact snapshot price', () => {
    expect(bundled.lookup('openai', 'gpt-4o-mini-2099-01-01')).toEqual(
      bundled.lookup('openai', 'gpt-4o-mini'),
    );
    expect(bundled.lookup('anthropic', 'claude-sonnet-4-5-20991231')).toEqual(
      bundled.lookup('anthropic', 'claude-sonnet-4-5'),
    );
    expect(bundled.lookup('openai', 'gpt-4o-2024-05-13')?.input).toBe(5);
    expect(bundled.lookup('openai', 'gpt-4o')?.input).toBe(2.5);
  });

  it('returns null, never 0, when the price or the usage is unknown', () => {
    expect(bundled.costUsd({ providerType: 'openai', model: 'no-such-model', ...usage })).toBeNull();
    expect(bundled.costUsd({ providerType: 'ollama', model: 'llama3.2', ...usage })).toBeNull();
    expect(bundled.costUsd({ providerType: 'openai', model: 'gpt-4o-mini-custom', ...usage })).toBeNull();
    expect(
      bundled.costUsd({ providerType: 'openai', model: 'gpt-4o-mini', ...usage, inputTokens: null }),
    ).toBeNull();
    expect(
      bundled.costUsd({ providerType: 'openai', model: 'gpt-4o-mini', ...usage, outputTokens: null }),
    ).toBeNull();
  });

  it('prices embeddings, which report no output tokens', () => {
    const cost = bundled.costUsd({
      providerType: 'gemini',
      model: 'gemini-embedding-001',
      inputTokens: 2000,
      outputTokens: null,
      cachedTokens: null,
    });
    expect(cost).toBeCloseTo((2000 * 0.15) / 1e6, 12);
  });

  it('lists chat and embedding models only', () => {
    const openai = bundled.models('openai');
    expect(openai).toContain('gpt-4o-mini');
    expect(openai).not.toContain('gpt-image-1.5');
    expect(openai).not.toContain('gpt-4o-mini-tts');
    expect(bundled.models('gemini')).toContain('gemini-embedding-001');
    expect(bundled.models('nobody')).toEqual([]);
  });
});

describe('PricingTable overrides and loading', () => {
  it('lets user entries win without changing the bundled table', () => {
    const table = bundled.withOverrides({
      openai: { 'gpt-4o-mini': { input: 1, output: 2 } },
      ollama: { 'llama3.2': { input: 0, output: 0 } },
    });
    expect(table.lookup('openai', 'gpt-4o-mini')).toEqual({
      input: 1,
      output: 2,
      contextWindow: 128000,
      maxOutput: 16384,
      mode: 'chat',
    });
    // 1000 × 1 + 500 × 2 = 2000 per million; the bundled cached price no longer applies.
    expect(
      table.costUsd({ providerType: 'openai', model: 'gpt-4o-mini', ...usage, cachedTokens: 400 }),
    ).toBeCloseTo(0.002, 12);
    expect(table.costUsd({ providerType: 'ollama', model: 'llama3.2', ...usage })).toBe(0);
    expect(bundled.lookup('openai', 'gpt-4o-mini')?.input).toBe(0.15);
  });

  it('refuses malformed prices with a message naming the model', () => {
    expect(() => bundled.withOverrides({ openai: { 'gpt-x': { input: -1, output: 2 } } })).toThrow(
      /openai\/gpt-x/,
    );
    expect(() => PricingTable.fromData({} as never)).toThrow(/"providers"/);
  });

  it('finds resources/pricing.json from the bundled CLI location too', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-'));
    fs.mkdirSync(path.join(root, 'resources'));
    fs.mkdirSync(path.join(root, 'dist', 'gateway'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'resources', 'pricing.json'),
      JSON.stringify({ providers: { x: { m: { input: 1, output: 1 } } } }),
    );
    const file = findBundledPricingFile(path.join(root, 'dist', 'gateway', 'cli.js'));
    expect(file).toBe(path.join(root, 'resources', 'pricing.json'));
    expect(PricingTable.load(file).lookup('x', 'm')).toEqual({ input: 1, output: 1 });
  });

  it('says which file it could not read', () => {
    expect(() => PricingTable.load('/nonexistent/pricing.json')).toThrow(/\/nonexistent\/pricing.json/);
  });
});
