import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import {
  GATEWAY_KEY,
  PROVIDER_KEY,
  startHarness,
  tempDir,
  type Harness,
} from '../../helpers/gateway-harness';

describe('upstream failures reach the caller in OpenAI shape', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ server: { upstreamTimeoutMs: 400 } });
  });
  afterAll(async () => harness.stop());

  const ask = () =>
    harness.client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
    });

  it('429 keeps its status and Retry-After', async () => {
    harness.mock.chat = {
      kind: 'json',
      status: 429,
      headers: { 'retry-after': '7' },
      body: {
        error: {
          message: 'Rate limit reached for gpt-4o-mini',
          type: 'requests',
          code: 'rate_limit_exceeded',
        },
      },
    };
    const error = await ask().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(apiError.status).toBe(429);
    expect(apiError.headers?.get('retry-after')).toBe('7');
    expect(apiError.message).toContain('Rate limit reached');
  });

  it('an upstream 500 stays a 500 with the upstream message, and an echoed key is redacted', async () => {
    harness.mock.chat = {
      kind: 'json',
      status: 500,
      body: { error: { message: `Server exploded with key ${PROVIDER_KEY}` } },
    };
    const error = (await ask().catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(500);
    expect(error.message).toContain('Server exploded');
    expect(error.message).not.toContain(PROVIDER_KEY);
  });

  it('an upstream that hangs → 504 after the configured timeout, logged as an error', async () => {
    harness.mock.chat = { kind: 'hang' };
    const error = (await ask().catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(504);
    const id = error.headers?.get('x-gatehouse-request-id');
    const row = await harness.logRow(id!);
    expect(row).toMatchObject({ status: 504, outcome: 'error' });
    expect(String(row.error)).toContain('did not answer');
  });

  it('an upstream that resets the connection → 502', async () => {
    harness.mock.chat = { kind: 'reset' };
    const error = (await ask().catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
  });
});

describe('an unreachable upstream', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({
      dataDir: tempDir(),
      port: 0,
      host: '127.0.0.1',
      env: { KEY: GATEWAY_KEY },
      // Port 1 on loopback: nothing listens there, the connection is refused at once.
      config: {
        providers: [{ id: 'gone', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' }],
        keys: [{ name: 'k', key: 'env:KEY' }],
      },
    });
  });
  afterAll(async () => gateway.close());

  it('→ 502 in OpenAI shape', async () => {
    const client = new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const error = (await client.chat.completions
      .create({ model: 'gone/some-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(error.message).toContain('Cannot reach upstream');
  });
});
