import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorized,
  FULL_KEY,
  MockRest,
  rawRequest,
  startApiGateway,
  UPSTREAM_TOKEN,
  type ApiHarness,
} from './api-harness';

describe('REST API credential injection', () => {
  let upstream: MockRest;
  let harness: ApiHarness;

  beforeAll(async () => {
    upstream = await new MockRest().start();
    // An upstream that reflects what it received, headers included, like httpbin's /anything.
    upstream.handler = (request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'x-echo-authorization': String(request.headers.authorization ?? ''),
        'x-echo-url': request.url,
        connection: 'keep-alive, x-hop',
        'x-hop': 'per-connection',
      });
      response.end(JSON.stringify({ url: request.url, headers: request.headers, body: request.body }));
    };
    harness = await startApiGateway([
      {
        slug: 'github',
        baseUrls: [`${upstream.url}/base`],
        auth: {
          type: 'header',
          name: 'Authorization',
          template: 'token {{secret}}',
          secret: 'env:UPSTREAM_TOKEN',
        },
        defaultHeaders: { 'X-GitHub-Api-Version': '2022-11-28', Accept: 'application/vnd.github+json' },
      },
      {
        slug: 'weather',
        baseUrls: [upstream.url],
        auth: { type: 'query', name: 'appid', secret: 'env:UPSTREAM_TOKEN' },
      },
      {
        slug: 'jira',
        baseUrls: [upstream.url],
        auth: { type: 'basic', username: 'robot@example.com', secret: 'env:UPSTREAM_TOKEN' },
      },
    ]);
  });

  afterAll(async () => {
    await harness?.stop();
    await upstream?.stop();
  });

  it('adds the header credential upstream; the caller never sends nor sees it', async () => {
    const response = await rawRequest(harness.url, '/apis/github/repos/octo/hello?per_page=5&page=2', {
      method: 'POST',
      headers: { ...authorized(), 'content-type': 'application/json', 'x-api-key': 'caller-own-key' },
      body: '{"title":"hello"}',
    });
    expect(response.status).toBe(200);
    const received = upstream.requests.at(-1)!;
    expect(received.url).toBe('/base/repos/octo/hello?per_page=5&page=2');
    expect(received.headers.authorization).toBe(`token ${UPSTREAM_TOKEN}`);
    expect(received.headers['x-api-key']).toBeUndefined();
    expect(received.headers['x-github-api-version']).toBe('2022-11-28');
    expect(received.headers.host).toBe(new URL(upstream.url).host);
    expect(JSON.stringify(received.headers)).not.toContain(FULL_KEY);
    expect(received.body).toBe('{"title":"hello"}');

    // The echo of the credential is cut from the headers and masked in the body.
    const everything = JSON.stringify(response.headers) + response.body;
    expect(everything).not.toContain(UPSTREAM_TOKEN);
    expect(response.headers['x-echo-authorization']).toBeUndefined();
    expect(response.headers['x-hop']).toBeUndefined();
    expect(JSON.parse(response.body).headers.authorization).toBe(
      `token ${'*'.repeat(UPSTREAM_TOKEN.length)}`,
    );

    const id = String(response.headers['x-gatehouse-request-id']);
    const row = await harness.logRow(id);
    expect(JSON.stringify(row)).not.toContain(UPSTREAM_TOKEN);
    expect(JSON.stringify(row)).not.toContain(FULL_KEY);
    expect(row).toMatchObject({
      api: 'github',
      method: 'POST',
      endpoint: '/apis/github/repos/octo/hello',
      status: 200,
      keyName: 'full',
      bytesIn: 17,
      requestBody: '{"title":"hello"}',
    });
    expect(row.bytesOut).toBe(Buffer.byteLength(response.body));
    const filtered = await (await harness.admin('/admin/logs?api=github')).json();
    expect(filtered.items.map((item: { id: string }) => item.id)).toEqual([id]);

    const admin = await (await harness.admin('/admin/apis')).text();
    expect(admin).not.toContain(UPSTREAM_TOKEN);
    expect(JSON.parse(admin).items[0].secret).toMatchObject({
      reference: 'env:UPSTREAM_TOKEN',
      stored: true,
      hint: `…${UPSTREAM_TOKEN.slice(-4)}`,
    });
  });

  it('replaces a query parameter credential the caller tried to set', async () => {
    const response = await rawRequest(harness.url, '/apis/weather/data/2.5?q=Paris&appid=mine&units=metric', {
      headers: authorized(),
    });
    expect(response.status).toBe(200);
    expect(upstream.requests.at(-1)!.url).toBe(`/data/2.5?q=Paris&units=metric&appid=${UPSTREAM_TOKEN}`);
    expect(JSON.stringify(response.headers) + response.body).not.toContain(UPSTREAM_TOKEN);
  });

  it('sends basic auth from the username and the secret', async () => {
    const response = await rawRequest(harness.url, '/apis/jira/rest/api/3/myself', {
      headers: { ...authorized(), authorization: `Bearer ${FULL_KEY}` },
    });
    expect(response.status).toBe(200);
    const expected = Buffer.from(`robot@example.com:${UPSTREAM_TOKEN}`).toString('base64');
    expect(upstream.requests.at(-1)!.headers.authorization).toBe(`Basic ${expected}`);
    expect(JSON.stringify(response.headers) + response.body).not.toContain(expected);
  });
});
