import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApiPath } from '../../../src/gateway/apis/path-safety';
import { authorized, MockRest, rawRequest, startApiGateway, type ApiHarness } from './api-harness';

const ATTACKS = [
  '/apis/x/../admin',
  '/apis/x/../../admin/keys',
  '/apis/x/./../admin',
  '/apis/x/%2e%2e/admin',
  '/apis/x/%2E%2e/admin',
  '/apis/x/.%2e/admin',
  '/apis/x/%2e%2e%2fadmin',
  '/apis/x/%2e%2e%2Fadmin',
  '/apis/x/..%2f..%2fadmin',
  '/apis/x/..%2F..%2Fadmin',
  '/apis/x/%252e%252e/admin',
  '/apis/x/%252e%252e%252fadmin',
  '/apis/x/%25252e%25252e/admin',
  '/apis/x/..\\admin',
  '/apis/x/..%5cadmin',
  '/apis/x/..%5Cadmin',
  '/apis/x/%2e%2e%5cadmin',
  '/apis/x/..;/admin',
  '/apis/x/..%3b/admin',
  '/apis/x/v1/%00/admin',
  '/apis/x/v1/..',
];

describe('path safety', () => {
  let upstream: MockRest;
  let harness: ApiHarness;

  beforeAll(async () => {
    upstream = await new MockRest().start();
    harness = await startApiGateway([{ slug: 'x', baseUrls: [`${upstream.url}/base/v1`] }]);
  });

  afterAll(async () => {
    await harness?.stop();
    await upstream?.stop();
  });

  it.each(ATTACKS)('refuses %s with 400, sends nothing upstream and never reaches /admin', async (path) => {
    const before = upstream.requests.length;
    const response = await rawRequest(harness.url, path, { headers: authorized() });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'invalid_request', type: 'invalid_request_error' },
    });
    expect(upstream.requests.length).toBe(before);
  });

  it('refuses a malformed escape before routing (Fastify answers 400), sending nothing upstream', async () => {
    const before = upstream.requests.length;
    const response = await rawRequest(harness.url, '/apis/x/%zz/admin', { headers: authorized() });
    expect(response.status).toBe(400);
    expect(upstream.requests.length).toBe(before);
  });

  it('never answers an attack with an /admin route, even with the admin token', async () => {
    for (const path of ATTACKS) {
      const response = await rawRequest(harness.url, path, {
        headers: { authorization: `Bearer ${harness.gateway.adminToken}` },
      });
      // The admin token is not a gateway key: 401 from /apis, never an admin answer (200 with data).
      expect(response.status).toBe(401);
      expect(response.body).not.toContain('items');
    }
    expect(upstream.requests.every((request) => request.url.startsWith('/base/v1'))).toBe(true);
  });

  it('a slug of ".." or an encoded slash in it names no API', async () => {
    for (const path of ['/apis/../admin/keys', '/apis/%2e%2e/admin/keys', '/apis/x%2f..%2f..%2fadmin/keys']) {
      const response = await rawRequest(harness.url, path, { headers: authorized() });
      expect([400, 404]).toContain(response.status);
    }
  });

  it('forwards ordinary paths unchanged below the base path', async () => {
    const paths = [
      '/apis/x/items/42',
      '/apis/x/projects/group%2Fproject/issues',
      '/apis/x/a/.well/b..c/...',
      '/apis/x',
    ];
    for (const path of paths) {
      const response = await rawRequest(harness.url, path, { headers: authorized() });
      expect(response.status).toBe(200);
    }
    expect(upstream.requests.map((request) => request.url)).toEqual([
      '/base/v1/items/42',
      '/base/v1/projects/group%2Fproject/issues',
      '/base/v1/a/.well/b..c/...',
      '/base/v1',
    ]);
  });

  it('checkApiPath keeps every accepted path under the base', () => {
    for (const path of ['/a/b', '/a%20b', '/%41', '', '/', '//double', '/100%25'])
      expect(checkApiPath(path)).toBe(path);
    for (const path of ['/..', '/.', '/a/%2E', '/a/%2e%2E%2f', '/%c0%ae%c0%ae', 'relative']) {
      if (path === '/%c0%ae%c0%ae') expect(() => checkApiPath(path)).toThrow(/malformed/);
      else expect(() => checkApiPath(path)).toThrow(/refused/);
    }
  });
});
