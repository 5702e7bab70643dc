import { hash, randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { KeyLimits } from '../../shared/schemas/gateway-config';

export type KeySource = 'config' | 'cli' | 'admin';

/** A gateway key as stored: only its hash and a hint, never the key itself. */
export interface KeyRecord {
  id: string;
  name: string;
  /** sha256 hex of the key; for the caller's constant-time comparison, not for API responses. */
  keyHash: string;
  /** "…" and the key's last 4 characters, so people can tell their keys apart. */
  hint: string;
  source: KeySource;
  createdAt: number;
  revokedAt: number | null;
  /** Absent fields mean no limit. */
  limits: KeyLimits;
  /** REST API slugs the key may call at /apis/<slug>/ (docs/rest-apis.md); null allows every API. */
  allowedApis: string[] | null;
}

interface KeyRow {
  id: string;
  name: string;
  key_hash: string;
  hint: string;
  source: KeySource;
  created_at: number;
  revoked_at: number | null;
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  usd_per_day: number | null;
  usd_per_month: number | null;
  allowed_apis: string | null;
}

/** sha256 hex. A plain fast hash is enough: keys are 256 random bits, not guessable passwords. */
export function hashKey(key: string): string {
  // One-shot: no Hash object per request (the gateway hashes the presented key on every call).
  return hash('sha256', key, 'hex');
}

export function keyHint(key: string): string {
  return `…${key.slice(-4)}`;
}

const columns = `id, name, key_hash, hint, source, created_at, revoked_at,
  requests_per_minute, tokens_per_minute, usd_per_day, usd_per_month, allowed_apis`;

/** Gateway keys: the credentials clients send to the gateway (not provider API keys). */
export class KeyRepository {
  private readonly insert: Database.Statement<[KeyRow]>;
  private readonly byName: Database.Statement<[string], KeyRow>;
  private readonly byHash: Database.Statement<[string], KeyRow>;
  private readonly all: Database.Statement<[], KeyRow>;
  private readonly revokeStatement: Database.Statement<[number, string]>;
  private readonly updateFromConfig: Database.Statement<[string, string, string]>;
  private readonly countActive: Database.Statement<[], { count: number }>;
  private readonly hashOwner: Database.Statement<[string], { name: string }>;
  private readonly upsertTransaction: (
    name: string,
    plainKey: string,
    limits: KeyLimits,
    allowedApis: string[] | null,
  ) => KeyRecord;
  private readonly limitsStatement: Database.Statement<[LimitColumns & { name: string }]>;
  private readonly apisStatement: Database.Statement<[string | null, string]>;
  /** Remembered lookups: every method that writes gateway_keys must call `this.cache.clear()`. */
  private readonly cache: KeyCache;

  constructor(db: Database.Database) {
    this.cache = keyCacheOf(db);
    this.insert = db.prepare(
      `INSERT INTO gateway_keys (${columns})
       VALUES (@id, @name, @key_hash, @hint, @source, @created_at, @revoked_at,
         @requests_per_minute, @tokens_per_minute, @usd_per_day, @usd_per_month, @allowed_apis)`,
    );
    this.byName = db.prepare(`SELECT ${columns} FROM gateway_keys WHERE name = ?`);
    this.byHash = db.prepare(`SELECT ${columns} FROM gateway_keys WHERE key_hash = ? AND revoked_at IS NULL`);
    this.all = db.prepare(`SELECT ${columns} FROM gateway_keys ORDER BY created_at, name`);
    this.revokeStatement = db.prepare(
      'UPDATE gateway_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL',
    );
    this.updateFromConfig = db.prepare(
      `UPDATE gateway_keys SET key_hash = ?, hint = ?, source = 'config', revoked_at = NULL WHERE name = ?`,
    );
    this.countActive = db.prepare('SELECT COUNT(*) AS count FROM gateway_keys WHERE revoked_at IS NULL');
    this.hashOwner = db.prepare('SELECT name FROM gateway_keys WHERE key_hash = ?');
    this.limitsStatement = db.prepare(
      `UPDATE gateway_keys SET requests_per_minute = @requests_per_minute, tokens_per_minute = @tokens_per_minute,
         usd_per_day = @usd_per_day, usd_per_month = @usd_per_month WHERE name = @name`,
    );
    this.apisStatement = db.prepare('UPDATE gateway_keys SET allowed_apis = ? WHERE name = ?');
    this.upsertTransaction = db.transaction(
      (name: string, plainKey: string, limits: KeyLimits, allowedApis: string[] | null) => {
        this.upsertInside(name, plainKey);
        this.limitsStatement.run({ name, ...limitColumns(limits) });
        this.apisStatement.run(apisColumn(allowedApis), name);
        return toRecord(this.byName.get(name) as KeyRow);
      },
    );
  }

  /** Makes a new random key. The plain key is returned once here and never stored. */
  create(
    name: string,
    source: KeySource,
    limits: KeyLimits = {},
    allowedApis: string[] | null = null,
  ): { record: KeyRecord; key: string } {
    checkName(name);
    const existing = this.byName.get(name);
    if (existing) {
      const state =
        existing.revoked_at === null ? '' : ' (revoked; names stay taken so old logs stay unambiguous)';
      throw new Error(`A gateway key named "${name}" already exists${state}. Choose another name.`);
    }
    const key = `gh_${randomBytes(32).toString('base64url')}`;
    const row: KeyRow = {
      id: randomUUID(),
      name,
      key_hash: hashKey(key),
      hint: keyHint(key),
      source,
      created_at: Date.now(),
      revoked_at: null,
      ...limitColumns(limits),
      allowed_apis: apisColumn(allowedApis),
    };
    this.insert.run(row);
    this.cache.clear();
    return { record: toRecord(row), key };
  }

  /** Makes the database match a key written in the config file; running it again changes nothing. */
  upsertFromConfig(
    name: string,
    plainKey: string,
    limits: KeyLimits = {},
    allowedApis: string[] | null = null,
  ): KeyRecord {
    checkName(name);
    if (plainKey.length === 0) throw new Error(`The gateway key "${name}" in the config file is empty.`);
    try {
      return this.upsertTransaction(name, plainKey, limits, allowedApis);
    } finally {
      this.cache.clear();
    }
  }

  /** Replaces the APIs a key may call (null: all); returns the updated record, or undefined without such key. */
  setAllowedApis(name: string, allowedApis: string[] | null): KeyRecord | undefined {
    const changes = this.apisStatement.run(apisColumn(allowedApis), name).changes;
    this.cache.clear();
    if (changes === 0) return undefined;
    return this.findByName(name);
  }

  /** Replaces a key's limits; returns the updated record, or undefined when there is no such key. */
  setLimits(name: string, limits: KeyLimits): KeyRecord | undefined {
    const changes = this.limitsStatement.run({ name, ...limitColumns(limits) }).changes;
    this.cache.clear();
    if (changes === 0) return undefined;
    return this.findByName(name);
  }

  /** The active key with this hash, or undefined when there is none or it was revoked. */
  findByHash(keyHash: string): KeyRecord | undefined {
    return this.cache.get(`hash:${keyHash}`, () => {
      const row = this.byHash.get(keyHash);
      return row && toRecord(row);
    });
  }

  findByName(name: string): KeyRecord | undefined {
    return this.cache.get(`name:${name}`, () => {
      const row = this.byName.get(name);
      return row && toRecord(row);
    });
  }

  /** Every key, revoked ones included, oldest first. */
  list(): KeyRecord[] {
    return this.all.all().map(toRecord);
  }

  /** Returns false when there is no active key with that name. */
  revoke(name: string): boolean {
    const changes = this.revokeStatement.run(Date.now(), name).changes;
    this.cache.clear();
    return changes > 0;
  }

  /** Active (not revoked) keys. */
  count(): number {
    return this.countActive.get()?.count ?? 0;
  }

  private upsertInside(name: string, plainKey: string): KeyRecord {
    const keyHash = hashKey(plainKey);
    const owner = this.hashOwner.get(keyHash);
    if (owner && owner.name !== name) {
      throw new Error(
        `The gateway key "${name}" in the config file has the same value as the key "${owner.name}".`,
      );
    }
    if (this.byName.get(name)) {
      this.updateFromConfig.run(keyHash, keyHint(plainKey), name);
    } else {
      this.insert.run({
        id: randomUUID(),
        name,
        key_hash: keyHash,
        hint: keyHint(plainKey),
        source: 'config',
        created_at: Date.now(),
        revoked_at: null,
        ...limitColumns({}),
        allowed_apis: null,
      });
    }
    return toRecord(this.byName.get(name) as KeyRow);
  }
}

/** How long a remembered key is trusted before SQLite is asked whether another process changed keys. */
export const KEY_RECHECK_MS = 100;

/**
 * Key lookups remembered between requests: every /v1 request authenticates, and a SELECT per request cost
 * more than the rest of the auth hook. Writes through any KeyRepository on the same connection clear it
 * (it is shared per connection). Writes by another connection — `gatehouse keys create|revoke` while the
 * gateway runs — change SQLite's `PRAGMA data_version`: a miss always checks it, so a key created elsewhere
 * works on its first use; a hit checks it at most every KEY_RECHECK_MS (the check costs as much as the
 * SELECT), so a key revoked elsewhere stops working within that time.
 */
class KeyCache {
  private readonly records = new Map<string, KeyRecord>();
  private readonly dataVersion: Database.Statement<[], number>;
  private version: number;
  private checkedAt: number;

  constructor(db: Database.Database) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.version = this.dataVersion.get() as number;
    this.checkedAt = performance.now();
  }

  get(key: string, load: () => KeyRecord | undefined): KeyRecord | undefined {
    const now = performance.now();
    let record = this.records.get(key);
    if (!record || now - this.checkedAt >= KEY_RECHECK_MS) {
      this.checkVersion(now);
      record = this.records.get(key);
    }
    if (record) return record;
    record = load();
    if (record) this.records.set(key, freezeRecord(record));
    return record;
  }

  clear(): void {
    this.records.clear();
  }

  private checkVersion(now: number): void {
    this.checkedAt = now;
    const version = this.dataVersion.get() as number;
    if (version !== this.version) {
      this.records.clear();
      this.version = version;
    }
  }
}

