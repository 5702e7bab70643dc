import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/gateway/start-gateway';
import { GATEWAY_KEY, PROVIDER_KEY, tempDir } from '../helpers/gateway-harness';
import { concretePath, uniqueRoutes } from './route-collector';
import { TolerantUpstream } from './tolerant-upstream';

// Every route the production wiring registers — found as it is registered, not from a list — must refuse a
// caller without credentials. A route someone adds tomorrow is covered the day it lands.

// Pass-through: the real factory, with an onRoute hook added before any plugin has loaded.
vi.mock('../../src/gateway/build-gateway', async (importOriginal) =>
  (await import('./route-collector')).collectingRoutes(await importOriginal()),
);

/** Routes that must answer without credentials: liveness, and the steps of signing in to the web UI. */
const PUBLIC_ROUTES = new Set([
  'GET /health',
  'HEAD /health',
  'GET /ui/login',
  'HEAD /ui/login',
  'POST /ui/logout',
]);

function send(
  base: string,
  method: string,
  pathName: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const hasBody = !['GET', 'HEAD', 'OPTIONS', 'TRACE', 'DELETE'].includes(method);
  const body = hasBody ? '{}' : undefined;
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}${pathName}`,
      {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.setTimeout(10_000, () => request.destroy(new Error(`${method} ${pathName} did not answer`)));
    request.on('error', reject);
    request.end(body);
  });
}

describe('every registered route is guarded', () => {
  let gateway: RunningGateway;
  let upstream: TolerantUpstream;
  beforeAll(async () => {
    upstream = await new TolerantUpstream().start();
    // A built UI, so the static file routes are registered as in a packaged app.
    const uiRoot = tempDir('gatehouse-ui-');
    fs.writeFileSync(path.join(uiRoot, 'index.html'), '<!doctype html><title>ui</title>');
    fs.mkdirSync(path.join(uiRoot, 'assets'));
    fs.writeFileSync(path.join(uiRoot, 'assets', 'app.js'), 'console.log(1)');
    gateway = await startGateway({
      dataDir: tempDir('gatehouse-guard-'),
      port: 0,
      host: '127.0.0.1',
      uiRoot,
      env: { UPSTREAM_KEY: PROVIDER_KEY, TEST_GATEWAY_KEY: GATEWAY_KEY },
      config: {
        providers: [
          {
            id: 'openai',
            type: 'openai',
            baseUrl: `${upstream.origin}/openai/v1`,
            apiKey: 'env:UPSTREAM_KEY',
          },
        ],
        routes: [{ name: 'fast', targets: [{ model: 'openai/gpt-4o-mini' }] }],
        keys: [{ name: 'guard', key: 'env:TEST_GATEWAY_KEY' }],
      },
    });
    // The admin API's routes are registered when its instance is built, on the first admin request.
    await gateway.app.adminGateway();
  });
  afterAll(async () => {
    await gateway?.close();
    await upstream?.stop();
  });

  it('found the routes as they were registered', () => {
    const names = new Set(uniqueRoutes().map((route) => `${route.method} ${route.url}`));
    for (const known of [
      'POST /v1/chat/completions',
      'POST /v1/messages',
      'GET /admin/logs',
      'POST /admin/keys',
      'GET /health',
      'GET /ui/login',
    ]) {
      expect(names, known).toContain(known);
    }
    expect(names.size).toBeGreaterThan(20);
    // Each is really served by the running app, not just declared.
    for (const route of uniqueRoutes()) {
      expect(
        route.app.hasRoute({ method: route.method as 'GET', url: route.url }),
        `${route.method} ${route.url}`,
      ).toBe(true);
    }
  });

  it('every route but the public ones refuses a caller without credentials (401/403)', async () => {
    const open: string[] = [];
    for (const route of uniqueRoutes()) {
      const name = `${route.method} ${route.url}`;
      if (PUBLIC_ROUTES.has(name)) continue;
      const answer = await send(gateway.url, route.method, concretePath(route.url), {});
      if (answer.status !== 401 && answer.status !== 403)
        open.push(`${name} → ${answer.status} ${answer.body.slice(0, 120)}`);
    }
    expect(open, 'routes answering without credentials').toEqual([]);
  });

  it('every guarded route refuses wrong credentials of every kind (401/403)', async () => {
    const wrong = {
      authorization: 'Bearer gh_not_a_real_key_000000000000000',
      'x-api-key': 'gh_not_a_real_key_000000000000000',
      'x-gatehouse-admin-token': 'gha_not_a_real_token_0000000000000000000',
      cookie: `gatehouse_session_${gateway.port}=not-a-session`,
    };
    const open: string[] = [];
    for (const route of uniqueRoutes()) {
      const name = `${route.method} ${route.url}`;
      if (PUBLIC_ROUTES.has(name)) continue;
      const answer = await send(gateway.url, route.method, concretePath(route.url), wrong);
      if (answer.status !== 401 && answer.status !== 403) open.push(`${name} → ${answer.status}`);
    }
    expect(open).toEqual([]);
  });

  it('admin routes do not take a gateway key, and /v1 routes do not take the admin token', async () => {
    const crossed: string[] = [];
    for (const route of uniqueRoutes()) {
      const name = `${route.method} ${route.url}`;
      const credential = route.url.startsWith('/admin')
        ? `Bearer ${GATEWAY_KEY}`
        : route.url.startsWith('/v1')
          ? `Bearer ${gateway.adminToken}`
          : null;
      if (credential === null || PUBLIC_ROUTES.has(name)) continue;
      const answer = await send(gateway.url, route.method, concretePath(route.url), {
        authorization: credential,
      });
      if (answer.status !== 401 && answer.status !== 403) crossed.push(`${name} → ${answer.status}`);
    }
    expect(crossed).toEqual([]);
  });

  it('the public routes say nothing a stranger could use', async () => {
    const health = await send(gateway.url, 'GET', '/health', {});
    expect(health.status).toBe(200);
    expect(Object.keys(JSON.parse(health.body)).sort()).toEqual(['logging', 'status', 'version']);
    const login = await send(gateway.url, 'GET', '/ui/login?code=guess', {});
    expect(login.status).toBe(401);
    const logout = await send(gateway.url, 'POST', '/ui/logout', {});
    expect(logout.status).toBe(204);
  });
});
