import type { SecretStore } from '../../../src/gateway/secrets/secret-store';

/** A keychain stand-in for API shape tests; the real keychain is exercised in test/keychain. */
export class MemorySecretStore implements SecretStore {
  readonly scheme = 'keychain' as const;
  readonly values = new Map<string, string>();

  async get(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }

  async delete(name: string): Promise<boolean> {
    return this.values.delete(name);
  }
}
