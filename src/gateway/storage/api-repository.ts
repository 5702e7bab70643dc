import type Database from 'better-sqlite3';
import type { ApiAuth, ApiCache, ApiConfig, ApiMethod, ApiSource } from '../../shared/schemas/apis';

/** A REST API as stored. Its credential is a reference (auth.secret); the value never enters SQLite. */
export interface ApiRecord {
  config: ApiConfig;
  source: ApiSource;
  /** The imported OpenAPI document as JSON text; null when none was imported. */
  openapi: string | null;
  createdAt: number;
  updatedAt: number;
}

interface ApiRow {
  slug: string;
  label: string | null;
  base_urls: string;
  auth: string | null;
  secret_ref: string | null;
  default_headers: string | null;
  timeout_ms: number | null;
  retry_attempts: number | null;
  retry_backoff_ms: number | null;
  requests_per_minute: number | null;
  cache: string | null;
  allowed_methods: string | null;
  cool_down_ms: number | null;
  enabled: number;
  openapi: string | null;
  source: ApiSource;
  created_at: number;
  updated_at: number;
}

// Anything else is most likely a pasted secret; refusing it keeps secrets out of the database file.
const secretReference = /^(env|keychain):\S+$/;

const settingColumns = `label, base_urls, auth, secret_ref, default_headers, timeout_ms, retry_attempts,
  retry_backoff_ms, requests_per_minute, cache, allowed_methods, cool_down_ms, enabled, source`;

/** REST APIs in SQLite (table `apis`, migration 0008). */
export class ApiRepository {
  private readonly upsertStatement: Database.Statement<[Omit<ApiRow, 'openapi'>]>;
  private readonly bySlug: Database.Statement<[string], ApiRow>;
  private readonly all: Database.Statement<[], ApiRow>;
  private readonly removeStatement: Database.Statement<[string]>;
  private readonly openApiStatement: Database.Statement<[string | null, number, string]>;

  constructor(db: Database.Database) {
    // created_at and the OpenAPI document survive updates of the settings.
    this.upsertStatement = db.prepare(
      `INSERT INTO apis (slug, ${settingColumns}, created_at, updated_at)
       VALUES (@slug, @label, @base_urls, @auth, @secret_ref, @default_headers, @timeout_ms, @retry_attempts,
         @retry_backoff_ms, @requests_per_minute, @cache, @allowed_methods, @cool_down_ms, @enabled, @source,
         @created_at, @updated_at)
       ON CONFLICT (slug) DO UPDATE SET
         label = excluded.label, base_urls = excluded.base_urls, auth = excluded.auth,
         secret_ref = excluded.secret_ref, default_headers = excluded.default_headers,
         timeout_ms = excluded.timeout_ms, retry_attempts = excluded.retry_attempts,
         retry_backoff_ms = excluded.retry_backoff_ms, requests_per_minute = excluded.requests_per_minute,
         cache = excluded.cache, allowed_methods = excluded.allowed_methods,
         cool_down_ms = excluded.cool_down_ms, enabled = excluded.enabled, source = excluded.source,
         updated_at = excluded.updated_at`,
    );
    this.bySlug = db.prepare('SELECT * FROM apis WHERE slug = ?');
    this.all = db.prepare('SELECT * FROM apis ORDER BY slug');
    this.removeStatement = db.prepare('DELETE FROM apis WHERE slug = ?');
    this.openApiStatement = db.prepare('UPDATE apis SET openapi = ?, updated_at = ? WHERE slug = ?');
  }

  upsert(config: ApiConfig, source: ApiSource): ApiRecord {
    const reference = config.auth?.secret ?? null;
    if (reference !== null && !secretReference.test(reference)) {
      throw new Error(
        `API "${config.slug}": auth.secret must be a reference such as env:NAME or keychain:NAME, not the secret itself.`,
      );
    }
    const now = Date.now();
    this.upsertStatement.run({ ...toRow(config, source), created_at: now, updated_at: now });
    return this.get(config.slug) as ApiRecord;
  }

  get(slug: string): ApiRecord | undefined {
    const row = this.bySlug.get(slug);
    return row && toRecord(row);
  }

  list(): ApiRecord[] {
    return this.all.all().map(toRecord);
  }

  /** Returns false when there was no such API. */
  remove(slug: string): boolean {
    return this.removeStatement.run(slug).changes > 0;
  }

  /** Stores (or, with null, removes) the API's OpenAPI document; false when there is no such API. */
  setOpenApi(slug: string, document: string | null): boolean {
    return this.openApiStatement.run(document, Date.now(), slug).changes > 0;
  }
}

function toRow(config: ApiConfig, source: ApiSource): Omit<ApiRow, 'openapi' | 'created_at' | 'updated_at'> {
  const { secret: _secret, ...authSettings } = config.auth ?? { secret: null };
  return {
    slug: config.slug,
    label: config.label ?? null,
    base_urls: JSON.stringify(config.baseUrls),
    auth: config.auth ? JSON.stringify(authSettings) : null,
    secret_ref: config.auth?.secret ?? null,
    default_headers: config.defaultHeaders ? JSON.stringify(config.defaultHeaders) : null,
    timeout_ms: config.timeoutMs ?? null,
    retry_attempts: config.retry?.attempts ?? null,
    retry_backoff_ms: config.retry?.backoffMs ?? null,
    requests_per_minute: config.rateLimit?.requestsPerMinute ?? null,
    cache: config.cache ? JSON.stringify(config.cache) : null,
    allowed_methods: config.allowedMethods ? JSON.stringify(config.allowedMethods) : null,
    cool_down_ms: config.coolDownMs ?? null,
    enabled: config.enabled === false ? 0 : 1,
    source,
  };
}

function toRecord(row: ApiRow): ApiRecord {
  const config: ApiConfig = { slug: row.slug, baseUrls: JSON.parse(row.base_urls) as string[] };
  if (row.label !== null) config.label = row.label;
  if (row.auth !== null) config.auth = { ...(JSON.parse(row.auth) as ApiAuth), secret: row.secret_ref };
  if (row.default_headers !== null)
    config.defaultHeaders = JSON.parse(row.default_headers) as Record<string, string>;
  if (row.timeout_ms !== null) config.timeoutMs = row.timeout_ms;
  if (row.retry_attempts !== null) {
    config.retry = { attempts: row.retry_attempts };
    if (row.retry_backoff_ms !== null) config.retry.backoffMs = row.retry_backoff_ms;
  }
  if (row.requests_per_minute !== null) config.rateLimit = { requestsPerMinute: row.requests_per_minute };
  if (row.cache !== null) config.cache = JSON.parse(row.cache) as ApiCache;
  if (row.allowed_methods !== null) config.allowedMethods = JSON.parse(row.allowed_methods) as ApiMethod[];
  if (row.cool_down_ms !== null) config.coolDownMs = row.cool_down_ms;
  config.enabled = row.enabled === 1;
  return {
    config,
    source: row.source,
    openapi: row.openapi,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
