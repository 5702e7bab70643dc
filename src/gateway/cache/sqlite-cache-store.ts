import type Database from 'better-sqlite3';
import type { CachedAnswer, CacheStore, RecordedEvent } from './cache-store';

/** Default cap on all cached answers together. */
export const DEFAULT_CACHE_MAX_BYTES = 256 * 1024 * 1024;

export interface SqliteCacheStoreOptions {
  /** When the answers together grow past this, the oldest are dropped. */
  maxBytes?: number;
}

interface CacheRow {
  kind: 'json' | 'sse';
  body: string;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens: number | null;
  created_at: number;
  expires_at: number;
}

/** Cached answers in the gateway's SQLite file (table response_cache, migration 0006). */
export class SqliteCacheStore implements CacheStore {
  readonly maxBytes: number;
  private readonly select: Database.Statement<[string], CacheRow>;
  private readonly upsert: Database.Statement<[Record<string, string | number | null>]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly purge: Database.Statement<[number]>;
  private readonly total: Database.Statement<[], { bytes: number; entries: number }>;
  private readonly evictOldest: Database.Statement<[], { size_bytes: number }>;
  private readonly store: (key: string, answer: CachedAnswer) => void;

  constructor(db: Database.Database, options: SqliteCacheStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    this.select = db.prepare(
      `SELECT kind, body, input_tokens, output_tokens, cached_tokens, created_at, expires_at
       FROM response_cache WHERE key = ?`,
    );
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO response_cache
         (key, kind, body, input_tokens, output_tokens, cached_tokens, size_bytes, created_at, expires_at)
       VALUES (@key, @kind, @body, @input_tokens, @output_tokens, @cached_tokens, @size_bytes, @created_at, @expires_at)`,
    );
    this.remove = db.prepare('DELETE FROM response_cache WHERE key = ?');
    this.purge = db.prepare('DELETE FROM response_cache WHERE expires_at <= ?');
    this.total = db.prepare(
      'SELECT COALESCE(SUM(size_bytes), 0) AS bytes, COUNT(*) AS entries FROM response_cache',
    );
    this.evictOldest = db.prepare(
      `DELETE FROM response_cache
       WHERE key = (SELECT key FROM response_cache ORDER BY created_at, key LIMIT 1) RETURNING size_bytes`,
    );
    this.store = db.transaction((key: string, answer: CachedAnswer) => {
      const body = answer.kind === 'json' ? answer.body : JSON.stringify(answer.events);
      const size = Buffer.byteLength(body, 'utf8');
      if (size > this.maxBytes) return;
      this.upsert.run({
        key,
        kind: answer.kind,
        body,
        input_tokens: answer.usage.inputTokens,
        output_tokens: answer.usage.outputTokens,
        cached_tokens: answer.usage.cachedTokens,
        size_bytes: size,
        created_at: answer.createdAt,
        expires_at: answer.expiresAt,
      });
      this.shrink(answer.createdAt);
    });
  }

  get(key: string, now: number): CachedAnswer | undefined {
    const row = this.select.get(key);
    if (!row) return undefined;
    if (row.expires_at <= now) {
      this.remove.run(key);
      return undefined;
    }
    const usage = {
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cachedTokens: row.cached_tokens,
    };
    const times = { createdAt: row.created_at, expiresAt: row.expires_at };
    if (row.kind === 'json') return { kind: 'json', body: row.body, usage, ...times };
    return { kind: 'sse', events: JSON.parse(row.body) as RecordedEvent[], usage, ...times };
  }

  set(key: string, answer: CachedAnswer): void {
    this.store(key, answer);
  }

  delete(key: string): boolean {
    return this.remove.run(key).changes > 0;
  }

  purgeExpired(now: number): number {
    return this.purge.run(now).changes;
  }

  /** Entries and their total size, for tests and the admin API. */
  size(): { entries: number; bytes: number } {
    const { entries, bytes } = this.total.get() ?? { entries: 0, bytes: 0 };
    return { entries, bytes };
  }

  /** Drops expired answers, then the oldest, until the total fits under maxBytes. */
  private shrink(now: number): void {
    let bytes = this.size().bytes;
    if (bytes <= this.maxBytes) return;
    this.purge.run(now);
    bytes = this.size().bytes;
    while (bytes > this.maxBytes) {
      const evicted = this.evictOldest.get();
      if (!evicted) break;
      bytes -= evicted.size_bytes;
    }
  }
}
