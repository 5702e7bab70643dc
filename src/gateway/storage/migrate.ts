import type Database from 'better-sqlite3';
import { migrations as knownMigrations } from './migrations/index';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** The schema version stored in the file header; 0 for a new database. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to the newest migration. Each migration and its user_version bump commit
 * together, so a crash leaves the database at a whole version, never half-way through one.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = knownMigrations): void {
  checkSequence(migrations);
  const newest = migrations.at(-1)?.version ?? 0;
  const startVersion = checkedVersion(db, newest);
  const pending = migrations.filter((migration) => migration.version > startVersion);

  for (const migration of pending) {
    // IMMEDIATE takes the write lock before the version is read again, so two processes opening
    // the same file at once cannot both run the same migration.
    db.transaction(() => {
      if (checkedVersion(db, newest) >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** The current schema version, after refusing a database written by a newer Gatehouse. */
function checkedVersion(db: Database.Database, newest: number): number {
  const current = schemaVersion(db);
  if (current > newest) {
    throw new Error(
      `The database ${db.name} has schema version ${current}, which was written by a newer Gatehouse version; ` +
        `this Gatehouse knows schema versions up to ${newest}. Upgrade Gatehouse, or point it at another data directory.`,
    );
  }
  return current;
}

// A gap or a duplicate would silently skip a migration on some installs: fail loudly at start instead.
function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}; expected ${index + 1} (versions must be 1, 2, 3… in order).`,
      );
    }
  });
}
