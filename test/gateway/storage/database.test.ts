import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/gateway/storage/database';
import { migrate, schemaVersion, type Migration } from '../../../src/gateway/storage/migrate';
import { migrations } from '../../../src/gateway/storage/migrations/index';
import { temporaryFolder } from './make-log-record';

const newest = migrations.at(-1)!.version;

function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

describe('openDatabase', () => {
  it('creates the folder, the tables and WAL mode in a new file', () => {
    const file = path.join(temporaryFolder(), 'nested', 'data', 'gatehouse.db');
    const db = openDatabase(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(tableNames(db)).toEqual([
      'apis',
      'experiments',
      'feedback',
      'gateway_keys',
      'logs',
      'prompt_label_history',
      'prompt_labels',
      'prompt_versions',
      'prompts',
      'providers',
      'response_cache',
      'routes',
      'settings',
    ]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(newest);
    db.close();
  });

  it('re-opens an existing database without re-running migrations or losing data', () => {
    const file = path.join(temporaryFolder(), 'gatehouse.db');
    const first = openDatabase(file);
    first.prepare("INSERT INTO settings (key, value) VALUES ('theme', 'dark')").run();
    first.close();

    const second = openDatabase(file);
    expect(schemaVersion(second)).toBe(newest);
    expect(second.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('dark');
    second.close();
  });

  it('refuses a database written by a newer version, naming both versions, and leaves it untouched', () => {
    const file = path.join(temporaryFolder(), 'gatehouse.db');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${newest + 6}`);
    raw.close();

    expect(() => openDatabase(file)).toThrow(/newer Gatehouse version/);
    expect(() => openDatabase(file)).toThrow(
      new RegExp(`schema version ${newest + 6}\\b.*up to ${newest}\\b`),
    );
    const check = new Database(file);
    expect(schemaVersion(check)).toBe(newest + 6);
    check.close();
  });

  it('works in memory for unit tests', () => {
    const db = openDatabase(':memory:');
    expect(tableNames(db)).toContain('logs');
    db.close();
  });

  it('rejects a value of the wrong type (STRICT tables)', () => {
    const db = openDatabase(':memory:');
    const insert = db.prepare(
      "INSERT INTO gateway_keys (id, name, key_hash, hint, source, created_at) VALUES ('1', 'a', 'h', '…h', 'cli', ?)",
    );
    expect(() => insert.run('yesterday')).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });
});

describe('migrate', () => {
  const first: Migration = {
    version: 1,
    name: 'first',
    up: (db) => db.exec('CREATE TABLE first (id INTEGER PRIMARY KEY) STRICT'),
  };

  it('rolls a failing migration back whole, keeping the previous version', () => {
    const db = new Database(path.join(temporaryFolder(), 'partial.db'));
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (inner) => {
        inner.exec('CREATE TABLE second (id INTEGER PRIMARY KEY) STRICT');
        inner.exec('THIS IS NOT SQL');
      },
    };
    expect(() => migrate(db, [first, broken])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['first']);
    db.close();
  });

  it('refuses a list of migrations with a gap', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [first, { ...first, version: 3, name: 'third' }])).toThrow(/expected 2/);
    db.close();
  });
});
