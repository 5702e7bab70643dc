import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate';

const inMemory = new Set([':memory:', '']);

/**
 * Opens (or creates) the Gatehouse database and brings its schema up to date.
 * Pass ':memory:' for a throwaway database in unit tests.
 */
export function openDatabase(file: string): Database.Database {
  if (!inMemory.has(file)) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  const db = new Database(file);
  try {
    // WAL lets the admin API read logs while the writer appends; NORMAL is durable across
    // application crashes in WAL mode and only risks the last commits on power loss.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
