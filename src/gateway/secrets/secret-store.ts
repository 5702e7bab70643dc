/**
 * Where secret values live. The database and config hold only references (`env:NAME`, `keychain:NAME`);
 * a store turns a reference's name into the value at the moment it is needed.
 */
export interface SecretStore {
  readonly scheme: 'env' | 'keychain';
  get(name: string): Promise<string | undefined>;
}

/** Secrets from the process environment: the headless/server choice. */
export class EnvSecretStore implements SecretStore {
  readonly scheme = 'env' as const;
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(name: string): Promise<string | undefined> {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }
}

export class SecretResolver {
  private readonly stores = new Map<string, SecretStore>();

  constructor(stores: SecretStore[]) {
    for (const store of stores) this.stores.set(store.scheme, store);
  }

  /** Resolves `env:NAME` / `keychain:NAME`; undefined when the value is not there. */
  async resolve(reference: string): Promise<string | undefined> {
    const colon = reference.indexOf(':');
    const store = this.stores.get(reference.slice(0, colon));
    if (colon < 0 || !store) return undefined;
    return store.get(reference.slice(colon + 1));
  }

  /** A sentence telling the user how to supply a reference that did not resolve. */
  static howToSupply(reference: string): string {
    const [scheme, name] = [
      reference.slice(0, reference.indexOf(':')),
      reference.slice(reference.indexOf(':') + 1),
    ];
    if (scheme === 'env') return `set the environment variable ${name} before starting Gatehouse`;
    return `store it in the OS keychain as "${name}" (service Gatehouse), or use env:NAME instead`;
  }
}
