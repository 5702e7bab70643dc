import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CachedAnswer } from '../../../src/gateway/cache/cache-store';
import { SqliteCacheStore } from '../../../src/gateway/cache/sqlite-cache-store';
import { openDatabase } from '../../../src/gateway/storage/database';
import { temporaryFolder } from '../storage/make-log-record';

const usage = { inputTokens: 12, outputTokens: 5, cachedTokens: null };
const t0 = Date.UTC(2026, 6, 24, 12);

function json(body: string, createdAt = t0, ttlMs = 60_000): CachedAnswer {
  return { kind: 'json', body, usage, createdAt, expiresAt: createdAt + ttlMs };
}

describe('SQLite cache store', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = openDatabase(path.join(temporaryFolder(), 'gatehouse.db'));
  });
  afterEach(() => db.close());

  it('stores and returns JSON answers and event streams as they were', () => {
    const store = new SqliteCacheStore(db);
    store.set('a', json('{"id":"chatcmpl-1"}'));
    const events = [{ event: 'message_start', data: '{"type":"message_start"}' }, { data: '[DONE]' }];
    store.set('b', { kind: 'sse', events, usage, createdAt: t0, expiresAt: t0 + 1000 });

    expect(store.get('a', t0)).toEqual(json('{"id":"chatcmpl-1"}'));
    expect(store.get('b', t0)).toEqual({ kind: 'sse', events, usage, createdAt: t0, expiresAt: t0 + 1000 });
    expect(store.get('missing', t0)).toBeUndefined();
    store.set('a', json('{"id":"chatcmpl-2"}'));
    expect(store.get('a', t0)).toMatchObject({ body: '{"id":"chatcmpl-2"}' });
    expect(store.delete('a')).toBe(true);
    expect(store.get('a', t0)).toBeUndefined();
  });

  it('forgets an answer when its TTL is over', () => {
    const store = new SqliteCacheStore(db);
    store.set('short', json('{}', t0, 1000));
    store.set('long', json('{}', t0, 60_000));
    expect(store.get('short', t0 + 999)).toBeDefined();
    expect(store.get('short', t0 + 1000)).toBeUndefined();
    expect(store.size().entries).toBe(1);

    store.set('short-again', json('{}', t0, 1000));
    expect(store.purgeExpired(t0 + 5000)).toBe(1);
    expect(store.get('long', t0 + 5000)).toBeDefined();
    expect(store.purgeExpired(t0 + 60_000)).toBe(1);
    expect(store.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it('drops the oldest answers when the total outgrows its size cap, and never stores one larger than the cap', () => {
    const store = new SqliteCacheStore(db, { maxBytes: 100 });
    for (let index = 0; index < 5; index += 1) store.set(`k${index}`, json('x'.repeat(30), t0 + index));
    expect(store.size().bytes).toBeLessThanOrEqual(100);
    expect(store.get('k0', t0)).toBeUndefined();
    expect(store.get('k1', t0)).toBeUndefined();
    expect(store.get('k4', t0)).toBeDefined();

    store.set('huge', json('x'.repeat(101)));
    expect(store.get('huge', t0)).toBeUndefined();
    expect(store.get('k4', t0)).toBeDefined();
  });
});
