import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/gateway/storage/database';
import { ProviderRepository, type ProviderInput } from '../../../src/gateway/storage/provider-repository';
import { SettingsRepository } from '../../../src/gateway/storage/settings-repository';

let db: Database.Database;

beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => db.close());

const openai: ProviderInput = {
  id: 'openai',
  type: 'openai',
  baseUrl: null,
  apiKeyRef: 'env:OPENAI_API_KEY',
  source: 'config',
  enabled: true,
};

describe('ProviderRepository', () => {
  it('upserts by id, keeping the creation time', async () => {
    const providers = new ProviderRepository(db);
    const created = providers.upsert(openai);
    expect(created).toMatchObject(openai);
    expect(providers.upsert(openai)).toMatchObject(openai);
    expect(providers.list()).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = providers.upsert({
      ...openai,
      baseUrl: 'http://127.0.0.1:9999/v1',
      enabled: false,
      source: 'admin',
    });
    expect(updated).toMatchObject({ baseUrl: 'http://127.0.0.1:9999/v1', enabled: false, source: 'admin' });
    expect(updated.createdAt).toBe(created.createdAt);
    expect(updated.updatedAt).toBeGreaterThan(created.updatedAt);
    expect(providers.get('openai')).toEqual(updated);
  });

  it('lists by id and removes', () => {
    const providers = new ProviderRepository(db);
    providers.upsert({ ...openai, id: 'zeta' });
    providers.upsert({ ...openai, id: 'alpha', apiKeyRef: 'keychain:alpha' });
    providers.upsert({
      ...openai,
      id: 'ollama',
      type: 'ollama',
      apiKeyRef: null,
      baseUrl: 'http://127.0.0.1:11434/v1',
    });
    expect(providers.list().map((provider) => provider.id)).toEqual(['alpha', 'ollama', 'zeta']);
    expect(providers.remove('zeta')).toBe(true);
    expect(providers.remove('zeta')).toBe(false);
    expect(providers.get('zeta')).toBeUndefined();
  });

  it('refuses to store what looks like a secret instead of a reference', () => {
    const providers = new ProviderRepository(db);
    expect(() => providers.upsert({ ...openai, apiKeyRef: 'sk-proj-abc123' })).toThrow(
      /reference such as "env:/,
    );
    expect(providers.list()).toEqual([]);
  });
});

describe('SettingsRepository', () => {
  it('gets and overwrites values', () => {
    const settings = new SettingsRepository(db);
    expect(settings.get('theme')).toBeUndefined();
    settings.set('theme', 'dark');
    settings.set('theme', 'light');
    expect(settings.get('theme')).toBe('light');
  });
});
