import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyTap } from '../../../src/gateway/apis/body-tap';
import { injectCredential, replaceQueryParameter } from '../../../src/gateway/apis/credential-injection';
import { clientResponseHeaders, upstreamRequestHeaders } from '../../../src/gateway/apis/forward-headers';
import { cacheUse, freshnessSeconds } from '../../../src/gateway/apis/rest-cache-policy';
import { TargetSelector } from '../../../src/gateway/apis/target-selector';
import { openDatabase } from '../../../src/gateway/storage/database';
import { ApiRepository } from '../../../src/gateway/storage/api-repository';
import { tempDir } from '../../helpers/gateway-harness';

async function through(tap: BodyTap, chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  tap.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    Readable.from(chunks.map((chunk) => Buffer.from(chunk)))
      .pipe(tap)
      .on('end', resolve)
      .on('error', reject);
  });
  return out;
}

describe('BodyTap', () => {
  it('masks a credential split across chunks, keeping the length', async () => {
    const tap = new BodyTap(1024, ['SECRET-VALUE']);
    const out = await through(tap, ['{"echo":"SEC', 'RET-', 'VALUE","n":1}']);
    expect(out.join('')).toBe('{"echo":"************","n":1}');
    expect(tap.bytes).toBe('{"echo":"SECRET-VALUE","n":1}'.length);
  });

  it('passes chunks that cannot start a credential at once (SSE events are not held back)', async () => {
    const tap = new BodyTap(1024, ['SECRET-VALUE']);
    expect(await through(tap, ['data: 1\n\n', 'data: 2\n\n'])).toEqual(['data: 1\n\n', 'data: 2\n\n']);
  });

  it('captures only the start of the body for the log', async () => {
    const tap = new BodyTap(4);
    await through(tap, ['abcdef', 'gh']);
    expect(tap.capture()).toEqual({ data: Buffer.from('abcd'), complete: false });
    expect(tap.bytes).toBe(8);
  });
});

describe('headers and credentials', () => {
  it('drops hop-by-hop headers, those named in Connection, Host and x-gatehouse-*', () => {
    const headers = upstreamRequestHeaders(
      {
        host: 'gateway',
        connection: 'keep-alive, x-private',
        'x-private': '1',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        'transfer-encoding': 'chunked',
        upgrade: 'h2c',
        'proxy-authorization': 'Basic x',
        'x-gatehouse-cache': 'off',
        authorization: 'Bearer gateway-key',
        accept: 'application/json',
      },
      new Set(['authorization']),
    );
    expect(headers).toEqual({ accept: 'application/json' });
  });

  it('drops response headers that echo any form of the credential', () => {
    const credential = injectCredential({ type: 'query', name: 'api_key' }, 'abc/def+secret');
    const headers = clientResponseHeaders(
      { location: 'https://x/?api_key=abc%2Fdef%2Bsecret', 'x-ok': 'fine', 'transfer-encoding': 'chunked' },
      credential.echoes,
    );
    expect(headers).toEqual({ 'x-ok': 'fine' });
    expect(replaceQueryParameter('a=1&api_key=mine&b=%20', 'api_key', 'v w')).toBe('a=1&b=%20&api_key=v%20w');
  });
});

describe('cache rules', () => {
  const settings = { enabled: true };
  it('follows the request and the response directives', () => {
    expect(cacheUse(settings, 'GET', false, {})).toEqual({ lookup: true, store: true });
    expect(cacheUse(settings, 'GET', false, { 'cache-control': 'no-store' })).toEqual({
      lookup: false,
      store: false,
    });
    expect(cacheUse(settings, 'GET', false, { 'cache-control': 'no-cache' })).toEqual({
      lookup: false,
      store: true,
    });
    expect(cacheUse(settings, 'POST', true, {})).toEqual({ lookup: false, store: false });
    expect(freshnessSeconds(settings, 200, { 'cache-control': 'public, max-age=30' }, false)).toBe(30);
    expect(freshnessSeconds(settings, 200, { 'cache-control': 's-maxage=90, max-age=30' }, false)).toBe(90);
    expect(freshnessSeconds(settings, 200, {}, false)).toBeNull();
    expect(
      freshnessSeconds({ enabled: true, ttlSeconds: 10 }, 200, { 'cache-control': 'max-age=600' }, false),
    ).toBe(10);
    expect(
      freshnessSeconds(settings, 200, { 'cache-control': 'max-age=30', 'set-cookie': 'a=1' }, false),
    ).toBeNull();
    expect(freshnessSeconds(settings, 200, { 'cache-control': 'max-age=30', vary: '*' }, false)).toBeNull();
    expect(freshnessSeconds(settings, 200, { 'cache-control': 'max-age=30' }, true)).toBeNull();
    expect(freshnessSeconds(settings, 404, { 'cache-control': 'max-age=30' }, false)).toBeNull();
  });
});

describe('TargetSelector', () => {
  it('turns round robin, skips a failed target for its cool-down, then tries it again', () => {
    let now = 1000;
    const selector = new TargetSelector(['http://a', 'http://b', 'http://c'], 500, () => now);
    const first = (order: ReturnType<TargetSelector['order']>) => order[0]!.url;
    expect([first(selector.order()), first(selector.order()), first(selector.order())]).toEqual([
      'http://a',
      'http://b',
      'http://c',
    ]);
    selector.fail(selector.order()[0]!, 'down'); // a
    expect(selector.order().map((target) => target.url)).toEqual(['http://b', 'http://c', 'http://a']);
    expect(selector.health()[0]).toMatchObject({ healthy: false, lastError: 'down' });
    now += 501;
    expect(selector.health()[0]!.healthy).toBe(true);
  });
});

describe('ApiRepository', () => {
  it('stores settings and a secret reference, never a secret', () => {
    const db = openDatabase(`${tempDir()}/gatehouse.db`);
    const repository = new ApiRepository(db);
    const record = repository.upsert(
      {
        slug: 'gh',
        baseUrls: ['https://api.github.com'],
        auth: { type: 'header', secret: 'env:GH' },
        retry: { attempts: 3 },
      },
      'admin',
    );
    expect(record.config).toEqual({
      slug: 'gh',
      baseUrls: ['https://api.github.com'],
      auth: { type: 'header', secret: 'env:GH' },
      retry: { attempts: 3 },
      enabled: true,
    });
    expect(() =>
      repository.upsert(
        { slug: 'x', baseUrls: ['https://x'], auth: { type: 'header', secret: 'ghp_raw' } },
        'admin',
      ),
    ).toThrow(/reference/);
    expect(() => db.prepare("UPDATE apis SET secret_ref = 'ghp_raw' WHERE slug = 'gh'").run()).toThrow(
      /CHECK/,
    );
    db.close();
  });
});
