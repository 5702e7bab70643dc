import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { GatewayConfig, KeyLimits } from '../../../src/shared/schemas/gateway-config';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { tempDir } from '../../helpers/gateway-harness';
import { MockOpenAi } from '../../helpers/mock-openai';

export interface LimitedKey {
  name: string;
  key: string;
  limits?: KeyLimits;
}

/**
 * A real gateway (port 0, real SQLite file) with gateway keys from the config file, in front of the mock
 * OpenAI upstream as a paid provider (`openai/…`, priced from the bundled table) and as a local one
 * (`ollama/…`, free). restart() stops it and starts it again on the same data directory.
 */
export class LimitsGateway {
  gateway!: RunningGateway;
  readonly mock = new MockOpenAi();
  readonly dataDir = tempDir('gatehouse-limits-');

  constructor(private readonly keys: LimitedKey[]) {}

  async start(): Promise<this> {
    if (!this.mock.url) await this.mock.start();
    const env: Record<string, string> = { MOCK_OPENAI_KEY: 'sk-mock-provider-key' };
    const keys: NonNullable<GatewayConfig['keys']> = this.keys.map((key, index) => {
      env[`LIMITS_KEY_${index}`] = key.key;
      return {
        name: key.name,
        key: `env:LIMITS_KEY_${index}`,
        ...(key.limits ? { limits: key.limits } : {}),
      };
    });
    this.gateway = await startGateway({
      dataDir: this.dataDir,
      port: 0,
      host: '127.0.0.1',
      env,
      logLevel: process.env.LIMITS_DEBUG ? 'error' : undefined,
      config: {
        providers: [
          { id: 'openai', type: 'openai', baseUrl: this.mock.url, apiKey: 'env:MOCK_OPENAI_KEY' },
          { id: 'ollama', type: 'ollama', baseUrl: this.mock.url },
        ],
        keys,
      },
    });
    return this;
  }

  async restart(): Promise<void> {
    await this.gateway.close();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    await this.mock.stop();
  }

  openAi(key: string): OpenAI {
    return new OpenAI({ apiKey: key, baseURL: `${this.gateway.url}/v1`, maxRetries: 0 });
  }

  anthropic(key: string): Anthropic {
    return new Anthropic({ apiKey: key, baseURL: this.gateway.url, maxRetries: 0 });
  }

  admin(pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.gateway.url}${pathAndQuery}`, {
      ...init,
      headers: {
        authorization: `Bearer ${this.gateway.adminToken}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.headers as Record<string, string>),
      },
    });
  }

  /** Total logged cost of a key, after the batching writer has written everything. */
  async loggedCost(keyName: string): Promise<number> {
    this.gateway.services.logWriter.flush();
    const response = await this.admin('/admin/stats/costs?groupBy=key');
    const stats = (await response.json()) as { rows: Array<{ group: string; costUsd: number }> };
    return stats.rows.find((row) => row.group === keyName)?.costUsd ?? 0;
  }
}
