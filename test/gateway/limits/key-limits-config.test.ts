import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/gateway/config/load-config';
import { openDatabase } from '../../../src/gateway/storage/database';
import { KeyRepository } from '../../../src/gateway/storage/key-repository';
import { temporaryFolder } from '../storage/make-log-record';

describe('key limits in the config file and the key table', () => {
  it('accepts limits and names the field of a wrong one', () => {
    const key = { name: 'ci', key: 'env:CI_KEY' };
    expect(() =>
      validateConfig({ keys: [{ ...key, limits: { requestsPerMinute: 60, usdPerMonth: 20 } }] }),
    ).not.toThrow();
    expect(() => validateConfig({ keys: [{ ...key, limits: { requestsPerMinute: 0 } }] })).toThrow(
      /keys\[0\]\.limits\.requestsPerMinute/,
    );
    expect(() => validateConfig({ keys: [{ ...key, limits: { usdPerWeek: 1 } }] })).toThrow(/usdPerWeek/);
  });

  it('stores limits with the key; the config file replaces them on every start', () => {
    const db = openDatabase(path.join(temporaryFolder(), 'gatehouse.db'));
    const keys = new KeyRepository(db);
    expect(keys.upsertFromConfig('ci', 'secret-value-1', { usdPerDay: 2.5 }).limits).toEqual({
      usdPerDay: 2.5,
    });
    expect(keys.upsertFromConfig('ci', 'secret-value-1').limits).toEqual({});
    const { record } = keys.create('tool', 'cli', { requestsPerMinute: 5, tokensPerMinute: 10_000 });
    expect(keys.findByName('tool')?.limits).toEqual({ requestsPerMinute: 5, tokensPerMinute: 10_000 });
    expect(keys.setLimits(record.name, { usdPerMonth: 1 })?.limits).toEqual({ usdPerMonth: 1 });
    expect(keys.setLimits('nobody', {})).toBeUndefined();
    db.close();
  });
});
