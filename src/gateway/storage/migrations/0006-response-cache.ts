import type { Migration } from '../migrate';

/** Cached answers (cache/sqlite-cache-store.ts) and the log's cache_hit flag. */
const responseCache: Migration = {
  version: 6,
  name: 'response-cache',
  up(db) {
    db.exec(`
      CREATE TABLE response_cache (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('json', 'sse')),
        -- JSON text of the answer, or a JSON array of the SSE events the client received.
        body TEXT NOT NULL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cached_tokens INTEGER,
        size_bytes INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX response_cache_expires_at ON response_cache (expires_at);
      CREATE INDEX response_cache_created_at ON response_cache (created_at);

      ALTER TABLE logs ADD COLUMN cache_hit INTEGER NOT NULL DEFAULT 0 CHECK (cache_hit IN (0, 1));
    `);
  },
};

export default responseCache;
