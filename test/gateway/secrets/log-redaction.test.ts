import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE, startGateway, type RunningGateway } from '../../../src/gateway/start-gateway';
import { chatChunks, chatCompletion, MockOpenAi } from '../../helpers/mock-openai';
import { tempDir } from '../../helpers/gateway-harness';
import { MemorySecretStore } from './memory-secret-store';

const GATEWAY_KEY = 'gh_log_redaction_test_key_0123456789';
// Not key-shaped on purpose: only the resolver's memory of it can catch it.
const PLANTED = 'planted-opaque-provider-value-7d3f9a21c4';
const FOREIGN_KEYS = [
  'sk-ant-api03-AbCdEf0123456789_AbCdEf-0123',
  'AIzaSyA1234567890abcdefghijklmnopqrstuv',
  'sk-proj-ZyXwVu9876543210ZyXwVu9876',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('secrets in the request log', () => {
  let mock: MockOpenAi;
  let gateway: RunningGateway;
  let dataDir: string;
  const keychain = new MemorySecretStore();

  const send = async (body: string) => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body,
    });
    const id = response.headers.get('x-gatehouse-request-id')!;
    return { status: response.status, text: await response.text(), id };
  };
  const logRow = async (id: string): Promise<Json> => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      gateway.services.logWriter.flush();
      const response = await fetch(`${gateway.url}/admin/logs/${id}`, {
        headers: { authorization: `Bearer ${gateway.adminToken}` },
      });
      if (response.status === 200) return (await response.json()) as Json;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no log row for ${id}`);
  };
  const expectClean = (text: string) => {
    expect(text).not.toContain(PLANTED);
    for (const key of FOREIGN_KEYS) expect(text).not.toContain(key);
    expect(text).not.toContain(GATEWAY_KEY);
  };

  beforeAll(async () => {
    mock = await new MockOpenAi().start();
    dataDir = tempDir();
    keychain.values.set('provider.team', PLANTED);
    gateway = await startGateway({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      secretStores: [keychain],
      env: { TEST_GATEWAY_KEY: GATEWAY_KEY },
      config: {
        server: { logBodyMaxBytes: 2048 },
        providers: [{ id: 'team', type: 'openai', baseUrl: mock.url, apiKey: 'keychain:provider.team' }],
        keys: [{ name: 'redaction', key: 'env:TEST_GATEWAY_KEY' }],
      },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await mock.stop();
  });

  it('stores request and response bodies without provider keys, key-shaped strings or credential fields', async () => {
    mock.chat = { kind: 'json', body: chatCompletion(`Your key is ${PLANTED}; also ${FOREIGN_KEYS[0]}`) };
    const { status, id } = await send(
      JSON.stringify({
        model: 'team/gpt-4o-mini',
        messages: [
          { role: 'user', content: `Keys: ${PLANTED} ${FOREIGN_KEYS.join(' ')} Bearer ${GATEWAY_KEY}` },
        ],
        metadata: { api_key: 'opaque', password: 'hunter2-hunter2' },
      }),
    );
    expect(status).toBe(200);
    const row = await logRow(id);
    expectClean(JSON.stringify(row));
    expect(row.requestBody).not.toContain('hunter2');
    expect(JSON.parse(row.requestBody)).toMatchObject({
      model: 'team/gpt-4o-mini',
      metadata: { api_key: '[redacted]', password: '[redacted]' },
    });
    expect(JSON.parse(row.requestBody).messages[0].content).toBe(
      'Keys: [redacted] [redacted] [redacted] [redacted] Bearer [redacted]',
    );
    expect(JSON.parse(row.responseBody).choices[0].message.content).toBe(
      'Your key is [redacted]; also [redacted]',
    );
    // The provider itself got the real key.
    expect(mock.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PLANTED}`);
  });

  it('redacts streamed responses', async () => {
    mock.chat = { kind: 'sse', events: chatChunks(['echo: ', PLANTED, ' done']) };
    const { status, text, id } = await send(
      JSON.stringify({ model: 'team/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(status).toBe(200);
    expect(text).toContain(PLANTED); // the caller gets the provider's answer as it was
    const row = await logRow(id);
    expectClean(row.responseBody);
    expect(row.responseBody).toContain('[redacted]');
  });

  it('redacts an upstream error that quotes the key, in the answer and in the log', async () => {
    mock.chat = {
      kind: 'json',
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${PLANTED}` } },
    };
    const { status, text, id } = await send(
      JSON.stringify({ model: 'team/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(status).toBe(401);
    expectClean(text);
    const row = await logRow(id);
    expect(row.error).toBe('Upstream team: Incorrect API key provided: [redacted]');
    expectClean(JSON.stringify(row));
  });

  it('leaves no half of a secret behind where a long body is cut', async () => {
    mock.chat = { kind: 'json', body: chatCompletion('ok') };
    const prefix = '{"model":"team/gpt-4o-mini","messages":[{"role":"user","content":"';
    // The planted value starts 10 characters before the 2048-character cap.
    const padding = 'x'.repeat(2048 - 10 - prefix.length);
    const { status, id } = await send(`${prefix}${padding}${PLANTED}${'y'.repeat(4000)}"}]}`);
    expect(status).toBe(200);
    const row = await logRow(id);
    expect(row.requestBody).toMatch(/… \[truncated\]$/);
    expect(row.requestBody).not.toContain(PLANTED.slice(0, 8));
  });

  it('keeps the planted value out of the database file', async () => {
    gateway.services.logWriter.flush();
    const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`].map((name) => path.join(dataDir, name));
    const bytes = Buffer.concat(
      files.filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file)),
    );
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(PLANTED)).toBe(false);
    expect(bytes.includes(GATEWAY_KEY)).toBe(false);
  });
});