const keyCaches = new WeakMap<Database.Database, KeyCache>();

function keyCacheOf(db: Database.Database): KeyCache {
  let cache = keyCaches.get(db);
  if (!cache) {
    cache = new KeyCache(db);
    keyCaches.set(db, cache);
  }
  return cache;
}

/** Shared between callers from now on: a caller changing it by mistake must fail, not corrupt the cache. */
function freezeRecord(record: KeyRecord): KeyRecord {
  Object.freeze(record.limits);
  if (record.allowedApis) Object.freeze(record.allowedApis);
  return Object.freeze(record);
}

function checkName(name: string): void {
  if (name.trim().length === 0) throw new Error('A gateway key needs a non-empty name.');
}

function toRecord(row: KeyRow): KeyRecord {
  return {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    hint: row.hint,
    source: row.source,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    limits: limitsOf(row),
    allowedApis: row.allowed_apis === null ? null : (JSON.parse(row.allowed_apis) as string[]),
  };
}

/** An empty list is stored as NULL: both mean every API. */
function apisColumn(allowedApis: readonly string[] | null | undefined): string | null {
  return allowedApis && allowedApis.length > 0 ? JSON.stringify([...new Set(allowedApis)]) : null;
}

type LimitColumns = Pick<
  KeyRow,
  'requests_per_minute' | 'tokens_per_minute' | 'usd_per_day' | 'usd_per_month'
>;

function limitColumns(limits: KeyLimits): LimitColumns {
  return {
    requests_per_minute: limits.requestsPerMinute ?? null,
    tokens_per_minute: limits.tokensPerMinute ?? null,
    usd_per_day: limits.usdPerDay ?? null,
    usd_per_month: limits.usdPerMonth ?? null,
  };
}

function limitsOf(row: KeyRow): KeyLimits {
  const limits: KeyLimits = {};
  if (row.requests_per_minute !== null) limits.requestsPerMinute = row.requests_per_minute;
  if (row.tokens_per_minute !== null) limits.tokensPerMinute = row.tokens_per_minute;
  if (row.usd_per_day !== null) limits.usdPerDay = row.usd_per_day;
  if (row.usd_per_month !== null) limits.usdPerMonth = row.usd_per_month;
  return limits;
}
