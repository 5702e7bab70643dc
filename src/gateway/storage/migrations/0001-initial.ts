import type Database from 'better-sqlite3';
import type { Migration } from '../migrate';

// STRICT tables make SQLite reject a value of the wrong type instead of storing it silently,
// so a bug in a writer shows up at once rather than as a bad row months later.
const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db: Database.Database): void {
    db.exec(`
      CREATE TABLE logs (
        id TEXT PRIMARY KEY,
        time INTEGER NOT NULL,
        key_name TEXT,
        endpoint TEXT NOT NULL,
        provider TEXT,
        model TEXT,
        stream INTEGER NOT NULL CHECK (stream IN (0, 1)),
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'error', 'cancelled')),
        error TEXT,
        latency_ms REAL NOT NULL,
        ttft_ms REAL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cached_tokens INTEGER,
        cost_usd REAL,
        request_body TEXT,
        response_body TEXT
      ) STRICT;

      -- Filter indexes end with id so that "filter, newest first, after cursor" is one index range scan.
      CREATE INDEX logs_time ON logs (time);
      CREATE INDEX logs_model_id ON logs (model, id);
      CREATE INDEX logs_provider_id ON logs (provider, id);
      CREATE INDEX logs_key_name_id ON logs (key_name, id);
      CREATE INDEX logs_status_id ON logs (status, id);
      CREATE INDEX logs_outcome_id ON logs (outcome, id);

      CREATE TABLE gateway_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        key_hash TEXT NOT NULL UNIQUE,
        hint TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('config', 'cli', 'admin')),
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT;

      CREATE TABLE providers (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        base_url TEXT,
        api_key_ref TEXT,
        source TEXT NOT NULL CHECK (source IN ('config', 'admin')),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};

export default initial;
