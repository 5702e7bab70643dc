import OpenAI from 'openai';
import type { GatewayConfig } from '../../../src/shared/schemas/gateway-config';
import {
  startGateway,
  type RunningGateway,
  type StartGatewayOptions,
} from '../../../src/gateway/start-gateway';
import { MockOpenAi } from '../../helpers/mock-openai';
import { tempDir } from '../../helpers/gateway-harness';
import { MemorySecretStore } from '../secrets/memory-secret-store';

export const GATEWAY_KEY = 'gh_settings_suite_gateway_key_0123456789';

// Loose on purpose: tests assert on the shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface SettingsGateway {
  gateway: RunningGateway;
  mock: MockOpenAi;
  dataDir: string;
  client: OpenAI;
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: Json }>;
  /** Waits for the batching writer, then reads the log row of a request id. */
  logRow(id: string): Promise<Json>;
  stop(): Promise<void>;
}

export interface SettingsGatewayOptions {
  dataDir?: string;
  mock?: MockOpenAi;
  config?: (mockUrl: string) => GatewayConfig;
  start?: Partial<StartGatewayOptions>;
}

/** A real gateway (in-memory keychain) in front of a mock OpenAI upstream, with one gateway key. */
export async function startSettingsGateway(options: SettingsGatewayOptions = {}): Promise<SettingsGateway> {
  const mock = options.mock ?? (await new MockOpenAi().start());
  const dataDir = options.dataDir ?? tempDir();
  const base = options.config?.(mock.url) ?? {};
  const gateway = await startGateway({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    secretStores: [new MemorySecretStore()],
    env: { SETTINGS_SUITE_KEY: GATEWAY_KEY, MOCK_KEY: 'sk-mock-provider-key-abcdef123456' },
    ...options.start,
    config: {
      providers: [{ id: 'openai', type: 'openai', baseUrl: mock.url, apiKey: 'env:MOCK_KEY' }],
      keys: [{ name: 'suite', key: 'env:SETTINGS_SUITE_KEY' }],
      ...base,
    },
  });
  const client = new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const admin = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${gateway.adminToken}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  return {
    gateway,
    mock,
    dataDir,
    client,
    admin,
    async logRow(id) {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        gateway.services.logWriter.flush();
        const answer = await admin(`/admin/logs/${id}`);
        if (answer.status === 200) return answer.body;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no log row for ${id}`);
    },
    async stop() {
      await gateway.close();
      if (!options.mock) await mock.stop();
    },
  };
}

/** One chat call through the OpenAI SDK; returns the gateway's request id. */
export async function chat(client: OpenAI, model = 'openai/gpt-4o-mini'): Promise<string> {
  const { response } = await client.chat.completions
    .create({ model, messages: [{ role: 'user', content: 'Say hello in a long sentence please' }] })
    .withResponse();
  return response.headers.get('x-gatehouse-request-id') ?? '';
}
