import type { SecretStore } from './secret-store';

/** The service name every Gatehouse secret is filed under in the OS keychain. */
export const KEYCHAIN_SERVICE = 'Gatehouse';

/** The part of keytar Gatehouse uses (keytar's own typings, narrowed so tests can hand in a fake). */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarOpenOptions {
  /** How long the first keychain call may take before the keychain counts as unreachable. */
  timeoutMs?: number;
  /** Loads keytar; tests replace it. */
  load?: () => Promise<KeytarModule>;
}

export type KeytarOpenResult = { store: KeytarSecretStore; reason: null } | { store: null; reason: string };

const DEFAULT_OPEN_TIMEOUT_MS = 3_000;
/** Values are kept this long so the hot path does not make a D-Bus/Keychain round trip on every request. */
const CACHE_MS = 30_000;

async function loadKeytar(): Promise<KeytarModule> {
  // keytar is CommonJS: under ESM its functions arrive on `default`.
  const loaded = (await import('keytar')) as unknown as { default?: KeytarModule } & KeytarModule;
  return loaded.default ?? loaded;
}

/**
 * `keychain:NAME` references, read from the OS keychain (macOS Keychain, Windows Credential Manager, the
 * Secret Service on Linux) under service "Gatehouse", account NAME.
 */
export class KeytarSecretStore implements SecretStore {
  readonly scheme = 'keychain' as const;
  private readonly cache = new Map<string, { value: string | undefined; expiresAt: number }>();

  private constructor(private readonly keytar: KeytarModule) {}

  /**
   * The keychain when it can be used, else null and the reason. A server without a Secret Service, or a
   * build whose keytar does not load, must not stop the gateway: it serves everything that does not need
   * the keychain.
   */
  static async open(options: KeytarOpenOptions = {}): Promise<KeytarOpenResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
    let keytar: KeytarModule;
    try {
      keytar = await (options.load ?? loadKeytar)();
    } catch (error) {
      return { store: null, reason: `keytar cannot be loaded: ${firstLine(error)}` };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the keychain did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      // A read that changes nothing: it fails fast when no keychain service is reachable.
      await Promise.race([keytar.findCredentials(KEYCHAIN_SERVICE), timeout]);
    } catch (error) {
      return { store: null, reason: firstLine(error) };
    } finally {
      clearTimeout(timer);
    }
    return { store: new KeytarSecretStore(keytar), reason: null };
  }

  peek(name: string): string | undefined | null {
    const cached = this.cache.get(name);
    return cached && cached.expiresAt > Date.now() ? cached.value : null;
  }

  async get(name: string): Promise<string | undefined> {
    const cached = this.cache.get(name);
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    const value = (await this.keytar.getPassword(KEYCHAIN_SERVICE, name)) ?? undefined;
    this.cache.set(name, { value: value === '' ? undefined : value, expiresAt: Date.now() + CACHE_MS });
    return value === '' ? undefined : value;
  }

  async set(name: string, value: string): Promise<void> {
    this.cache.delete(name);
    await this.keytar.setPassword(KEYCHAIN_SERVICE, name, value);
    this.cache.set(name, { value, expiresAt: Date.now() + CACHE_MS });
  }

  async delete(name: string): Promise<boolean> {
    this.cache.delete(name);
    const removed = await this.keytar.deletePassword(KEYCHAIN_SERVICE, name);
    this.cache.set(name, { value: undefined, expiresAt: Date.now() + CACHE_MS });
    return removed;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
