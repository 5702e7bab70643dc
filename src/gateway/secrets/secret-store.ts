/**
 * Where secret values live. The database and config hold only references (`env:NAME`, `keychain:NAME`);
 * a store turns a reference's name into the value at the moment it is needed.
 */
export interface SecretStore {
  readonly scheme: 'env' | 'keychain';
  get(name: string): Promise<string | undefined>;
  /** The value when the store has it at hand (no I/O): undefined when known to be absent, null when unknown. */
  peek?(name: string): string | undefined | null;
  /** Stores or replaces a value. Absent on read-only stores. */
  set?(name: string, value: string): Promise<void>;
  /** Removes a value; false when there was none. Absent on read-only stores. */
  delete?(name: string): Promise<boolean>;
}

/** A secret could not be written or removed: the store is missing or read-only. The message says why. */
export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

/** Secrets from the process environment: the headless/server choice. */
export class EnvSecretStore implements SecretStore {
  readonly scheme = 'env' as const;
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(name: string): Promise<string | undefined> {
    return this.peek(name);
  }

  peek(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  // A running process cannot change the environment its operator gave it, so env: secrets are read-only.
  async set(name: string): Promise<void> {
    throw new SecretStoreError(
      `env:${name} is an environment variable; Gatehouse cannot write it. Set ${name} before starting Gatehouse, or store the key in the OS keychain.`,
    );
  }

  async delete(name: string): Promise<boolean> {
    throw new SecretStoreError(
      `env:${name} is an environment variable; Gatehouse cannot remove it. Unset ${name} and restart Gatehouse.`,
    );
  }
}

/** How many resolved values the resolver remembers for log redaction. */
const RECENT_VALUES_LIMIT = 200;

export class SecretResolver {
  private readonly stores = new Map<string, SecretStore>();
  private readonly recent = new Set<string>();

  /**
   * @param unavailable why a scheme has no store here (e.g. `{ keychain: 'no Secret Service is running' }`),
   *   so messages about its references can say so.
   */
  constructor(
    stores: SecretStore[],
    private readonly unavailable: Partial<Record<SecretStore['scheme'], string>> = {},
  ) {
    for (const store of stores) this.stores.set(store.scheme, store);
  }

  /**
   * Values this resolver has handed out or stored lately (bounded). The request log cuts every one of them
   * out of what it stores, whichever code path the value travelled.
   */
  get recentValues(): ReadonlySet<string> {
    return this.recent;
  }

  /** Resolves `env:NAME` / `keychain:NAME`; undefined when the value is not there. */
  async resolve(reference: string): Promise<string | undefined> {
    const colon = reference.indexOf(':');
    const store = this.stores.get(reference.slice(0, colon));
    if (colon < 0 || !store) return undefined;
    const value = await store.get(reference.slice(colon + 1));
    if (value !== undefined) this.remember(value);
    return value;
  }

  /**
   * Like resolve, without waiting, for the request path: the value when its store has it at hand (an
   * environment variable, a keychain value read lately), undefined when known to be absent, null when only
   * resolve can tell.
   */
  resolveNow(reference: string): string | undefined | null {
    const colon = reference.indexOf(':');
    const store = this.stores.get(reference.slice(0, colon));
    if (colon < 0 || !store) return undefined;
    if (!store.peek) return null;
    const value = store.peek(reference.slice(colon + 1));
    if (value) this.remember(value);
    return value;
  }

  /** Whether references of this scheme (`keychain`, `env`) can be resolved here. */
  supports(scheme: SecretStore['scheme']): boolean {
    return this.stores.has(scheme);
  }

  /** Stores or replaces the value behind a reference. Throws SecretStoreError when that cannot be done here. */
  async set(reference: string, value: string): Promise<void> {
    const { store, name } = this.writableStore(reference);
    if (!store.set) throw new SecretStoreError(`${reference} cannot be written by Gatehouse.`);
    this.remember(value);
    await store.set(name, value);
  }

  /** Removes the value behind a reference; false when there was none. */
  async delete(reference: string): Promise<boolean> {
    const { store, name } = this.writableStore(reference);
    if (!store.delete) throw new SecretStoreError(`${reference} cannot be removed by Gatehouse.`);
    return store.delete(name);
  }

  /** Like howToSupply, but also says when the reference's store is not available on this machine. */
  describeMissing(reference: string): string {
    const scheme = reference.slice(0, reference.indexOf(':')) as SecretStore['scheme'];
    const reason = this.unavailable[scheme];
    const how = SecretResolver.howToSupply(reference);
    return reason ? `the OS keychain is not available (${reason}); ${how}` : how;
  }

  private writableStore(reference: string): { store: SecretStore; name: string } {
    const colon = reference.indexOf(':');
    const scheme = reference.slice(0, colon) as SecretStore['scheme'];
    const store = this.stores.get(scheme);
    if (colon < 0 || !store) {
      const reason = this.unavailable[scheme];
      throw new SecretStoreError(
        scheme === 'keychain'
          ? `The OS keychain is not available${reason ? ` (${reason})` : ''}; use an env:NAME reference in the config file instead.`
          : `${reference} is not a secret reference Gatehouse can write.`,
      );
    }
    return { store, name: reference.slice(colon + 1) };
  }

  private remember(value: string): void {
    // Re-inserting moves the value to the end, so the oldest one is dropped first.
    this.recent.delete(value);
    this.recent.add(value);
    if (this.recent.size > RECENT_VALUES_LIMIT) this.recent.delete(this.recent.values().next().value!);
  }

  /** A sentence telling the user how to supply a reference that did not resolve. */
  static howToSupply(reference: string): string {
    const [scheme, name] = [
      reference.slice(0, reference.indexOf(':')),
      reference.slice(reference.indexOf(':') + 1),
    ];
    if (scheme === 'env') return `set the environment variable ${name} before starting Gatehouse`;
    // Keys stored through the admin API are named after their owner, so the message can name the call.
    const provider = /^provider\.(.+)$/.exec(name ?? '')?.[1];
    if (provider) {
      return `store the key in the Gatehouse app (Providers) or with PUT /admin/providers/${provider}/secret, or use an env:NAME reference instead`;
    }
    return `store it in the OS keychain as "${name}" (service Gatehouse) through the Gatehouse app or the admin API, or use an env:NAME reference instead`;
  }
}
