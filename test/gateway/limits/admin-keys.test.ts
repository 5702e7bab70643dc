import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LimitsGateway } from './limits-gateway';

const CONFIG_KEY = {
  name: 'from-file',
  key: 'gh_admin_keys_config_key_01234',
  limits: { requestsPerMinute: 100 },
};

// Loose on purpose: the assertions check the shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('admin API for gateway keys', () => {
  const harness = new LimitsGateway([CONFIG_KEY]);
  beforeAll(async () => harness.start());
  afterAll(async () => harness.stop());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await harness.admin(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const chat = (key: string) =>
    harness
      .openAi(key)
      .chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .then(
        () => 200,
        (error: unknown) => (error instanceof OpenAI.APIError ? error.status : -1),
      );

  it('creates a key shown once, lists it without the key, and counts its use against its limits', async () => {
    const created = await call('POST', '/admin/keys', { name: 'agent', limits: { requestsPerMinute: 2 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'agent',
      source: 'admin',
      revokedAt: null,
      limits: { requestsPerMinute: 2 },
      hint: `…${created.body.key.slice(-4)}`,
    });
    const key = created.body.key as string;
    expect(key).toMatch(/^gh_/);

    expect(await chat(key)).toBe(200);
    expect(await chat(key)).toBe(200);
    expect(await chat(key)).toBe(429);

    const listed = await call('GET', '/admin/keys');
    expect(JSON.stringify(listed.body)).not.toContain(key);
    const agent = listed.body.items.find((item: Json) => item.name === 'agent');
    expect(agent).not.toHaveProperty('key');
    expect(agent).not.toHaveProperty('keyHash');
    expect(agent.usage).toMatchObject({ requestsThisMinute: 2, usdToday: expect.any(Number) });
    expect(agent.usage.tokensThisMinute).toBeGreaterThan(0);
    expect(listed.body.items.find((item: Json) => item.name === CONFIG_KEY.name)).toMatchObject({
      source: 'config',
      limits: { requestsPerMinute: 100 },
    });
  });

  it('changes limits with PATCH: a number sets, null removes, an absent field stays', async () => {
    const { body } = await call('POST', '/admin/keys', {
      name: 'patched',
      limits: { requestsPerMinute: 1, usdPerMonth: 5 },
    });
    const key = body.key as string;
    expect(await chat(key)).toBe(200);
    expect(await chat(key)).toBe(429);

    const raised = await call('PATCH', '/admin/keys/patched', {
      limits: { requestsPerMinute: 3, usdPerDay: 1 },
    });
    expect(raised.status).toBe(200);
    expect(raised.body.limits).toEqual({ requestsPerMinute: 3, usdPerDay: 1, usdPerMonth: 5 });
    expect(await chat(key)).toBe(200);

    const cleared = await call('PATCH', '/admin/keys/patched', { limits: { requestsPerMinute: null } });
    expect(cleared.body.limits).toEqual({ usdPerDay: 1, usdPerMonth: 5 });
    for (let index = 0; index < 4; index += 1) expect(await chat(key)).toBe(200);
  });

  it('refuses to edit or revoke a key the config file owns (409)', async () => {
    const patched = await call('PATCH', `/admin/keys/${CONFIG_KEY.name}`, {
      limits: { requestsPerMinute: 1 },
    });
    expect(patched.status).toBe(409);
    expect(patched.body.error.message).toContain('config file');
    expect((await call('DELETE', `/admin/keys/${CONFIG_KEY.name}`)).status).toBe(409);
    expect(await chat(CONFIG_KEY.key)).toBe(200);
  });

  it('revokes a key with DELETE: it stops working at once', async () => {
    const { body } = await call('POST', '/admin/keys', { name: 'short-lived' });
    expect(await chat(body.key)).toBe(200);
    const revoked = await call('DELETE', '/admin/keys/short-lived');
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(Number));
    expect(await chat(body.key)).toBe(401);
    expect((await call('PATCH', '/admin/keys/short-lived', { limits: { usdPerDay: 1 } })).status).toBe(409);
  });

  it('says what is wrong with a bad request', async () => {
    expect((await call('POST', '/admin/keys', { name: 'agent' })).status).toBe(409);
    const misspelt = await call('POST', '/admin/keys', { name: 'typo', limits: { requestPerMinute: 5 } });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.error.message).toContain('requestPerMinute');
    expect((await call('POST', '/admin/keys', { name: 'negative', limits: { usdPerDay: -1 } })).status).toBe(
      400,
    );
    expect((await call('POST', '/admin/keys', { name: 'has space' })).status).toBe(400);
    expect((await call('PATCH', '/admin/keys/nobody', { limits: {} })).status).toBe(404);
    expect((await call('DELETE', '/admin/keys/nobody')).status).toBe(404);
    const unauthenticated = await fetch(`${harness.gateway.url}/admin/keys`);
    expect(unauthenticated.status).toBe(401);
  });
});
