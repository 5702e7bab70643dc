import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';
import { rawExchange, rawRequest } from './raw-request';

const chatBody = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

describe('Host header guard (DNS rebinding)', () => {
  let harness: Harness;
  let url: string;
  let port: number;
  beforeAll(async () => {
    harness = await startHarness({
      server: { allowedHosts: ['gatehouse.internal', 'proxy.example:8443'] },
    });
    url = harness.gateway.url;
    port = harness.gateway.port;
  });
  afterAll(async () => harness.stop());

  const post = (path: string, host: string) =>
    rawRequest(`${url}${path}`, {
      method: 'POST',
      headers: { host, authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
      body: chatBody,
    });

  it('answers Host: evil.example with 403 in OpenAI shape and sends nothing upstream', async () => {
    const before = harness.mock.requests.length;
    const response = await post('/v1/chat/completions', 'evil.example');
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ error: { type: 'permission_error', code: 'forbidden' } });
    expect(response.body).toContain('server.allowedHosts');
    // The same name with the gateway's own port is still a foreign name.
    expect((await post('/v1/chat/completions', `evil.example:${port}`)).status).toBe(403);
    expect(harness.mock.requests.length).toBe(before);
  });

  it('answers in Anthropic shape under /v1/messages', async () => {
    const before = harness.mock.requests.length;
    const response = await rawRequest(`${url}/v1/messages`, {
      method: 'POST',
      headers: { host: 'evil.example', 'x-api-key': GATEWAY_KEY, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'openai/gpt-4o-mini',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    expect(harness.mock.requests.length).toBe(before);
  });

  it('guards the admin API, health and unknown routes too', async () => {
    const admin = await rawRequest(`${url}/admin/logs`, {
      headers: { host: 'evil.example', authorization: `Bearer ${harness.gateway.adminToken}` },
    });
    expect(admin.status).toBe(403);
    expect(admin.body).not.toContain('"items"');
    expect((await rawRequest(`${url}/health`, { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await rawRequest(`${url}/nowhere`, { headers: { host: 'evil.example' } })).status).toBe(403);
  });

  it("accepts the gateway's own names on its own port, and nothing on another port", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawRequest(`${url}/health`, { headers: { host } })).status, host).toBe(200);
    }
    for (const host of [`127.0.0.1:${port + 1}`, 'localhost', '127.0.0.2', 'localhost.evil.example']) {
      expect((await rawRequest(`${url}/health`, { headers: { host } })).status, host).toBe(403);
    }
  });

  it('accepts server.allowedHosts: a bare name on any port, name:port on that port only', async () => {
    const status = async (host: string) => (await rawRequest(`${url}/health`, { headers: { host } })).status;
    expect(await status('gatehouse.internal')).toBe(200);
    expect(await status('gatehouse.internal:9999')).toBe(200);
    expect(await status('proxy.example:8443')).toBe(200);
    expect(await status('proxy.example')).toBe(403);
    const response = await post('/v1/chat/completions', 'gatehouse.internal');
    expect(response.status).toBe(200);
  });

  it('answers a request without Host with 400', async () => {
    const answer = await rawExchange(url, 'GET /health HTTP/1.0\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.[01] 400/);
    expect(answer).toContain('Missing Host header');
  });
});
