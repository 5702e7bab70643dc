import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GATEWAY_KEY, startHarness, type Harness } from '../../helpers/gateway-harness';

// The admin API is a second Fastify instance built by its first authenticated request
// (plugins/admin-forwarding.ts). Counted here through the factory's own hook.
const built: FastifyInstance[] = [];
let failBuilds = 0;
vi.mock('../../../src/gateway/build-gateway', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/gateway/build-gateway')>();
  return {
    ...original,
    buildGateway: (...[services, options = {}]: Parameters<typeof original.buildGateway>) =>
      original.buildGateway(services, {
        ...options,
        onAdminGateway: (admin) => {
          if (failBuilds > 0) {
            failBuilds -= 1;
            throw new Error('planted admin build failure');
          }
          built.push(admin);
        },
      }),
  };
});

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  built.length = 0;
  failBuilds = 0;
});

describe('the admin API on first use', () => {
  it('serves /v1 without it, refuses strangers without building it, and builds it once for a burst', async () => {
    harness = await startHarness();
    const { gateway, admin } = harness;
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    const models = await fetch(`${gateway.url}/v1/models`, {
      headers: { authorization: `Bearer ${GATEWAY_KEY}` },
    });
    expect(models.status).toBe(200);
    expect(built).toHaveLength(0);

    // No token, a gateway key instead of the token, a wrong token, a foreign page: refused by the
    // listening instance, which builds nothing for them.
    const refused = await Promise.all([
      fetch(`${gateway.url}/admin/keys`),
      fetch(`${gateway.url}/admin/keys`, { headers: { authorization: `Bearer ${GATEWAY_KEY}` } }),
      fetch(`${gateway.url}/admin/no-such-thing`, { headers: { authorization: 'Bearer gha_wrong' } }),
      admin('/admin/keys', { headers: { origin: 'https://evil.example' } }),
    ]);
    expect(refused.map((response) => response.status)).toEqual([401, 401, 401, 403]);
    expect(((await refused[0].json()) as { error: { message: string } }).error.message).toMatch(
      /Missing admin token/,
    );
    expect(built).toHaveLength(0);

    // The first authenticated requests arrive together: each is answered, bodies included.
    const burst = await Promise.all([
      admin('/admin/status'),
      admin('/admin/keys'),
      ...['one', 'two', 'three'].map((name) =>
        admin('/admin/keys', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `burst-${name}` }),
        }),
      ),
      admin('/admin/logs?limit=1'),
    ]);
    expect(burst.map((response) => response.status)).toEqual([200, 200, 201, 201, 201, 200]);
    expect(built).toHaveLength(1);
    const keys = (await (await admin('/admin/keys')).json()) as { items: Array<{ name: string }> };
    expect(keys.items.map((key) => key.name)).toEqual(
      expect.arrayContaining(['test-script', 'burst-one', 'burst-two', 'burst-three']),
    );

    // Its errors keep the gateway's shape; validation runs there as it did in one instance.
    const missing = await admin('/admin/no-such-thing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: { code: 'not_found', message: 'No route for GET /admin/no-such-thing' },
    });
    const invalid = await admin('/admin/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": 7}',
    });
    expect(invalid.status).toBe(400);
    const broken = await admin('/admin/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { message: string } }).error.message).toMatch(/not valid JSON/);
    expect(built).toHaveLength(1);
  });

  it("a failed build answers 500 in the gateway's error shape, and the next request builds it again", async () => {
    harness = await startHarness();
    failBuilds = 1;
    const failed = await harness.admin('/admin/status');
    expect(failed.status).toBe(500);
    const body = (await failed.json()) as { error: { message: string; type: string } };
    expect(body.error.message).toBe('Internal gateway error');
    expect(JSON.stringify(body)).not.toContain('planted');
    expect(built).toHaveLength(0);
    // /v1 was never affected.
    const models = await fetch(`${harness.gateway.url}/v1/models`, {
      headers: { authorization: `Bearer ${GATEWAY_KEY}` },
    });
    expect(models.status).toBe(200);
    const retried = await harness.admin('/admin/status');
    expect(retried.status).toBe(200);
    expect(built).toHaveLength(1);
  });

  it('a live log tail open at shutdown ends, and the gateway stops', async () => {
    // A grace period longer than the test: the stop must not wait for it.
    harness = await startHarness({ server: { shutdownGraceMs: 60_000 } });
    const tail = await harness.admin('/admin/logs/stream');
    expect(tail.status).toBe(200);
    const reader = tail.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain(': connected');

    await harness.stop();
    harness = undefined;
    let ended = false;
    while (!ended) ended = (await reader.read()).done;
    expect(ended).toBe(true);
  });
});
