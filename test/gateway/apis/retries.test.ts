import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorized, MockRest, rawRequest, startApiGateway, TestClock, type ApiHarness } from './api-harness';

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('retries for idempotent methods', () => {
  let upstream: MockRest;
  let harness: ApiHarness;
  const clock = new TestClock();
  /** What the upstream does with the next requests: a status, or "reset" (drop the connection). */
  let script: Array<number | 'reset'> = [];

  beforeAll(async () => {
    upstream = await new MockRest().start();
    upstream.handler = (_request, response, raw) => {
      const next = script.shift() ?? 200;
      if (next === 'reset') return raw.socket.destroy();
      response.writeHead(next, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: next }));
    };
    harness = await startApiGateway(
      [{ slug: 'flaky', baseUrls: [upstream.url], retry: { attempts: 3, backoffMs: 100 } }],
      { clock },
    );
  });

  beforeEach(() => {
    upstream.requests.length = 0;
    clock.slept.length = 0;
  });

  afterAll(async () => {
    await harness?.stop();
    await upstream?.stop();
  });

  const call = (method: string, body?: string) =>
    rawRequest(harness.url, '/apis/flaky/things/1', {
      method,
      headers: { ...authorized(), ...(body ? { 'content-type': 'application/json' } : {}) },
      body,
    });

  it.each(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])(
    '%s is retried on 502, 503 and a reset',
    async (method) => {
      script = [502, 503, 200];
      const first = await call(method, method === 'PUT' ? '{"name":"x"}' : undefined);
      expect(first.status).toBe(200);
      expect(upstream.requests.length).toBe(3);
      expect(clock.slept).toEqual([100, 200]);
      if (method === 'PUT')
        expect(upstream.requests.map((request) => request.body)).toEqual(Array(3).fill('{"name":"x"}'));

      upstream.requests.length = 0;
      script = ['reset', 200];
      const second = await call(method, method === 'PUT' ? '{"name":"x"}' : undefined);
      expect(second.status).toBe(200);
      expect(upstream.requests.length).toBe(2);
    },
  );

  it('gives up after the configured attempts and passes the last answer on', async () => {
    script = [503, 503, 503, 200];
    const response = await call('GET');
    expect(response.status).toBe(503);
    expect(upstream.requests.length).toBe(3);
    const row = await harness.logRow(String(response.headers['x-gatehouse-request-id']));
    expect((row.attempts as Array<{ status: number }>).map((attempt) => attempt.status)).toEqual([
      503, 503, 503,
    ]);
  });

  it.each(['POST', 'PATCH'])('%s is never retried', async (method) => {
    script = [503, 200];
    const unavailable = await call(method, '{"a":1}');
    expect(unavailable.status).toBe(503);
    expect(upstream.requests.length).toBe(1);

    upstream.requests.length = 0;
    script = ['reset', 200];
    const reset = await call(method, '{"a":1}');
    expect(reset.status).toBe(502);
    expect(JSON.parse(reset.body)).toMatchObject({ error: { code: 'upstream_unreachable' } });
    expect(upstream.requests.length).toBe(1);
  });

  it('does not retry a PUT whose body was too large to keep for a replay', async () => {
    script = [503, 200];
    const response = await call('PUT', 'x'.repeat(200 * 1024));
    expect(response.status).toBe(503);
    expect(upstream.requests.length).toBe(1);
    expect(upstream.requests[0]!.bodyBytes).toBe(200 * 1024);
  });
});

describe('several base URLs', () => {
  let upstream: MockRest;
  let harness: ApiHarness;
  const clock = new TestClock();

  beforeAll(async () => {
    upstream = await new MockRest().start();
    const down = `http://127.0.0.1:${await closedPort()}`;
    harness = await startApiGateway(
      [{ slug: 'pair', baseUrls: [down, upstream.url], retry: { attempts: 1 }, coolDownMs: 30_000 }],
      { clock },
    );
  });

  afterAll(async () => {
    await harness?.stop();
    await upstream?.stop();
  });

  it('with one base URL down every request succeeds, and the down one is skipped while it cools down', async () => {
    const statuses: number[] = [];
    const ids: string[] = [];
    for (let index = 0; index < 8; index += 1) {
      const method = index % 2 === 0 ? 'GET' : 'POST';
      const response = await rawRequest(harness.url, `/apis/pair/n/${index}`, {
        method,
        headers: { ...authorized(), 'content-type': 'application/json' },
        body: method === 'POST' ? '{"n":1}' : undefined,
      });
      statuses.push(response.status);
      ids.push(String(response.headers['x-gatehouse-request-id']));
    }
    expect(statuses).toEqual(Array(8).fill(200));
    expect(upstream.requests.length).toBe(8);
    const attempts = await Promise.all(
      ids.map(async (id) => ((await harness.logRow(id)).attempts as unknown[]).length),
    );
    // Only the first request met the dead URL; afterwards it was cooling down and skipped.
    expect(attempts).toEqual([2, 1, 1, 1, 1, 1, 1, 1]);

    const health = (await (await harness.admin('/admin/apis/pair')).json()).targets;
    expect(health[0]).toMatchObject({ healthy: false });
    expect(health[1]).toMatchObject({ healthy: true });

    // After the cool-down the dead URL gets its turn again, and the request still succeeds.
    clock.time += 31_000;
    const again = await Promise.all(
      [0, 1].map((n) => rawRequest(harness.url, `/apis/pair/again/${n}`, { headers: authorized() })),
    );
    expect(again.map((response) => response.status)).toEqual([200, 200]);
  });
});
