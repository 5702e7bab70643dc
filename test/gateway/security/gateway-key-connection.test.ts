import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';

// A keep-alive connection remembers the last key it presented (and its hash): whatever else it sends next
// must be checked as if it were the first.
describe('gateway keys on one keep-alive connection', () => {
  let harness: Harness;
  let pool: Pool;
  /** The connections /v1 requests came on. */
  const sockets = new Set<unknown>();

  beforeAll(async () => {
    harness = await startHarness();
    harness.gateway.app.server.on('request', (request: { url?: string; socket: unknown }) => {
      if (request.url?.startsWith('/v1/')) sockets.add(request.socket);
    });
    pool = new Pool(harness.gateway.url, { connections: 1 });
  });
  afterAll(async () => {
    await pool.close();
    await harness.stop();
  });

  const chat = async (key: string) => {
    const response = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const body = (await response.body.json()) as { id?: string; error?: { message: string } };
    return { status: response.statusCode, requestId: response.headers['x-gatehouse-request-id'], body };
  };
  const keyNameOf = async (requestId: unknown) =>
    (await harness.logRow(String(requestId))).keyName as string | null;

  it('checks every key the connection presents: a near miss, another key, a revoked key', async () => {
    const created = await harness.admin('/admin/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'second' }),
    });
    expect(created.status).toBe(201);
    const second = ((await created.json()) as { key: string }).key;

    const first = await chat(GATEWAY_KEY);
    expect(first.status).toBe(200);
    expect(await keyNameOf(first.requestId)).toBe('test-script');

    // Same length, last character different.
    const nearMiss = `${GATEWAY_KEY.slice(0, -1)}${GATEWAY_KEY.endsWith('0') ? '1' : '0'}`;
    const refused = await chat(nearMiss);
    expect(refused.status).toBe(401);
    expect(refused.body.error?.message).toBe('Invalid gateway key');

    expect((await chat(GATEWAY_KEY)).status).toBe(200);
    const other = await chat(second);
    expect(other.status).toBe(200);
    expect(await keyNameOf(other.requestId)).toBe('second');

    expect((await harness.admin('/admin/keys/second', { method: 'DELETE' })).status).toBe(200);
    const revoked = await chat(second);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error?.message).toBe('Invalid gateway key');

    // All of it on one connection, where the remembered key applies.
    expect(sockets.size).toBe(1);
  });
});
