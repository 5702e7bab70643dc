import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/gateway/storage/database';
import { hashKey, KeyRepository } from '../../../src/gateway/storage/key-repository';

let db: Database.Database;
let keys: KeyRepository;

beforeEach(() => {
  db = openDatabase(':memory:');
  keys = new KeyRepository(db);
});
afterEach(() => db.close());

describe('KeyRepository', () => {
  it('hashes keys as sha256 hex', () => {
    expect(hashKey('gh_test')).toBe(createHash('sha256').update('gh_test').digest('hex'));
  });

  it('creates a random key, stores only its hash and hint, and finds it by hash', () => {
    const { record, key } = keys.create('laptop', 'cli');
    expect(key).toMatch(/^gh_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({
      name: 'laptop',
      source: 'cli',
      hint: `…${key.slice(-4)}`,
      revokedAt: null,
    });
    expect(record.keyHash).toBe(hashKey(key));
    expect(keys.findByHash(hashKey(key))).toEqual(record);

    const stored = JSON.stringify(db.prepare('SELECT * FROM gateway_keys').all());
    expect(stored).not.toContain(key);
    expect(keys.create('phone', 'admin').key).not.toBe(key);
  });

  it('refuses a name that is taken', () => {
    keys.create('laptop', 'cli');
    expect(() => keys.create('laptop', 'admin')).toThrow(/"laptop" already exists/);
    keys.revoke('laptop');
    expect(() => keys.create('laptop', 'admin')).toThrow(/already exists \(revoked/);
  });

  it('revokes: the key no longer authenticates but stays listed', () => {
    const { record, key } = keys.create('laptop', 'cli');
    keys.create('phone', 'admin');
    expect(keys.count()).toBe(2);

    expect(keys.revoke('laptop')).toBe(true);
    expect(keys.revoke('laptop')).toBe(false);
    expect(keys.revoke('nobody')).toBe(false);
    expect(keys.findByHash(hashKey(key))).toBeUndefined();
    expect(keys.count()).toBe(1);
    const listed = keys.list().find((entry) => entry.id === record.id);
    expect(listed?.revokedAt).toEqual(expect.any(Number));
  });

  it('upserts config keys idempotently, following a changed value and un-revoking', () => {
    const first = keys.upsertFromConfig('ci', 'secret-one-1234');
    expect(first).toMatchObject({ name: 'ci', source: 'config', hint: '…1234' });
    expect(keys.upsertFromConfig('ci', 'secret-one-1234')).toEqual(first);
    expect(keys.list()).toHaveLength(1);

    const changed = keys.upsertFromConfig('ci', 'secret-two-5678');
    expect(changed.id).toBe(first.id);
    expect(keys.findByHash(hashKey('secret-one-1234'))).toBeUndefined();
    expect(keys.findByHash(hashKey('secret-two-5678'))?.name).toBe('ci');

    keys.revoke('ci');
    keys.upsertFromConfig('ci', 'secret-two-5678');
    expect(keys.findByHash(hashKey('secret-two-5678'))?.revokedAt).toBeNull();
  });

  it('refuses a config key whose value another key already has', () => {
    keys.upsertFromConfig('ci', 'shared-value');
    expect(() => keys.upsertFromConfig('other', 'shared-value')).toThrow(/same value as the key "ci"/);
    expect(() => keys.upsertFromConfig('empty', '')).toThrow(/empty/);
  });
});
