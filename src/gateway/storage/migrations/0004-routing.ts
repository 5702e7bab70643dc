import type { Migration } from '../migrate';

/**
 * Routing: each log row lists its upstream attempts (a JSON array) and the route name the caller used;
 * routes created in the admin API live in `routes` (config-file routes too, marked `config`, like providers).
 */
const routing: Migration = {
  version: 4,
  name: 'routing',
  up(db) {
    db.exec(`
      ALTER TABLE logs ADD COLUMN attempts TEXT;
      ALTER TABLE logs ADD COLUMN route TEXT;

      CREATE TABLE routes (
        name TEXT PRIMARY KEY,
        definition TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('config', 'admin')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

export default routing;
