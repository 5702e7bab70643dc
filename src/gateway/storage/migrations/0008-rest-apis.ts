import type { Migration } from '../migrate';

/**
 * Plain REST APIs served at /apis/<slug>/ (docs/rest-apis.md): their settings, each gateway key's list of
 * APIs it may call, and the log columns those calls need. The credential is stored as a reference only
 * (`env:NAME` / `keychain:NAME`), and the CHECK refuses anything else, so a pasted token cannot land here.
 */
const restApis: Migration = {
  version: 8,
  name: 'rest-apis',
  up(db) {
    db.exec(`
      CREATE TABLE apis (
        slug TEXT PRIMARY KEY,
        label TEXT,
        -- JSON array of http(s) URLs.
        base_urls TEXT NOT NULL,
        -- JSON of the auth settings (type, header name and template, query parameter, basic user): no secret.
        auth TEXT,
        secret_ref TEXT CHECK (secret_ref IS NULL OR secret_ref GLOB 'env:?*' OR secret_ref GLOB 'keychain:?*'),
        default_headers TEXT,
        timeout_ms INTEGER CHECK (timeout_ms >= 1),
        retry_attempts INTEGER CHECK (retry_attempts BETWEEN 1 AND 10),
        retry_backoff_ms INTEGER CHECK (retry_backoff_ms >= 0),
        requests_per_minute INTEGER CHECK (requests_per_minute >= 1),
        -- JSON of the cache settings (enabled, ttlSeconds, maxBodyBytes).
        cache TEXT,
        -- JSON array of methods; NULL allows all.
        allowed_methods TEXT,
        cool_down_ms INTEGER CHECK (cool_down_ms >= 0),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        -- The imported OpenAPI 3 document, as JSON text.
        openapi TEXT,
        source TEXT NOT NULL CHECK (source IN ('config', 'admin')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- JSON array of API slugs the key may call; NULL (or an empty array) allows every API.
      ALTER TABLE gateway_keys ADD COLUMN allowed_apis TEXT;

      ALTER TABLE logs ADD COLUMN method TEXT;
      ALTER TABLE logs ADD COLUMN bytes_in INTEGER;
      ALTER TABLE logs ADD COLUMN bytes_out INTEGER;
      ALTER TABLE logs ADD COLUMN api TEXT;
      CREATE INDEX logs_api_id ON logs (api, id);
    `);
  },
};

export default restApis;
