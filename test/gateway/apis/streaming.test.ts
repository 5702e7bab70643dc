import http from 'node:http';
import { WebSocket } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorized,
  FULL_KEY,
  GITHUB_ONLY_KEY,
  MockRest,
  startApiGateway,
  UPSTREAM_TOKEN,
  type ApiHarness,
} from './api-harness';
import { acceptEchoUpgrade } from './websocket-echo';

/** Resolves with the promise's value, or fails the test with `what` after 10 s instead of hanging. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 10_000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('streams and upgrades', () => {
  let upstream: MockRest;
  let harness: ApiHarness;
  let releaseSecond: () => void = () => undefined;
  const upgrades: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    upstream = await new MockRest().start();
    upstream.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.write('event: tick\ndata: {"n":1}\n\n');
      // The second event waits until the test saw the first one through the gateway.
      new Promise<void>((resolve) => (releaseSecond = resolve)).then(() => {
        response.write('event: tick\ndata: {"n":2}\n\n');
        response.end('data: [DONE]\n\n');
      });
    };
    upstream.httpServer.on('upgrade', (request, socket) => {
      upgrades.push(request.headers);
      acceptEchoUpgrade(request, socket);
    });
    harness = await startApiGateway([
      {
        slug: 'events',
        baseUrls: [upstream.url],
        auth: { type: 'header', secret: 'env:UPSTREAM_TOKEN' },
      },
      { slug: 'github', baseUrls: [upstream.url] },
    ]);
  });

  afterAll(async () => {
    await harness?.stop();
    await upstream?.stop();
  });

  it('passes server-sent events through one by one', async () => {
    const response = await fetch(`${harness.url}/apis/events/stream`, { headers: authorized() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('"n":1}\n\n')) {
      const { value, done } = await within(reader.read(), 'the first event');
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    expect(received).toBe('event: tick\ndata: {"n":1}\n\n');
    releaseSecond();
    for (;;) {
      const { value, done } = await within(reader.read(), 'the rest of the stream');
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    expect(received).toBe('event: tick\ndata: {"n":1}\n\nevent: tick\ndata: {"n":2}\n\ndata: [DONE]\n\n');
    const row = await harness.logRow(response.headers.get('x-gatehouse-request-id')!);
    expect(row).toMatchObject({ stream: true, status: 200, bytesOut: Buffer.byteLength(received) });
  });

  it('passes a WebSocket through both ways, with the credential injected and masked on the way back', async () => {
    const socket = new WebSocket(`${harness.url.replace('http', 'ws')}/apis/events/socket?room=1`, {
      headers: authorized(),
    });
    const messages: string[] = [];
    const closed = new Promise<void>((resolve) => socket.addEventListener('close', () => resolve()));
    const got = (count: number) =>
      within(
        new Promise<void>((resolve) => {
          const check = () => (messages.length >= count ? resolve() : setTimeout(check, 5));
          check();
        }),
        `${count} WebSocket messages`,
      );
    socket.addEventListener('message', (event) => messages.push(String(event.data)));
    await within(new Promise((resolve) => socket.addEventListener('open', resolve)), 'the WebSocket to open');
    socket.send('hello');
    socket.send('x'.repeat(300));
    await got(3);
    expect(messages[0]).toBe(`auth:Bearer ${'*'.repeat(UPSTREAM_TOKEN.length)}`);
    expect(messages.slice(1)).toEqual(['echo:hello', `echo:${'x'.repeat(300)}`]);
    socket.close(1000, 'bye');
    await within(closed, 'the WebSocket to close');

    const seen = upgrades.at(-1)!;
    expect(seen.authorization).toBe(`Bearer ${UPSTREAM_TOKEN}`);
    expect(JSON.stringify(seen)).not.toContain(FULL_KEY);
    // The upstream's own URL, below the base path, with the query.
    const rows = await waitForRow(harness, (row) => row.status === 101);
    expect(rows).toMatchObject({
      api: 'events',
      endpoint: '/apis/events/socket',
      keyName: 'full',
      method: 'GET',
    });
    expect(Number(rows.bytesIn)).toBeGreaterThan(300);
    expect(JSON.stringify(rows)).not.toContain(UPSTREAM_TOKEN);
  });

  it('takes the gateway key from a subprotocol (browsers cannot set headers) and hides it from the upstream', async () => {
    const socket = new WebSocket(`${harness.url.replace('http', 'ws')}/apis/github/chat`, {
      protocols: [`gatehouse-key.${FULL_KEY}`, 'chat.v1'],
    });
    const first = new Promise<string>((resolve) =>
      socket.addEventListener('message', (event) => resolve(String(event.data))),
    );
    await within(new Promise((resolve) => socket.addEventListener('open', resolve)), 'the WebSocket to open');
    expect(socket.protocol).toBe('chat.v1');
    expect(await within(first, 'the greeting')).toBe('auth:');
    socket.close();
    expect(upgrades.at(-1)!['sec-websocket-protocol']).toBe('chat.v1');
  });

  it('refuses upgrades addressed to a foreign Host or coming from a foreign page', async () => {
    const foreign: Array<Record<string, string>> = [
      { host: 'evil.example' },
      { origin: 'http://evil.example' },
    ];
    for (const extra of foreign) {
      const status = await upgradeStatus(harness.url, '/apis/events/socket', { ...authorized(), ...extra });
      expect(status).toBe(403);
    }
  });

  it('refuses an upgrade without a key, or to an API the key may not use', async () => {
    for (const headers of [{}, authorized(GITHUB_ONLY_KEY)]) {
      const status = await upgradeStatus(harness.url, '/apis/events/socket', headers);
      expect(status).toBe(Object.keys(headers).length === 0 ? 401 : 403);
    }
  });
});

function upgradeStatus(baseUrl: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const request = http.request(`${baseUrl}${path}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    request.on('response', (response) => resolve(response.statusCode ?? 0));
    request.on('upgrade', () => reject(new Error('upgraded')));
    request.on('error', reject);
    request.end();
  });
}

async function waitForRow(
  harness: ApiHarness,
  match: (row: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    harness.gateway.services.logWriter.flush();
    const page = (await (await harness.admin('/admin/logs?limit=50')).json()) as {
      items: Array<Record<string, unknown>>;
    };
    const found = page.items.find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no matching log row');
}
