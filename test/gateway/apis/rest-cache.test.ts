import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authorized, MockRest, rawRequest, startApiGateway, TestClock, type ApiHarness } from './api-harness';

describe('REST response cache', () => {
  let upstream: MockRest;
  let harness: ApiHarness;
  const clock = new TestClock();
  let served = 0;

  beforeAll(async () => {
    upstream = await new MockRest().start();
    // /cc/<cache-control>/… answers with that Cache-Control; /size/<n> with n bytes; /vary with Vary: Accept.
    upstream.handler = (request, response) => {
      served += 1;
      const [, kind, value] = request.url.split('?')[0]!.split('/');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (kind === 'cc' && value !== 'none') headers['cache-control'] = decodeURIComponent(value!);
      if (kind === 'vary') Object.assign(headers, { vary: 'Accept', 'cache-control': 'max-age=60' });
      if (kind === 'size') {
        response.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
        return response.end('s'.repeat(Number(value)));
      }
      response.writeHead(200, headers);
      response.end(JSON.stringify({ served, accept: request.headers.accept ?? null }));
    };
    harness = await startApiGateway(
      [
        { slug: 'c', baseUrls: [upstream.url], cache: { enabled: true, maxBodyBytes: 1000 } },
        { slug: 'ttl', baseUrls: [upstream.url], cache: { enabled: true, ttlSeconds: 5 } },
        { slug: 'off', baseUrls: [upstream.url] },
      ],
      { clock },
    );
  });

  beforeEach(() => {
    upstream.requests.length = 0;
  });

  afterAll(async () => {
    await harness?.stop();
    await upstream?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(harness.url, path, { headers: { ...authorized(), ...headers } });

  it('answers a repeated cacheable GET from the cache, and logs the hit', async () => {
    const first = await get('/apis/c/cc/max-age%3D60/a?x=1');
    const second = await get('/apis/c/cc/max-age%3D60/a?x=1');
    expect(first.headers['x-gatehouse-cache']).toBe('miss');
    expect(second.headers['x-gatehouse-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toBe('application/json');
    expect(upstream.requests.length).toBe(1);
    const row = await harness.logRow(String(second.headers['x-gatehouse-request-id']));
    expect(row).toMatchObject({ cacheHit: true, status: 200, api: 'c', bytesOut: second.body.length });
    expect(row.attempts).toBeUndefined();

    // Another query string is another entry.
    await get('/apis/c/cc/max-age%3D60/a?x=2');
    expect(upstream.requests.length).toBe(2);
  });

  it('misses after the freshness lifetime', async () => {
    await get('/apis/c/cc/max-age%3D60/expiring');
    expect((await get('/apis/c/cc/max-age%3D60/expiring')).headers['x-gatehouse-cache']).toBe('hit');
    clock.time += 61_000;
    expect((await get('/apis/c/cc/max-age%3D60/expiring')).headers['x-gatehouse-cache']).toBe('miss');
    expect(upstream.requests.length).toBe(2);
  });

  it('uses the API ttlSeconds for answers without Cache-Control, and it expires', async () => {
    await get('/apis/ttl/cc/none/t');
    expect((await get('/apis/ttl/cc/none/t')).headers['x-gatehouse-cache']).toBe('hit');
    clock.time += 6_000;
    expect((await get('/apis/ttl/cc/none/t')).headers['x-gatehouse-cache']).toBe('miss');
    expect(upstream.requests.length).toBe(2);
  });

  it('never stores no-store, no-cache or private answers', async () => {
    for (const directive of ['no-store', 'no-cache', 'private%2C%20max-age%3D60', 'none']) {
      await get(`/apis/c/cc/${directive}/p`);
      const again = await get(`/apis/c/cc/${directive}/p`);
      expect(again.headers['x-gatehouse-cache']).toBe('miss');
    }
    expect(upstream.requests.length).toBe(8);
  });

  it('a request with Cache-Control: no-store skips the cache both ways', async () => {
    await get('/apis/c/cc/max-age%3D60/r');
    const bypass = await get('/apis/c/cc/max-age%3D60/r', { 'cache-control': 'no-store' });
    expect(bypass.headers['x-gatehouse-cache']).toBeUndefined();
    expect(upstream.requests.length).toBe(2);
    // no-cache refreshes: no lookup, but the new answer is stored.
    const refreshed = await get('/apis/c/cc/max-age%3D60/r', { 'cache-control': 'no-cache' });
    expect(refreshed.headers['x-gatehouse-cache']).toBe('miss');
    const hit = await get('/apis/c/cc/max-age%3D60/r');
    expect(hit.headers['x-gatehouse-cache']).toBe('hit');
    expect(hit.body).toBe(refreshed.body);
    expect(upstream.requests.length).toBe(3);
  });

  it('keeps one entry per value of the Vary’d headers', async () => {
    const json = await get('/apis/c/vary/v', { accept: 'application/json' });
    const xml = await get('/apis/c/vary/v', { accept: 'application/xml' });
    expect(JSON.parse(xml.body).accept).toBe('application/xml');
    const jsonAgain = await get('/apis/c/vary/v', { accept: 'application/json' });
    expect(jsonAgain.headers['x-gatehouse-cache']).toBe('hit');
    expect(jsonAgain.body).toBe(json.body);
    expect(upstream.requests.length).toBe(2);
  });

  it('streams bodies over the size cap without storing them', async () => {
    await get('/apis/c/size/5000');
    const again = await get('/apis/c/size/5000');
    expect(again.body.length).toBe(5000);
    expect(again.headers['x-gatehouse-cache']).toBe('miss');
    await get('/apis/c/size/900');
    expect((await get('/apis/c/size/900')).headers['x-gatehouse-cache']).toBe('hit');
    expect(upstream.requests.length).toBe(3);
  });

  it('leaves POST and APIs without caching alone', async () => {
    await rawRequest(harness.url, '/apis/c/cc/max-age%3D60/post', {
      method: 'POST',
      headers: authorized(),
      body: '{}',
    });
    await rawRequest(harness.url, '/apis/c/cc/max-age%3D60/post', {
      method: 'POST',
      headers: authorized(),
      body: '{}',
    });
    const off = await get('/apis/off/cc/max-age%3D60/o');
    await get('/apis/off/cc/max-age%3D60/o');
    expect(off.headers['x-gatehouse-cache']).toBeUndefined();
    expect(upstream.requests.length).toBe(4);
  });
});
