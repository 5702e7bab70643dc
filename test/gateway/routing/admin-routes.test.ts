import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteList, RouteView } from '../../../src/shared/schemas/routes';
import { startGateway } from '../../../src/gateway/start-gateway';
import { tempDir } from '../../helpers/gateway-harness';
import { ROUTING_KEY, startRoutingHarness, type RoutingHarness } from './routing-harness';

const question = [{ role: 'user' as const, content: 'Hi' }];

describe('the routes admin API', () => {
  let harness: RoutingHarness;
  beforeAll(async () => {
    harness = await startRoutingHarness({
      routes: [{ name: 'from-file', targets: [{ model: 'alpha/gpt-4o-mini' }] }],
    });
  });
  afterAll(async () => harness.stop());

  const send = (method: string, path: string, body?: unknown) =>
    harness.admin(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });

  it('lists config routes with their source and each target’s circuit', async () => {
    const list = (await (await harness.admin('/admin/routes')).json()) as RouteList;
    expect(list.routes).toEqual([
      expect.objectContaining({
        name: 'from-file',
        strategy: 'fallback',
        source: 'config',
        targets: [
          expect.objectContaining({
            model: 'alpha/gpt-4o-mini',
            weight: 1,
            circuit: { target: 'alpha/gpt-4o-mini', state: 'closed', consecutiveFailures: 0, openedAt: null },
          }),
        ],
      }),
    ]);
  });

  it('creates a route that tools can use at once and that /v1/models lists', async () => {
    const created = await send('POST', '/admin/routes', {
      name: 'fast',
      strategy: 'loadbalance',
      targets: [{ model: 'beta/gpt-4o-mini', weight: 2 }, { model: 'alpha/gpt-4o-mini' }],
      retry: { attempts: 2 },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'fast', source: 'admin', retry: { attempts: 2 } });
    const models = await harness.openai.models.list();
    expect(models.data.map((model) => model.id)).toEqual(expect.arrayContaining(['fast', 'from-file']));
    const completion = await harness.openai.chat.completions.create({ model: 'fast', messages: question });
    expect(completion.choices[0]?.message.content).toMatch(/^answer from (alpha|beta)$/);
  });

  it('refuses a duplicate name (409), an unknown provider, a target listed twice and a name with a slash (400)', async () => {
    expect(
      (await send('POST', '/admin/routes', { name: 'fast', targets: [{ model: 'alpha/x' }] })).status,
    ).toBe(409);
    const unknown = await send('POST', '/admin/routes', { name: 'nope', targets: [{ model: 'nosuch/x' }] });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('nosuch');
    const twice = await send('POST', '/admin/routes', {
      name: 'twice',
      targets: [{ model: 'alpha/x' }, { model: 'alpha/x' }],
    });
    expect(twice.status).toBe(400);
    expect(
      (await send('POST', '/admin/routes', { name: 'a/b', targets: [{ model: 'alpha/x' }] })).status,
    ).toBe(400);
    expect((await send('POST', '/admin/routes', { name: 'empty', targets: [] })).status).toBe(400);
  });

  it('replaces an admin route with PUT; config routes are read-only (409)', async () => {
    const replaced = await send('PUT', '/admin/routes/fast', {
      name: 'fast',
      targets: [{ model: 'alpha/gpt-4o-mini', params: { max_tokens: 64 } }],
    });
    expect(replaced.status).toBe(200);
    const view = (await replaced.json()) as RouteView;
    expect(view.strategy).toBe('fallback');
    expect(view.targets).toEqual([
      expect.objectContaining({ model: 'alpha/gpt-4o-mini', params: { max_tokens: 64 } }),
    ]);
    await harness.openai.chat.completions.create({ model: 'fast', messages: question });
    expect(harness.alpha.requests.at(-1)?.body).toMatchObject({ max_tokens: 64 });

    expect(
      (await send('PUT', '/admin/routes/from-file', { name: 'from-file', targets: [{ model: 'beta/x' }] }))
        .status,
    ).toBe(409);
    expect((await send('DELETE', '/admin/routes/from-file')).status).toBe(409);
    expect(
      (await send('PUT', '/admin/routes/fast', { name: 'other', targets: [{ model: 'beta/x' }] })).status,
    ).toBe(400);
  });

  it('deletes an admin route; the name then means nothing', async () => {
    expect((await send('DELETE', '/admin/routes/fast')).status).toBe(204);
    expect((await send('DELETE', '/admin/routes/fast')).status).toBe(404);
    expect((await send('GET', '/admin/routes/fast')).status).toBe(404);
    const error = await harness.openai.chat.completions
      .create({ model: 'fast', messages: question })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('neither a route');
  });

  it('needs the admin token', async () => {
    const response = await fetch(`${harness.gateway.url}/admin/routes`);
    expect(response.status).toBe(401);
  });
});

describe('routes across restarts', () => {
  it('admin routes persist; config routes follow the file', async () => {
    const dataDir = tempDir('gatehouse-routes-');
    const start = (routes: Array<{ name: string; targets: Array<{ model: string }> }>) =>
      startGateway({
        dataDir,
        port: 0,
        host: '127.0.0.1',
        useKeychain: false,
        env: { ROUTING_KEY },
        config: {
          providers: [{ id: 'local', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' }],
          keys: [{ name: 'router', key: 'env:ROUTING_KEY' }],
          routes,
        },
      });
    const first = await start([
      { name: 'kept', targets: [{ model: 'local/a' }] },
      { name: 'dropped', targets: [{ model: 'local/b' }] },
    ]);
    const created = await fetch(`${first.url}/admin/routes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'mine', targets: [{ model: 'local/c' }] }),
    });
    expect(created.status).toBe(201);
    await first.close();

    const second = await start([{ name: 'kept', targets: [{ model: 'local/a' }] }]);
    try {
      const list = (await (
        await fetch(`${second.url}/admin/routes`, {
          headers: { authorization: `Bearer ${second.adminToken}` },
        })
      ).json()) as RouteList;
      expect(list.routes.map((route) => [route.name, route.source])).toEqual([
        ['kept', 'config'],
        ['mine', 'admin'],
      ]);
    } finally {
      await second.close();
    }
  });
});
