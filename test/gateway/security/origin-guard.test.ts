import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerSettings } from '../../../src/gateway/config/server-settings';
import { originKind } from '../../../src/gateway/plugins/origin-guard';
import { GATEWAY_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';

const APP_ORIGIN = 'http://localhost:3000';

describe('Origin and CORS policy', () => {
  let harness: Harness;
  let url: string;
  const seen: Response[] = [];
  beforeAll(async () => {
    harness = await startHarness({ server: { corsOrigins: [APP_ORIGIN] } });
    url = harness.gateway.url;
  });
  afterAll(async () => {
    // No answer in this file ever allowed every origin.
    for (const response of seen) expect(response.headers.get('access-control-allow-origin')).not.toBe('*');
    await harness.stop();
  });

  const call = async (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => {
    const response = await fetch(`${url}${path}`, init);
    seen.push(response);
    return response;
  };
  const withToken = (headers: Record<string, string> = {}) => ({
    authorization: `Bearer ${harness.gateway.adminToken}`,
    ...headers,
  });
  const preflight = (path: string, origin: string, method = 'POST') =>
    call(path, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization, content-type',
      },
    });

  it('refuses an admin call from a foreign Origin with 403, even with the admin token', async () => {
    const response = await call('/admin/logs', { headers: withToken({ origin: 'http://evil.example' }) });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { type: 'permission_error' } });
  });

  it("accepts admin calls from the gateway's own origins and from tools that send no Origin", async () => {
    const { port } = harness.gateway;
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const response = await call('/admin/logs?limit=1', { headers: withToken({ origin }) });
      expect(response.status, origin).toBe(200);
    }
    expect((await call('/admin/logs?limit=1', { headers: withToken() })).status).toBe(200);
  });

  it('lets a file:// page (Origin: null, the desktop window) in only with the admin token', async () => {
    const withTokenResponse = await call('/admin/logs?limit=1', { headers: withToken({ origin: 'null' }) });
    expect(withTokenResponse.status).toBe(200);
    expect(withTokenResponse.headers.get('access-control-allow-origin')).toBe('null');
    const without = await call('/admin/logs?limit=1', { headers: { origin: 'null' } });
    expect(without.status).toBe(403);
    expect(without.headers.get('access-control-allow-origin')).toBeNull();
    // Its preflight carries no token; it is answered, and the real request is then checked.
    const preflightResponse = await preflight('/admin/logs', 'null', 'GET');
    expect(preflightResponse.status).toBe(204);
    expect(preflightResponse.headers.get('access-control-allow-origin')).toBe('null');
    expect(preflightResponse.headers.get('access-control-allow-headers')).toContain(
      'x-gatehouse-admin-token',
    );
  });

  it('does not allow a CORS preflight from a foreign origin, on admin or /v1 routes', async () => {
    for (const path of ['/admin/logs', '/v1/chat/completions', '/v1/messages', '/health']) {
      const response = await preflight(path, 'http://evil.example');
      expect(response.status, path).toBe(403);
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(response.headers.get('access-control-allow-methods'), path).toBeNull();
    }
    // file:// is the desktop's admin origin, not a /v1 client.
    expect(
      (await preflight('/v1/chat/completions', 'null')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('sends no CORS headers on /v1 to origins not in server.corsOrigins', async () => {
    const response = await call('/v1/models', {
      headers: { authorization: `Bearer ${GATEWAY_KEY}`, origin: 'http://evil.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets an origin listed in server.corsOrigins call /v1 from a browser', async () => {
    const preflightResponse = await preflight('/v1/chat/completions', APP_ORIGIN);
    expect(preflightResponse.status).toBe(204);
    expect(preflightResponse.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(preflightResponse.headers.get('access-control-allow-headers')).toContain('authorization');

    const response = await call('/v1/chat/completions', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${GATEWAY_KEY}`,
        origin: APP_ORIGIN,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')).toContain('x-gatehouse-request-id');
    // A /v1 origin gets no say over the admin API.
    expect((await call('/admin/logs', { headers: withToken({ origin: APP_ORIGIN }) })).status).toBe(403);
  });
});

describe('originKind', () => {
  const settings = resolveServerSettings(
    { allowedHosts: ['gatehouse.example.com'] },
    { desktopOrigins: ['http://localhost:5173'] },
  );
  it.each([
    [undefined, 'absent'],
    ['http://127.0.0.1:4141', 'own'],
    ['http://[::1]:4141', 'own'],
    ['https://gatehouse.example.com', 'own'],
    ['null', 'desktop'],
    ['file://', 'desktop'],
    ['http://localhost:5173', 'desktop'],
    ['http://127.0.0.1:4142', 'foreign'],
    ['http://evil.example', 'foreign'],
    ['chrome-extension://abc', 'foreign'],
    ['not a url', 'foreign'],
  ])('%s is %s', (origin, kind) => {
    expect(originKind(origin, 4141, settings)).toBe(kind);
  });
});
