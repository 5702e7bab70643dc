import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/gateway/config/load-config';
import { startGateway } from '../../../src/gateway/start-gateway';
import { tempDir } from '../../helpers/gateway-harness';
import { GATEWAY_KEY, startSecretsGateway, type Json, type SecretsGateway } from './secrets-gateway';

const FIRST_KEY = 'sk-first-planted-value-aaaa1111bbbb2222';
const SECOND_KEY = 'sk-second-planted-value-cccc3333dddd4444';
const TEAM_KEY = 'sk-team-planted-value-eeee5555ffff6666';
const ENV_KEY = 'sk-env-planted-value-gggg7777hhhh8888';

describe('admin providers API', () => {
  let suite: SecretsGateway;
  const admin: SecretsGateway['admin'] = (path, init) => suite.admin(path, init);
  const chat = (model: string) => suite.chat(model);

  beforeAll(async () => {
    suite = await startSecretsGateway(
      (mockUrl) => ({
        providers: [
          { id: 'from-env', type: 'openai', baseUrl: mockUrl, apiKey: 'env:ENV_OPENAI_KEY' },
          { id: 'team', type: 'openai', baseUrl: mockUrl, apiKey: 'keychain:team-openai' },
          {
            id: 'pool',
            type: 'openai',
            baseUrl: mockUrl,
            apiKeys: ['env:ENV_OPENAI_KEY', 'keychain:pool-2'],
          },
        ],
      }),
      { ENV_OPENAI_KEY: ENV_KEY },
    );
  });
  afterAll(async () => suite.stop());

  it('warns at start about a keychain reference that holds nothing, and says how to supply it', () => {
    expect(suite.gateway.warnings).toContainEqual(
      expect.stringContaining('Provider "team": cannot resolve keychain:team-openai'),
    );
    expect(suite.gateway.warnings.join('\n')).toMatch(/admin API, or use an env:NAME reference instead/);
  });

  it('lists providers with their source and secret state, never a key', async () => {
    const { status, body } = await admin('/admin/providers');
    expect(status).toBe(200);
    expect(body.items).toEqual([
      {
        id: 'from-env',
        type: 'openai',
        label: 'OpenAI',
        baseUrl: suite.mock.url,
        source: 'config',
        enabled: true,
        requiresKey: true,
        apiKeyRef: 'env:ENV_OPENAI_KEY',
        apiVersion: null,
        secret: { stored: true, hint: '…8888' },
      },
      expect.objectContaining({ id: 'pool', apiKeyRef: 'env:ENV_OPENAI_KEY' }),
      expect.objectContaining({
        id: 'team',
        apiKeyRef: 'keychain:team-openai',
        secret: { stored: false, hint: null },
      }),
    ]);
    expect((await admin('/admin/providers', { token: 'gha_wrong' })).status).toBe(401);
  });

  it('creates a provider, stores its key in the keychain, uses it, rotates it and deletes it', async () => {
    const created = await admin('/admin/providers', {
      method: 'POST',
      body: { id: 'mine', type: 'openai', baseUrl: suite.mock.url },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'mine',
      source: 'admin',
      apiKeyRef: null,
      secret: { stored: false },
    });
    expect(await chat('mine/gpt-4o-mini')).toMatchObject({
      status: 500,
      message: expect.stringContaining('has no API key'),
    });

    const stored = await admin('/admin/providers/mine/secret', {
      method: 'PUT',
      body: { value: `${FIRST_KEY}\n` },
    });
    expect(stored).toMatchObject({
      status: 200,
      body: { reference: 'keychain:provider.mine', stored: true, hint: '…2222' },
    });
    expect(suite.keychain.values.get('provider.mine')).toBe(FIRST_KEY);
    expect(await chat('mine/gpt-4o-mini')).toEqual({ status: 200, message: '' });
    expect(suite.lastAuthorization()).toBe(`Bearer ${FIRST_KEY}`);

    const rotated = await admin('/admin/providers/mine/secret', {
      method: 'PUT',
      body: { value: SECOND_KEY },
    });
    expect(rotated.body.hint).toBe('…4444');
    expect(await chat('mine/gpt-4o-mini')).toEqual({ status: 200, message: '' });
    expect(suite.lastAuthorization()).toBe(`Bearer ${SECOND_KEY}`);
    expect((await admin('/admin/providers/mine')).body).toMatchObject({
      apiKeyRef: 'keychain:provider.mine',
      secret: { stored: true, hint: '…4444' },
    });

    const removed = await admin('/admin/providers/mine/secret', { method: 'DELETE' });
    expect(removed.body).toEqual({ reference: 'keychain:provider.mine', stored: false, hint: null });
    expect(suite.keychain.values.has('provider.mine')).toBe(false);
    const afterDelete = await chat('mine/gpt-4o-mini');
    expect(afterDelete.status).toBe(500);
    expect(afterDelete.message).toContain('PUT /admin/providers/mine/secret');
  });

  it('supplies the keychain entry a config file points at, without taking the provider over', async () => {
    const stored = await admin('/admin/providers/team/secret', { method: 'PUT', body: { value: TEAM_KEY } });
    expect(stored.body).toEqual({ reference: 'keychain:team-openai', stored: true, hint: '…6666' });
    expect(suite.keychain.values.get('team-openai')).toBe(TEAM_KEY);
    expect(await chat('team/gpt-4o-mini')).toEqual({ status: 200, message: '' });
    expect(suite.lastAuthorization()).toBe(`Bearer ${TEAM_KEY}`);
    expect((await admin('/admin/providers/team')).body).toMatchObject({
      source: 'config',
      apiKeyRef: 'keychain:team-openai',
    });
  });

  it('keeps config-file providers read-only', async () => {
    const patch = await admin('/admin/providers/from-env', { method: 'PATCH', body: { enabled: false } });
    expect(patch.status).toBe(409);
    expect(patch.body.error.message).toBe(
      'Provider "from-env" is managed by the config file; change it in the config file instead.',
    );
    expect((await admin('/admin/providers/from-env', { method: 'DELETE' })).status).toBe(409);
    const secret = await admin('/admin/providers/from-env/secret', {
      method: 'PUT',
      body: { value: FIRST_KEY },
    });
    expect(secret.status).toBe(409);
    expect(secret.body.error.message).toContain('its key comes from env:ENV_OPENAI_KEY');
  });

  it('changes and removes providers created here, and their keychain entry with them', async () => {
    await admin('/admin/providers/mine/secret', { method: 'PUT', body: { value: FIRST_KEY } });
    const disabled = await admin('/admin/providers/mine', { method: 'PATCH', body: { enabled: false } });
    expect(disabled.body.enabled).toBe(false);
    expect((await chat('mine/gpt-4o-mini')).status).toBe(404);
    await admin('/admin/providers/mine', {
      method: 'PATCH',
      body: { enabled: true, baseUrl: `${suite.mock.url}/` },
    });
    expect(await chat('mine/gpt-4o-mini')).toEqual({ status: 200, message: '' });

    expect((await admin('/admin/providers/mine', { method: 'DELETE' })).status).toBe(204);
    expect(suite.keychain.values.has('provider.mine')).toBe(false);
    expect((await admin('/admin/providers/mine')).status).toBe(404);
    expect((await chat('mine/gpt-4o-mini')).status).toBe(404);
  });

  it('rejects bad input', async () => {
    const post = (body: unknown) => admin('/admin/providers', { method: 'POST', body });
    expect((await post({ id: 'team', type: 'openai' })).status).toBe(409);
    const pastedKey = await post({ id: 'x', type: 'openai', apiKey: FIRST_KEY });
    expect(pastedKey.status).toBe(400);
    expect(pastedKey.body.error.message).toBe(
      'Unknown field "apiKey"; store a key with PUT /admin/providers/:id/secret',
    );
    expect((await admin('/admin/providers/x')).status).toBe(404);
    expect((await post({ id: 'Bad Id', type: 'openai' })).status).toBe(400);
    expect((await post({ id: 'x', type: 'no-such-type' })).status).toBe(400);
    const noUrl = await post({ id: 'x', type: 'openai-compatible' });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.error.message).toBe('Providers of type openai-compatible need a baseUrl');
    const put = (id: string, body: unknown) =>
      admin(`/admin/providers/${id}/secret`, { method: 'PUT', body });
    expect((await put('nosuch', { value: 'x' })).status).toBe(404);
    expect((await put('team', { value: '   ' })).status).toBe(400);
    expect((await put('team', {})).status).toBe(400);
  });

  it('exports the setup as a config file with references only', async () => {
    await admin('/admin/providers', {
      method: 'POST',
      body: { id: 'claude', type: 'anthropic', enabled: false },
    });
    await admin('/admin/providers/claude/secret', { method: 'PUT', body: { value: SECOND_KEY } });
    const exported = await admin('/admin/config/export');
    expect(exported.status).toBe(200);
    expect(exported.text).toMatch(/^# Gatehouse .* configuration, exported /);
    const config = validateConfig(parseYaml(exported.text));
    expect(config.providers).toEqual([
      { id: 'claude', type: 'anthropic', apiKey: 'keychain:provider.claude', enabled: false },
      { id: 'from-env', type: 'openai', baseUrl: suite.mock.url, apiKey: 'env:ENV_OPENAI_KEY' },
      {
        id: 'pool',
        type: 'openai',
        baseUrl: suite.mock.url,
        apiKeys: ['env:ENV_OPENAI_KEY', 'keychain:pool-2'],
      },
      { id: 'team', type: 'openai', baseUrl: suite.mock.url, apiKey: 'keychain:team-openai' },
    ]);
    expect(config.keys).toEqual([{ name: 'ci-script', key: 'env:GATEHOUSE_KEY_CI_SCRIPT' }]);
  });

  it('never sent a secret value in any admin response', () => {
    const all = suite.responses.join('\n');
    for (const secret of [FIRST_KEY, SECOND_KEY, TEAM_KEY, ENV_KEY, GATEWAY_KEY])
      expect(all).not.toContain(secret);
  });
});

describe('admin secret API without a keychain', () => {
  it('answers 503 and points at env: references', async () => {
    const gateway = await startGateway({
      dataDir: tempDir(),
      port: 0,
      host: '127.0.0.1',
      useKeychain: false,
    });
    try {
      const headers = { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' };
      await fetch(`${gateway.url}/admin/providers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ id: 'openai', type: 'openai' }),
      });
      const response = await fetch(`${gateway.url}/admin/providers/openai/secret`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ value: FIRST_KEY }),
      });
      expect(response.status).toBe(503);
      expect(((await response.json()) as Json).error.message).toBe(
        'The OS keychain is not available (turned off); use an env:NAME reference in the config file instead.',
      );
      const list = (await (await fetch(`${gateway.url}/admin/providers`, { headers })).json()) as Json;
      expect(list.items[0]).toMatchObject({ id: 'openai', apiKeyRef: null, secret: { stored: false } });
    } finally {
      await gateway.close();
    }
  });
});
