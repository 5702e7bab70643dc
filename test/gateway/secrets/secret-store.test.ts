import { describe, expect, it } from 'vitest';
import {
  KEYCHAIN_SERVICE,
  KeytarSecretStore,
  type KeytarModule,
} from '../../../src/gateway/secrets/keytar-secret-store';
import { EnvSecretStore, SecretResolver, SecretStoreError } from '../../../src/gateway/secrets/secret-store';
import { MemorySecretStore } from './memory-secret-store';

/** keytar's API over a Map, recording the service each call used. */
function fakeKeytar(findCredentials: KeytarModule['findCredentials'] = async () => []) {
  const values = new Map<string, string>();
  const services = new Set<string>();
  const keytar: KeytarModule = {
    findCredentials,
    async getPassword(service, account) {
      services.add(service);
      return values.get(account) ?? null;
    },
    async setPassword(service, account, password) {
      services.add(service);
      values.set(account, password);
    },
    async deletePassword(service, account) {
      services.add(service);
      return values.delete(account);
    },
  };
  return { keytar, values, services };
}

describe('KeytarSecretStore', () => {
  it('is not opened when keytar cannot load, and says why', async () => {
    const result = await KeytarSecretStore.open({
      load: () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file')),
    });
    expect(result.store).toBeNull();
    expect(result.reason).toBe('keytar cannot be loaded: libsecret-1.so.0: cannot open shared object file');
  });

  it('is not opened when the keychain service refuses the probe', async () => {
    const { keytar } = fakeKeytar(() =>
      Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
    );
    const result = await KeytarSecretStore.open({ load: async () => keytar });
    expect(result).toEqual({ store: null, reason: 'Cannot autolaunch D-Bus without X11 $DISPLAY' });
  });

  it('is not opened when the keychain never answers', async () => {
    const { keytar } = fakeKeytar(() => new Promise(() => undefined));
    const result = await KeytarSecretStore.open({ load: async () => keytar, timeoutMs: 50 });
    expect(result).toEqual({ store: null, reason: 'the keychain did not answer within 50 ms' });
  });

  it('reads, replaces and removes values under the Gatehouse service', async () => {
    const { keytar, values, services } = fakeKeytar();
    const { store } = await KeytarSecretStore.open({ load: async () => keytar });
    expect(store).not.toBeNull();
    expect(await store!.get('provider.openai')).toBeUndefined();
    await store!.set('provider.openai', 'first-value');
    expect(values.get('provider.openai')).toBe('first-value');
    await store!.set('provider.openai', 'second-value');
    expect(await store!.get('provider.openai')).toBe('second-value');
    expect(await store!.delete('provider.openai')).toBe(true);
    expect(await store!.get('provider.openai')).toBeUndefined();
    expect(values.size).toBe(0);
    expect([...services]).toEqual([KEYCHAIN_SERVICE]);
  });
});

describe('SecretResolver', () => {
  it('resolves references from the store of their scheme', async () => {
    const keychain = new MemorySecretStore();
    keychain.values.set('team', 'keychain-value');
    const resolver = new SecretResolver([new EnvSecretStore({ OPENAI_API_KEY: 'env-value' }), keychain]);
    expect(await resolver.resolve('env:OPENAI_API_KEY')).toBe('env-value');
    expect(await resolver.resolve('keychain:team')).toBe('keychain-value');
    expect(await resolver.resolve('keychain:missing')).toBeUndefined();
    expect(await resolver.resolve('vault:team')).toBeUndefined();
  });

  it('writes through a writable store and refuses to write the environment', async () => {
    const keychain = new MemorySecretStore();
    const resolver = new SecretResolver([new EnvSecretStore({}), keychain]);
    await resolver.set('keychain:provider.openai', 'value-one');
    expect(keychain.values.get('provider.openai')).toBe('value-one');
    expect(await resolver.delete('keychain:provider.openai')).toBe(true);
    await expect(resolver.set('env:OPENAI_API_KEY', 'x')).rejects.toThrow(
      /env:OPENAI_API_KEY is an environment variable; Gatehouse cannot write it\. Set OPENAI_API_KEY/,
    );
    await expect(resolver.set('env:OPENAI_API_KEY', 'x')).rejects.toBeInstanceOf(SecretStoreError);
  });

  it('explains a missing keychain when asked to write or resolve through it', async () => {
    const resolver = new SecretResolver([new EnvSecretStore({})], { keychain: 'no Secret Service running' });
    expect(resolver.supports('keychain')).toBe(false);
    await expect(resolver.set('keychain:provider.openai', 'x')).rejects.toThrow(
      'The OS keychain is not available (no Secret Service running); use an env:NAME reference in the config file instead.',
    );
    expect(resolver.describeMissing('keychain:team-openai')).toBe(
      'the OS keychain is not available (no Secret Service running); store it in the OS keychain as "team-openai" (service Gatehouse) through the Gatehouse app or the admin API, or use an env:NAME reference instead',
    );
    expect(resolver.describeMissing('env:OPENAI_API_KEY')).toBe(
      'set the environment variable OPENAI_API_KEY before starting Gatehouse',
    );
  });

  it('remembers the values it handed out, for log redaction, up to a bound', async () => {
    const env = Object.fromEntries(
      Array.from({ length: 250 }, (_, index) => [`KEY_${index}`, `value-${index}`]),
    );
    const resolver = new SecretResolver([new EnvSecretStore(env)]);
    for (let index = 0; index < 250; index += 1) await resolver.resolve(`env:KEY_${index}`);
    expect(resolver.recentValues.size).toBe(200);
    expect(resolver.recentValues.has('value-249')).toBe(true);
    expect(resolver.recentValues.has('value-0')).toBe(false);
    await resolver.set('keychain:x', 'y').catch(() => undefined);
    expect(resolver.recentValues.has('y')).toBe(false);
  });
});
