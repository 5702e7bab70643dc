import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import type { GatewayConfig } from '../../src/shared/schemas/gateway-config';
import { startGateway, type RunningGateway } from '../../src/gateway/start-gateway';
import { MockOpenAi } from './mock-openai';

export const GATEWAY_KEY = 'gh_test_gateway_key_0123456789';
export const PROVIDER_KEY = 'sk-planted-provider-secret-9f8e7d6c5b4a';

export interface Harness {
  gateway: RunningGateway;
  mock: MockOpenAi;
  dataDir: string;
  client: OpenAI;
  admin(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** Waits for the batching writer, then reads the log row for a request id. */
  logRow(id: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export function tempDir(prefix = 'gatehouse-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real gateway on a free port with a real SQLite file, in front of a mock OpenAI upstream. */
export async function startHarness(
  overrides: { server?: GatewayConfig['server']; providerType?: string } = {},
): Promise<Harness> {
  const mock = await new MockOpenAi().start();
  const dataDir = tempDir();
  const gateway = await startGateway({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    env: { MOCK_OPENAI_KEY: PROVIDER_KEY, TEST_GATEWAY_KEY: GATEWAY_KEY },
    config: {
      server: overrides.server,
      providers: [
        { id: 'openai', type: 'openai', baseUrl: mock.url, apiKey: 'env:MOCK_OPENAI_KEY' },
        { id: 'local', type: 'openai-compatible', baseUrl: mock.url },
      ],
      keys: [{ name: 'test-script', key: 'env:TEST_GATEWAY_KEY' }],
    },
  });
  const client = new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const admin = (pathAndQuery: string, init: RequestInit = {}) =>
    fetch(`${gateway.url}${pathAndQuery}`, {
      ...init,
      headers: { authorization: `Bearer ${gateway.adminToken}`, ...(init.headers as Record<string, string>) },
    });
  return {
    gateway,
    mock,
    dataDir,
    client,
    admin,
    async logRow(id: string) {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        gateway.services.logWriter.flush();
        const response = await admin(`/admin/logs/${id}`);
        if (response.status === 200) return (await response.json()) as Record<string, unknown>;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no log row for ${id}`);
    },
    async stop() {
      await gateway.close();
      await mock.stop();
    },
  };
}
