import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorized,
  GITHUB_ONLY_KEY,
  MockRest,
  rawRequest,
  startApiGateway,
  TestClock,
  type ApiHarness,
} from './api-harness';

describe('who may call which API', () => {
  let upstream: MockRest;
  let harness: ApiHarness;
  const clock = new TestClock();
  let hang = false;

  beforeAll(async () => {
    upstream = await new MockRest().start();
    upstream.handler = (_request, response) => {
      if (hang) return; // never answers: the API's timeout decides
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    };
    harness = await startApiGateway(
      [
        { slug: 'github', baseUrls: [upstream.url] },
        { slug: 'stripe', baseUrls: [upstream.url], allowedMethods: ['GET', 'POST'] },
        { slug: 'limited', baseUrls: [upstream.url], rateLimit: { requestsPerMinute: 2 } },
        { slug: 'slow', baseUrls: [upstream.url], timeoutMs: 300, retry: { attempts: 1 } },
        { slug: 'off', baseUrls: [upstream.url], enabled: false },
        { slug: 'nokey', baseUrls: [upstream.url], auth: { type: 'header', secret: 'env:NOT_SET_ANYWHERE' } },
      ],
      { clock },
    );
  });

  afterAll(async () => {
    hang = false;
    await harness?.stop();
    await upstream?.stop();
  });

  it('needs a gateway key', async () => {
    const response = await rawRequest(harness.url, '/apis/github/user');
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual({
      error: expect.objectContaining({ type: 'authentication_error', code: 'invalid_api_key' }),
    });
    const wrong = await rawRequest(harness.url, '/apis/github/user', {
      headers: authorized('gh_wrong_key_000000000000'),
    });
    expect(wrong.status).toBe(401);
  });

  it('a key limited to some APIs gets 403 for the others', async () => {
    const allowed = await rawRequest(harness.url, '/apis/github/user', {
      headers: authorized(GITHUB_ONLY_KEY),
    });
    expect(allowed.status).toBe(200);
    const refused = await rawRequest(harness.url, '/apis/stripe/v1/charges', {
      headers: authorized(GITHUB_ONLY_KEY),
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error).toMatchObject({ type: 'permission_error', code: 'forbidden' });
    const row = await harness.logRow(String(refused.headers['x-gatehouse-request-id']));
    expect(row).toMatchObject({ status: 403, api: 'stripe', keyName: 'github-only', outcome: 'error' });
  });

  it('unknown and disabled APIs are 404', async () => {
    for (const path of ['/apis/nope/x', '/apis/off/x']) {
      const response = await rawRequest(harness.url, path, { headers: authorized() });
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body).error.code).toBe('not_found');
    }
  });

  it('a method the API does not allow is 405 with Allow', async () => {
    const response = await rawRequest(harness.url, '/apis/stripe/v1/charges/1', {
      method: 'DELETE',
      headers: authorized(),
    });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, POST');
  });

  it('over the rate limit is 429 with Retry-After, until the minute has passed', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let index = 0; index < 3; index += 1) {
      const response = await rawRequest(harness.url, '/apis/limited/x', { headers: authorized() });
      statuses.push(response.status);
      retryAfter ??= response.headers['retry-after'] as string | undefined;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    clock.time += 60_001;
    expect((await rawRequest(harness.url, '/apis/limited/x', { headers: authorized() })).status).toBe(200);
  });

  it('an upstream slower than the API timeout is 504', async () => {
    hang = true;
    const response = await rawRequest(harness.url, '/apis/slow/x', { headers: authorized() });
    hang = false;
    expect(response.status).toBe(504);
    expect(JSON.parse(response.body).error.code).toBe('upstream_timeout');
  });

  it('a credential that does not resolve is a 500 saying what to set', async () => {
    const response = await rawRequest(harness.url, '/apis/nokey/x', { headers: authorized() });
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body).error.message).toContain('NOT_SET_ANYWHERE');
  });
});
