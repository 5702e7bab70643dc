import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorized,
  MemoryKeychain,
  MockRest,
  rawRequest,
  startApiGateway,
  UPSTREAM_TOKEN,
  type ApiHarness,
} from './api-harness';

const STORED_TOKEN = 'sk_live_storedThroughTheAdminApi_0123456789';

const OPENAPI_YAML = `
openapi: 3.0.3
info: { title: Pet Store, version: '1.2' }
paths:
  /pets/{petId}:
    parameters:
      - $ref: '#/components/parameters/PetId'
    get:
      operationId: getPet
      summary: One pet
      tags: [pets]
      parameters:
        - { name: fields, in: query, schema: { type: string } }
    delete:
      operationId: deletePet
  /pets:
    post:
      operationId: createPet
      requestBody:
        $ref: '#/components/requestBodies/Pet'
components:
  parameters:
    PetId: { name: petId, in: path, description: The id, schema: { type: integer } }
  requestBodies:
    Pet:
      required: true
      content: { application/json: { schema: { type: object } } }
`;

describe('/admin/apis', () => {
  let upstream: MockRest;
  let harness: ApiHarness;
  const keychain = new MemoryKeychain();

  const json = (method: string, body: unknown) => ({
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  beforeAll(async () => {
    upstream = await new MockRest().start();
    upstream.handler = (request, response) => {
      const refused = request.url.startsWith('/locked');
      response.writeHead(refused ? 401 : 200, {
        'content-type': 'application/json',
        'x-seen-auth': String(request.headers.authorization),
      });
      response.end(JSON.stringify({ url: request.url, auth: request.headers.authorization ?? null }));
    };
    harness = await startApiGateway(
      [
        {
          slug: 'configured',
          baseUrls: [upstream.url],
          auth: { type: 'header', secret: 'env:UPSTREAM_TOKEN' },
        },
      ],
      { secretStores: [keychain] },
    );
  });

  afterAll(async () => {
    await harness?.stop();
    await upstream?.stop();
  });

  it('creates an API, stores its credential write-only, and serves it', async () => {
    const created = await harness.admin(
      '/admin/apis',
      json('POST', {
        slug: 'stripe',
        label: 'Stripe',
        baseUrls: [`${upstream.url}/v1`],
        auth: { type: 'header', template: 'Bearer {{secret}}' },
        cache: { enabled: true, ttlSeconds: 30 },
      }),
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      slug: 'stripe',
      source: 'admin',
      enabled: true,
      proxyPath: '/apis/stripe/',
      secret: { reference: null, stored: false },
      hasOpenApi: false,
      targets: [{ url: `${upstream.url}/v1`, healthy: true }],
    });

    const before = await rawRequest(harness.url, '/apis/stripe/charges', { headers: authorized() });
    expect(before.status).toBe(500);
    expect(JSON.parse(before.body).error.message).toContain('PUT /admin/apis/stripe/secret');

    const stored = await harness.admin(
      '/admin/apis/stripe/secret',
      json('PUT', { value: `${STORED_TOKEN}\n` }),
    );
    expect(await stored.json()).toEqual({ reference: 'keychain:api.stripe', stored: true, hint: '…6789' });
    expect(keychain.values.get('api.stripe')).toBe(STORED_TOKEN);

    const after = await rawRequest(harness.url, '/apis/stripe/charges', { headers: authorized() });
    expect(after.status).toBe(200);
    expect(upstream.requests.at(-1)).toMatchObject({
      url: '/v1/charges',
      headers: { authorization: `Bearer ${STORED_TOKEN}` },
    });
    expect(JSON.stringify(after.headers) + after.body).not.toContain(STORED_TOKEN);

    for (const path of ['/admin/apis', '/admin/apis/stripe', '/admin/apis/stripe/secret']) {
      const text = await (await harness.admin(path)).text();
      expect(text).not.toContain(STORED_TOKEN);
    }
  });

  it('changes an API; an auth block without secret keeps the stored credential', async () => {
    const patched = await harness.admin(
      '/admin/apis/stripe',
      json('PATCH', {
        auth: { type: 'header', name: 'X-Token', template: '{{secret}}' },
        cache: null,
        timeoutMs: 5000,
      }),
    );
    expect(patched.status).toBe(200);
    const view = await patched.json();
    expect(view).toMatchObject({ auth: { name: 'X-Token', secret: 'keychain:api.stripe' }, timeoutMs: 5000 });
    expect(view.cache).toBeUndefined();
    await rawRequest(harness.url, '/apis/stripe/balance', { headers: authorized() });
    expect(upstream.requests.at(-1)!.headers['x-token']).toBe(STORED_TOKEN);

    const replaced = await harness.admin(
      '/admin/apis/stripe',
      json('PUT', { slug: 'stripe', baseUrls: [`${upstream.url}/v2`] }),
    );
    expect(await replaced.json()).toMatchObject({
      baseUrls: [`${upstream.url}/v2`],
      secret: { stored: false },
    });
    expect(
      (await harness.admin('/admin/apis/stripe', json('PUT', { slug: 'other', baseUrls: [upstream.url] })))
        .status,
    ).toBe(400);
  });

  it('refuses a credential pasted into the settings, and unknown fields', async () => {
    const response = await harness.admin(
      '/admin/apis',
      json('POST', { slug: 'bad', baseUrls: [upstream.url], token: 'abc' }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('PUT /admin/apis/:slug/secret');
    const raw = await harness.admin(
      '/admin/apis',
      json('POST', {
        slug: 'bad',
        baseUrls: [upstream.url],
        auth: { type: 'header', secret: 'ghp_rawtoken' },
      }),
    );
    expect(raw.status).toBe(400);
  });

  it('keeps config-file APIs read-only', async () => {
    const view = await (await harness.admin('/admin/apis/configured')).json();
    expect(view).toMatchObject({
      source: 'config',
      secret: { reference: 'env:UPSTREAM_TOKEN', stored: true },
    });
    expect(JSON.stringify(view)).not.toContain(UPSTREAM_TOKEN);
    expect((await harness.admin('/admin/apis/configured', json('PATCH', { timeoutMs: 1000 }))).status).toBe(
      409,
    );
    expect((await harness.admin('/admin/apis/configured', { method: 'DELETE' })).status).toBe(409);
    expect(
      (await harness.admin('/admin/apis/configured/secret', json('PUT', { value: 'x'.repeat(20) }))).status,
    ).toBe(409);
  });

  it('imports an OpenAPI document and lists its operations', async () => {
    const imported = await harness.admin('/admin/apis/configured/openapi', {
      method: 'PUT',
      headers: { 'content-type': 'application/yaml' },
      body: OPENAPI_YAML,
    });
    expect(imported.status).toBe(200);
    const operations = await (await harness.admin('/admin/apis/configured/operations')).json();
    expect(operations.title).toBe('Pet Store');
    expect(
      operations.items.map(
        (operation: { method: string; path: string }) => `${operation.method} ${operation.path}`,
      ),
    ).toEqual(['GET /pets/{petId}', 'DELETE /pets/{petId}', 'POST /pets']);
    expect(operations.items[0]).toMatchObject({
      operationId: 'getPet',
      summary: 'One pet',
      tags: ['pets'],
      parameters: [
        { name: 'petId', in: 'path', required: true, description: 'The id', schema: { type: 'integer' } },
        { name: 'fields', in: 'query', required: false },
      ],
      requestBody: null,
    });
    expect(operations.items[2].requestBody).toEqual({
      required: true,
      contentTypes: ['application/json'],
      description: null,
    });
    expect(await (await harness.admin('/admin/apis/configured')).json()).toMatchObject({
      hasOpenApi: true,
      operationCount: 3,
    });

    const asJson = await harness.admin('/admin/apis/configured/openapi', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openapi: '3.1.0', info: { title: 'J' }, paths: { '/a': { get: {} } } }),
    });
    expect((await asJson.json()).items).toHaveLength(1);
    const swagger = await harness.admin('/admin/apis/configured/openapi', {
      method: 'PUT',
      body: '{"swagger":"2.0","paths":{}}',
    });
    expect(swagger.status).toBe(400);
    expect((await harness.admin('/admin/apis/configured/openapi', { method: 'DELETE' })).status).toBe(204);
    expect((await (await harness.admin('/admin/apis/configured/operations')).json()).items).toEqual([]);
  });

  it('tries a call through the gateway and logs it', async () => {
    const tried = await harness.admin(
      '/admin/apis/configured/try',
      json('POST', {
        method: 'GET',
        path: '/pets/7',
        query: { fields: 'name tag' },
        headers: { accept: 'application/json' },
      }),
    );
    const result = await tried.json();
    expect(result).toMatchObject({ status: 200, bodyTruncated: false, cacheHit: false });
    expect(JSON.parse(result.body)).toEqual({
      url: '/pets/7?fields=name+tag',
      auth: `Bearer ${'*'.repeat(UPSTREAM_TOKEN.length)}`,
    });
    expect(result.headers['x-seen-auth']).toBeUndefined();
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Bearer ${UPSTREAM_TOKEN}`);
    const row = await harness.logRow(result.requestId);
    expect(row).toMatchObject({
      api: 'configured',
      method: 'GET',
      endpoint: '/apis/configured/pets/7',
      status: 200,
    });

    const traversal = await (
      await harness.admin('/admin/apis/configured/try', json('POST', { method: 'GET', path: '/../admin' }))
    ).json();
    expect(traversal.status).toBe(400);
  });

  it('tests the connection of every base URL', async () => {
    expect(
      await (await harness.admin('/admin/apis/configured/test', { method: 'POST' })).json(),
    ).toMatchObject({ ok: true, status: 200 });
    await harness.admin(
      '/admin/apis',
      json('POST', { slug: 'locked', baseUrls: [`${upstream.url}/locked`] }),
    );
    const locked = await (await harness.admin('/admin/apis/locked/test', { method: 'POST' })).json();
    expect(locked).toMatchObject({ ok: false, status: 401 });
  });

  it('deletes an admin API and its keychain credential', async () => {
    await harness.admin(
      '/admin/apis',
      json('POST', { slug: 'gone', baseUrls: [upstream.url], auth: { type: 'query', name: 'key' } }),
    );
    await harness.admin('/admin/apis/gone/secret', json('PUT', { value: 'a-value-long-enough' }));
    expect(keychain.values.has('api.gone')).toBe(true);
    expect((await harness.admin('/admin/apis/gone', { method: 'DELETE' })).status).toBe(204);
    expect(keychain.values.has('api.gone')).toBe(false);
    expect((await rawRequest(harness.url, '/apis/gone/x', { headers: authorized() })).status).toBe(404);
  });

  it('limits gateway keys to APIs through /admin/keys', async () => {
    const created = await harness.admin('/admin/keys', json('POST', { name: 'ci', apis: ['stripe'] }));
    const key = await created.json();
    expect(key.allowedApis).toEqual(['stripe']);
    expect(
      (await rawRequest(harness.url, '/apis/configured/x', { headers: authorized(key.key) })).status,
    ).toBe(403);
    const opened = await harness.admin('/admin/keys/ci', json('PATCH', { apis: null }));
    expect((await opened.json()).allowedApis).toBeNull();
    expect(
      (await rawRequest(harness.url, '/apis/configured/x', { headers: authorized(key.key) })).status,
    ).toBe(200);
  });
});
