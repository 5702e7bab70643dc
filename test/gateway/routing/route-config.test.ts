import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../../src/gateway/config/load-config';

const provider = { id: 'openai', type: 'openai', apiKey: 'env:OPENAI_API_KEY' };

function problem(config: unknown): string {
  try {
    validateConfig(config, 'gatehouse.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('routes and provider keys in the config file', () => {
  it('accepts routes with every strategy, retries, timeouts and params, and several provider keys', () => {
    const config = validateConfig({
      providers: [{ id: 'openai', type: 'openai', apiKeys: ['env:OPENAI_KEY_A', 'env:OPENAI_KEY_B'] }],
      circuitBreaker: { failureThreshold: 3, coolDownMs: 10_000 },
      routes: [
        {
          name: 'fast',
          strategy: 'loadbalance',
          targets: [
            { model: 'openai/gpt-4o-mini', weight: 3, params: { temperature: 0.2 } },
            { model: 'groq/llama-3.3-70b-versatile', weight: 1 },
          ],
          retry: { attempts: 3, backoffMs: 200, maxBackoffMs: 4_000 },
          timeoutMs: 20_000,
          deadlineMs: 60_000,
        },
        { name: 'gpt-4o', targets: [{ model: 'openai/gpt-4o' }] },
        { name: 'quick', strategy: 'least-latency', targets: [{ model: 'openai/gpt-4o-mini' }] },
      ],
    });
    expect(config.routes).toHaveLength(3);
  });

  it('names the field of a bad route', () => {
    expect(problem({ routes: [{ name: 'Fast/One', targets: [{ model: 'openai/x' }] }] })).toContain(
      'routes[0].name',
    );
    expect(
      problem({ routes: [{ name: 'fast', strategy: 'random', targets: [{ model: 'openai/x' }] }] }),
    ).toContain('routes[0].strategy');
    expect(problem({ routes: [{ name: 'fast', targets: [{ model: 'no-slash' }] }] })).toContain(
      'routes[0].targets[0].model',
    );
    expect(
      problem({ routes: [{ name: 'fast', targets: [{ model: 'openai/x' }], retry: { attempts: 0 } }] }),
    ).toContain('routes[0].retry.attempts');
    expect(
      problem({
        routes: [
          { name: 'fast', targets: [{ model: 'openai/x' }] },
          { name: 'fast', targets: [{ model: 'openai/y' }] },
        ],
      }),
    ).toContain('duplicate route name "fast"');
    expect(
      problem({ routes: [{ name: 'fast', targets: [{ model: 'openai/x' }, { model: 'openai/x' }] }] }),
    ).toContain('listed twice');
  });

  it('refuses apiKey and apiKeys together, and a raw secret in apiKeys', () => {
    expect(problem({ providers: [{ ...provider, apiKeys: ['env:B'] }] })).toContain(
      'either apiKey or apiKeys',
    );
    expect(problem({ providers: [{ id: 'openai', type: 'openai', apiKeys: ['sk-live-abc'] }] })).toContain(
      'providers[0].apiKeys[0]',
    );
  });
});
