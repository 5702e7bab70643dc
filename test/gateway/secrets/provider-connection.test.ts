import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretsGateway, type SecretsGateway } from './secrets-gateway';

const FIRST_KEY = 'sk-first-connection-value-aaaa1111bbbb2222';
const SECOND_KEY = 'sk-second-connection-value-cccc3333dddd4444';

/** Anthropic- and Gemini-style model lists, recording the headers each call carried; anything else is a 401. */
async function startModelListMock() {
  const calls: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
  const lists: Record<string, unknown> = {
    '/anthropic/v1/models': { data: [{ id: 'claude-sonnet-4-5' }], has_more: false },
    '/gemini/v1beta/models': {
      models: [{ name: 'models/gemini-2.5-flash' }, { name: 'models/gemini-2.5-pro' }],
    },
  };
  const server = http.createServer((request, response) => {
    calls.push({ url: request.url ?? '', headers: request.headers });
    const list = lists[request.url ?? ''];
    if (list) {
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
    }
    // Like some providers: the refusal quotes the key it was given.
    const key = String(request.headers.authorization ?? '').replace('Bearer ', '');
    response
      .writeHead(401, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { calls, origin, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('POST /admin/providers/:id/test', () => {
  let suite: SecretsGateway;
  let models: Awaited<ReturnType<typeof startModelListMock>>;
  /** Creates an admin provider and stores its key (when given). */
  const provider = async (body: Record<string, unknown>, key?: string) => {
    expect((await suite.admin('/admin/providers', { method: 'POST', body })).status).toBe(201);
    if (key) await suite.admin(`/admin/providers/${body.id}/secret`, { method: 'PUT', body: { value: key } });
  };
  const test = async (id: string) =>
    (await suite.admin(`/admin/providers/${id}/test`, { method: 'POST' })).body;

  beforeAll(async () => {
    suite = await startSecretsGateway(() => ({}));
    models = await startModelListMock();
  });
  afterAll(async () => {
    await suite.stop();
    await models.stop();
  });

  it('lists the models with the stored key', async () => {
    await provider({ id: 'openai', type: 'openai', baseUrl: suite.mock.url }, FIRST_KEY);
    expect(await test('openai')).toEqual({
      ok: true,
      status: 200,
      message: 'Connected to openai: 2 models.',
      models: 2,
    });
    expect(suite.mock.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v1/models' });
    expect(suite.lastAuthorization()).toBe(`Bearer ${FIRST_KEY}`);
  });

  it("reports the provider's refusal, without the key it quoted", async () => {
    await provider({ id: 'refuses', type: 'openai', baseUrl: `${models.origin}/v1` }, SECOND_KEY);
    expect(await test('refuses')).toEqual({
      ok: false,
      status: 401,
      message: 'Upstream refuses: Incorrect API key provided: [redacted]',
    });
  });

  it('reports a provider it cannot reach, and one without a key', async () => {
    await provider({ id: 'gone', type: 'openai', baseUrl: 'http://127.0.0.1:1/v1' }, SECOND_KEY);
    expect(await test('gone')).toMatchObject({
      ok: false,
      status: null,
      message: expect.stringContaining('Cannot reach upstream 127.0.0.1:1'),
    });
    await provider({ id: 'keyless', type: 'openai', baseUrl: suite.mock.url });
    const keyless = await test('keyless');
    expect(keyless).toMatchObject({ ok: false, status: null });
    expect(keyless.message).toContain('PUT /admin/providers/keyless/secret');
    expect((await suite.admin('/admin/providers/nosuch/test', { method: 'POST' })).status).toBe(404);
  });

  it('speaks Anthropic and Gemini with their own headers', async () => {
    await provider({ id: 'claude', type: 'anthropic', baseUrl: `${models.origin}/anthropic/v1` }, FIRST_KEY);
    expect(await test('claude')).toMatchObject({ ok: true, models: 1 });
    expect(models.calls.at(-1)?.headers).toMatchObject({
      'x-api-key': FIRST_KEY,
      'anthropic-version': '2023-06-01',
    });

    await provider({ id: 'google', type: 'gemini', baseUrl: `${models.origin}/gemini/v1beta` }, SECOND_KEY);
    expect(await test('google')).toMatchObject({ ok: true, models: 2 });
    expect(models.calls.at(-1)).toMatchObject({
      url: '/gemini/v1beta/models',
      headers: expect.objectContaining({ 'x-goog-api-key': SECOND_KEY }),
    });
  });

  it('never sent a key in any admin response', () => {
    const all = suite.responses.join('\n');
    for (const key of [FIRST_KEY, SECOND_KEY]) expect(all).not.toContain(key);
  });
});
