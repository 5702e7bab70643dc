import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion } from '../../helpers/mock-openai';
import { LimitsGateway } from './limits-gateway';

const KEYS = {
  rpm: { name: 'rpm-10', key: 'gh_limits_rpm_key_0123456789', limits: { requestsPerMinute: 10 } },
  budget: { name: 'budget-1c', key: 'gh_limits_budget_key_0123456789', limits: { usdPerDay: 0.01 } },
  local: { name: 'local-user', key: 'gh_limits_local_key_0123456789', limits: { usdPerDay: 0.005 } },
  anthropic: { name: 'claude-tool', key: 'gh_limits_anthropic_key_012345', limits: { requestsPerMinute: 1 } },
};

// gpt-4o costs $2.50 / $10 per million input / output tokens: 20 in + 295 out = $0.003 a request.
const THREE_TENTHS_OF_A_CENT = { prompt_tokens: 20, completion_tokens: 295, total_tokens: 315 };
const COST = 0.003;

function ask(client: OpenAI, model: string) {
  return client.chat.completions.create({
    model,
    max_tokens: 300,
    messages: [{ role: 'user', content: 'Say something short.' }],
  });
}

type Outcome = { ok: true } | { ok: false; status: number; retryAfter: string | null; body: unknown };

async function settle(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return { ok: true };
  } catch (error) {
    if (!(error instanceof OpenAI.APIError)) throw error;
    return {
      ok: false,
      status: error.status ?? 0,
      retryAfter: error.headers?.get('retry-after') ?? null,
      body: error.error,
    };
  }
}

describe('limits per gateway key', () => {
  const harness = new LimitsGateway(Object.values(KEYS));
  beforeAll(async () => {
    await harness.start();
    harness.mock.chat = { kind: 'json', body: chatCompletion('ok', THREE_TENTHS_OF_A_CENT) };
  });
  afterAll(async () => harness.stop());

  it('lets exactly 10 of 100 concurrent requests through on a 10 requests/minute key; 90 get 429', async () => {
    const client = harness.openAi(KEYS.rpm.key);
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, () => settle(ask(client, 'openai/gpt-4o-mini'))),
    );
    const refused = outcomes.filter((outcome) => !outcome.ok);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(10);
    expect(refused).toHaveLength(90);
    for (const outcome of refused) {
      expect(outcome.status).toBe(429);
      expect(Number(outcome.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(outcome.retryAfter)).toBeLessThanOrEqual(60);
      expect(outcome.body).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
      expect((outcome.body as { message: string }).message).toContain('10 requests per minute');
    }
  });

  it('never lets 50 concurrent requests overrun a $0.01 budget by more than one request', async () => {
    const client = harness.openAi(KEYS.budget.key);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => settle(ask(client, 'openai/gpt-4o'))),
    );
    const succeeded = outcomes.filter((outcome) => outcome.ok).length;
    const spent = await harness.loggedCost(KEYS.budget.name);

    expect(spent).toBeCloseTo(succeeded * COST, 9);
    expect(spent).toBeGreaterThanOrEqual(0.01 - COST);
    expect(spent).toBeLessThanOrEqual(0.01 + COST + 1e-9);
    for (const outcome of outcomes) {
      if (outcome.ok) continue;
      expect(outcome.status).toBe(429);
      // The budget frees up at midnight UTC.
      expect(Number(outcome.retryAfter)).toBeGreaterThan(0);
      expect(Number(outcome.retryAfter)).toBeLessThanOrEqual(24 * 60 * 60);
    }
    // Spent means spent: the next request is refused too.
    expect(await settle(ask(client, 'openai/gpt-4o'))).toMatchObject({ ok: false, status: 429 });
  });

  it('does not charge local models to the USD budget, nor stop them when it is spent', async () => {
    const client = harness.openAi(KEYS.local.key);
    for (let index = 0; index < 5; index += 1) {
      expect(await settle(ask(client, 'ollama/llama3.2'))).toEqual({ ok: true });
    }
    expect((await usage(harness, KEYS.local.name)).usdToday).toBe(0);

    // $0.005 a day: the first paid request is admitted (0 < 0.005), so is the second (0.003), then it is spent.
    expect(await settle(ask(client, 'openai/gpt-4o'))).toEqual({ ok: true });
    expect(await settle(ask(client, 'openai/gpt-4o'))).toEqual({ ok: true });
    expect(await settle(ask(client, 'openai/gpt-4o'))).toMatchObject({ ok: false, status: 429 });
    expect(await settle(ask(client, 'ollama/llama3.2'))).toEqual({ ok: true });
    expect((await usage(harness, KEYS.local.name)).usdToday).toBeCloseTo(2 * COST, 9);
  });

  it('answers an Anthropic-format caller with an Anthropic-shaped 429', async () => {
    const client = harness.anthropic(KEYS.anthropic.key);
    const request = {
      model: 'openai/gpt-4o-mini',
      max_tokens: 50,
      messages: [{ role: 'user' as const, content: 'Hi' }],
    };
    await client.messages.create(request);

    const refusal = await client.messages.create(request).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(Anthropic.RateLimitError);
    expect((refusal as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toMatch(
      /^\d+$/,
    );

    const raw = await fetch(`${harness.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEYS.anthropic.key, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await raw.json()).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: expect.stringContaining('1 requests per minute') },
    });
  });
});

describe('budgets across a restart', () => {
  const key = { name: 'nightly-ci', key: 'gh_limits_restart_key_0123456789', limits: { usdPerDay: 0.005 } };
  const harness = new LimitsGateway([key]);
  beforeAll(async () => {
    await harness.start();
    harness.mock.chat = { kind: 'json', body: chatCompletion('ok', THREE_TENTHS_OF_A_CENT) };
  });
  afterAll(async () => harness.stop());

  it('loads the day’s spend from the log, so a spent budget stays spent', async () => {
    let client = harness.openAi(key.key);
    expect(await settle(ask(client, 'openai/gpt-4o'))).toEqual({ ok: true });
    expect(await settle(ask(client, 'openai/gpt-4o'))).toEqual({ ok: true });
    expect(await settle(ask(client, 'openai/gpt-4o'))).toMatchObject({ ok: false, status: 429 });

    await harness.restart();
    client = harness.openAi(key.key);
    expect((await usage(harness, key.name)).usdToday).toBeCloseTo(2 * COST, 9);
    const refused = await settle(ask(client, 'openai/gpt-4o'));
    expect(refused).toMatchObject({ ok: false, status: 429 });
    expect((refused as { body: { message: string } }).body.message).toContain('per UTC day');
    // Requests per minute start afresh, and local models were never limited by money.
    expect(await settle(ask(client, 'ollama/llama3.2'))).toEqual({ ok: true });
  });
});

async function usage(harness: LimitsGateway, name: string): Promise<Record<string, number>> {
  const response = await harness.admin('/admin/keys');
  const list = (await response.json()) as { items: Array<{ name: string; usage: Record<string, number> }> };
  const item = list.items.find((entry) => entry.name === name);
  if (!item) throw new Error(`no key ${name} in /admin/keys`);
  return item.usage;
}
