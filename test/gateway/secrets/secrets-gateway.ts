import OpenAI from 'openai';
import type { GatewayConfig } from '../../../src/shared/schemas/gateway-config';
import { startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { MockOpenAi } from '../../helpers/mock-openai';
import { tempDir } from '../../helpers/gateway-harness';
import { MemorySecretStore } from './memory-secret-store';

export const GATEWAY_KEY = 'gh_secrets_suite_gateway_key_0123456789';

// Loose on purpose: tests assert on the shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface AdminAnswer {
  status: number;
  body: Json;
  text: string;
}

export interface SecretsGateway {
  gateway: RunningGateway;
  mock: MockOpenAi;
  keychain: MemorySecretStore;
  /** Every admin response body so far, to check that no secret value ever left through one. */
  responses: string[];
  admin(path: string, init?: { method?: string; body?: unknown; token?: string }): Promise<AdminAnswer>;
  /** A chat call through the OpenAI SDK: 200, or the error status and message the SDK saw. */
  chat(model: string): Promise<{ status: number; message: string }>;
  /** The Authorization header of the mock upstream's last request. */
  lastAuthorization(): string | undefined;
  stop(): Promise<void>;
}

/** A gateway with an in-memory keychain in front of a mock OpenAI upstream (`config` may use `mockUrl`). */
export async function startSecretsGateway(
  config: (mockUrl: string) => GatewayConfig,
  env: Record<string, string> = {},
): Promise<SecretsGateway> {
  const mock = await new MockOpenAi().start();
  const keychain = new MemorySecretStore();
  const base = config(mock.url);
  const gateway = await startGateway({
    dataDir: tempDir(),
    port: 0,
    host: '127.0.0.1',
    secretStores: [keychain],
    env: { ...env, SECRETS_SUITE_GATEWAY_KEY: GATEWAY_KEY },
    config: {
      ...base,
      keys: [...(base.keys ?? []), { name: 'ci-script', key: 'env:SECRETS_SUITE_GATEWAY_KEY' }],
    },
  });
  const client = new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const responses: string[] = [];
  return {
    gateway,
    mock,
    keychain,
    responses,
    async admin(path, init = {}) {
      const response = await fetch(`${gateway.url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${init.token ?? gateway.adminToken}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      responses.push(text);
      const json = text && response.headers.get('content-type')?.includes('json');
      return { status: response.status, body: (json ? JSON.parse(text) : {}) as Json, text };
    },
    chat: (model) =>
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }).then(
        () => ({ status: 200, message: '' }),
        (error: { status: number; message: string }) => ({ status: error.status, message: error.message }),
      ),
    lastAuthorization: () => mock.requests.at(-1)?.headers.authorization,
    async stop() {
      await gateway.close();
      await mock.stop();
    },
  };
}
