import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_KEY, PROVIDER_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';

describe('bad input gets a clear error in OpenAI shape and leaks no key', () => {
  let harness: Harness;
  const ids: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({ server: { bodyLimitBytes: 64 * 1024 } });
  });
  afterAll(async () => harness.stop());

  async function post(
    body: string,
    headers: Record<string, string> = { authorization: `Bearer ${GATEWAY_KEY}` },
  ) {
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    ids.push(response.headers.get('x-gatehouse-request-id') ?? '');
    return {
      status: response.status,
      body: (await response.json()) as { error: { message: string; type: string; code: string } },
    };
  }

  const chat = (model: unknown) => JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] });

  it('no key → 401, and the SDK raises AuthenticationError', async () => {
    const { status, body } = await post(chat('openai/gpt-4o-mini'), {});
    expect(status).toBe(401);
    expect(body.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    const sdk = new OpenAI({ apiKey: 'wrong-key', baseURL: `${harness.gateway.url}/v1`, maxRetries: 0 });
    await expect(
      sdk.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('the key also works as x-api-key', async () => {
    const { status } = await post(chat('openai/gpt-4o-mini'), { 'x-api-key': GATEWAY_KEY });
    expect(status).toBe(200);
  });

  it('unknown provider → 404 naming the configured ones', async () => {
    const { status, body } = await post(chat('nosuch/gpt-4o'));
    expect(status).toBe(404);
    expect(body.error.code).toBe('model_not_found');
    expect(body.error.message).toContain('openai');
    const sdk = harness.client;
    await expect(
      sdk.chat.completions.create({ model: 'nosuch/x', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('malformed model names → 400', async () => {
    for (const model of ['gpt-4o', '/gpt-4o', 'openai/', '', 42, null]) {
      const { status, body } = await post(chat(model));
      expect(status, String(model)).toBe(400);
      expect(body.error.type).toBe('invalid_request_error');
    }
  });

  it('malformed JSON, empty bodies and non-objects → 400', async () => {
    for (const raw of ['{"model": "openai/gpt-4o-mini", "messages": [', '', '[1,2]', '"text"', 'null']) {
      const { status, body } = await post(raw);
      expect(status, raw).toBe(400);
      expect(body.error.type).toBe('invalid_request_error');
    }
  });

  it('missing messages and wrong types → 400 naming the field', async () => {
    const missing = await post(JSON.stringify({ model: 'openai/gpt-4o-mini' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('messages');
    const wrong = await post(
      JSON.stringify({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'x' }],
        stream: 'yes',
      }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('stream');
  });

  it('a body over the limit → 413', async () => {
    const huge = JSON.stringify({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }],
    });
    const { status, body } = await post(huge);
    expect(status).toBe(413);
    expect(body.error.code).toBe('request_too_large');
  });

  it('an unknown route → 404 in OpenAI shape', async () => {
    const response = await fetch(`${harness.gateway.url}/v1/nothing-here`, {
      headers: { authorization: `Bearer ${GATEWAY_KEY}` },
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      '/v1/nothing-here',
    );
  });

  it('admin routes need the admin token', async () => {
    const response = await fetch(`${harness.gateway.url}/admin/logs`);
    expect(response.status).toBe(401);
    const wrong = await fetch(`${harness.gateway.url}/admin/logs`, {
      headers: { authorization: `Bearer ${GATEWAY_KEY}` },
    });
    expect(wrong.status).toBe(401);
  });

  it('writes no provider key or gateway key into the log or the database file', async () => {
    harness.gateway.services.logWriter.flush();
    const logged = await (await harness.admin('/admin/logs?limit=500')).text();
    expect(JSON.parse(logged).items.length).toBeGreaterThan(10);
    const details = await Promise.all(
      ids.filter(Boolean).map(async (id) => (await harness.admin(`/admin/logs/${id}`)).text()),
    );
    const everything = [logged, ...details].join('\n');
    expect(everything).not.toContain(PROVIDER_KEY);
    expect(everything).not.toContain(GATEWAY_KEY);
    const dbBytes = ['gatehouse.db', 'gatehouse.db-wal']
      .map((name) => path.join(harness.dataDir, name))
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.readFileSync(file).toString('latin1'))
      .join('');
    expect(dbBytes.length).toBeGreaterThan(0);
    expect(dbBytes).not.toContain(PROVIDER_KEY);
    expect(dbBytes).not.toContain(GATEWAY_KEY);
  });
});
