import type Database from 'better-sqlite3';
import type { RouteConfig, RouteSource } from '../../shared/schemas/routes';

export interface RouteRecord {
  config: RouteConfig;
  /** config: from the config file (read-only in the admin API); admin: created through the admin API. */
  source: RouteSource;
  createdAt: number;
  updatedAt: number;
}

interface RouteRow {
  name: string;
  definition: string;
  source: RouteSource;
  created_at: number;
  updated_at: number;
}

/** Routes in SQLite (table `routes`, migration 0004); the definition is the route's JSON as validated. */
export class RouteRepository {
  private readonly upsertStatement: Database.Statement<[RouteRow]>;
  private readonly byName: Database.Statement<[string], RouteRow>;
  private readonly all: Database.Statement<[], RouteRow>;
  private readonly removeStatement: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    // created_at survives updates so the GUI can show when a route was first made.
    this.upsertStatement = db.prepare(
      `INSERT INTO routes (name, definition, source, created_at, updated_at)
       VALUES (@name, @definition, @source, @created_at, @updated_at)
       ON CONFLICT (name) DO UPDATE SET
         definition = excluded.definition, source = excluded.source, updated_at = excluded.updated_at`,
    );
    this.byName = db.prepare('SELECT * FROM routes WHERE name = ?');
    this.all = db.prepare('SELECT * FROM routes ORDER BY name');
    this.removeStatement = db.prepare('DELETE FROM routes WHERE name = ?');
  }

  upsert(config: RouteConfig, source: RouteSource): RouteRecord {
    const now = Date.now();
    this.upsertStatement.run({
      name: config.name,
      definition: JSON.stringify(config),
      source,
      created_at: now,
      updated_at: now,
    });
    return this.get(config.name) as RouteRecord;
  }

  get(name: string): RouteRecord | undefined {
    const row = this.byName.get(name);
    return row && toRecord(row);
  }

  list(): RouteRecord[] {
    return this.all.all().map(toRecord);
  }

  /** Returns false when there was no such route. */
  remove(name: string): boolean {
    return this.removeStatement.run(name).changes > 0;
  }
}

function toRecord(row: RouteRow): RouteRecord {
  return {
    config: JSON.parse(row.definition) as RouteConfig,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
