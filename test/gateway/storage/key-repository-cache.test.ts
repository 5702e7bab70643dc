import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../src/gateway/storage/database';
import { hashKey, KEY_RECHECK_MS, KeyRepository } from '../../../src/gateway/storage/key-repository';

// The gateway remembers key lookups between requests; these are the ways a key can change under it.
let dir: string;
let gatewayDb: Database.Database;
let otherDb: Database.Database;
let gateway: KeyRepository;
/** Another connection to the same file: what `gatehouse keys …` uses while the gateway runs. */
let cli: KeyRepository;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-key-cache-'));
  gatewayDb = openDatabase(path.join(dir, 'gatehouse.db'));
  otherDb = openDatabase(path.join(dir, 'gatehouse.db'));
  gateway = new KeyRepository(gatewayDb);
  cli = new KeyRepository(otherDb);
});

afterEach(() => {
  vi.useRealTimers();
  gatewayDb.close();
  otherDb.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('KeyRepository lookups between requests', () => {
  it('finds a key another process created, on its first use', () => {
    expect(gateway.findByHash(hashKey('gh_not-yet'))).toBeUndefined();
    const { key } = cli.create('script', 'cli');
    expect(gateway.findByHash(hashKey(key))?.name).toBe('script');
  });

  it('stops finding a key another process revoked within KEY_RECHECK_MS', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { key } = gateway.create('script', 'admin');
    expect(gateway.findByHash(hashKey(key))?.name).toBe('script');
    cli.revoke('script');
    vi.advanceTimersByTime(KEY_RECHECK_MS);
    expect(gateway.findByHash(hashKey(key))).toBeUndefined();
    expect(gateway.findByName('script')?.revokedAt).toEqual(expect.any(Number));
  });

  it('sees limits another process changed within KEY_RECHECK_MS', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    gateway.create('script', 'admin', { requestsPerMinute: 5 });
    expect(gateway.findByName('script')?.limits).toEqual({ requestsPerMinute: 5 });
    cli.setLimits('script', { requestsPerMinute: 9 });
    vi.advanceTimersByTime(KEY_RECHECK_MS);
    expect(gateway.findByName('script')?.limits).toEqual({ requestsPerMinute: 9 });
  });

  it('sees writes made through another repository on the same connection', () => {
    const sameConnection = new KeyRepository(gatewayDb);
    const { key } = gateway.create('script', 'admin');
    expect(sameConnection.findByHash(hashKey(key))?.name).toBe('script');
    gateway.revoke('script');
    expect(sameConnection.findByHash(hashKey(key))).toBeUndefined();
    sameConnection.upsertFromConfig('script', 'gh_config-value-0123456789', { usdPerDay: 2 });
    expect(gateway.findByName('script')?.limits).toEqual({ usdPerDay: 2 });
    expect(gateway.findByHash(hashKey('gh_config-value-0123456789'))?.name).toBe('script');
  });

  it('hands out records nobody can change by accident', () => {
    gateway.create('script', 'admin', { requestsPerMinute: 5 });
    const record = gateway.findByName('script')!;
    expect(() => {
      (record.limits as { requestsPerMinute?: number }).requestsPerMinute = 1000;
    }).toThrow(TypeError);
    expect(gateway.findByName('script')?.limits).toEqual({ requestsPerMinute: 5 });
  });
});
