import type Database from 'better-sqlite3';

/** Small named string values (e.g. the UI theme). Callers serialise anything richer themselves. */
export class SettingsRepository {
  private readonly getStatement: Database.Statement<[string], { value: string }>;
  private readonly setStatement: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.getStatement = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.setStatement = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: string): string | undefined {
    return this.getStatement.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.setStatement.run(key, value);
  }
}
