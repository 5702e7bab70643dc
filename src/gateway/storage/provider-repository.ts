import type Database from 'better-sqlite3';

export type ProviderSource = 'config' | 'admin';

/** A configured upstream provider. apiKeyRef points at the secret; the secret never enters SQLite. */
export interface ProviderRecord {
  id: string;
  /** Adapter or preset name, e.g. "openai", "anthropic", "groq", "ollama". */
  type: string;
  baseUrl: string | null;
  /** "env:NAME" or "keychain:name". */
  apiKeyRef: string | null;
  source: ProviderSource;
  enabled: boolean;
  /** Provider-specific settings such as Azure's apiVersion. */
  options: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export type ProviderInput = Pick<
  ProviderRecord,
  'id' | 'type' | 'baseUrl' | 'apiKeyRef' | 'source' | 'enabled'
> & { options?: Record<string, string> };

interface ProviderRow {
  id: string;
  type: string;
  base_url: string | null;
  api_key_ref: string | null;
  source: ProviderSource;
  enabled: number;
  options: string;
  created_at: number;
  updated_at: number;
}

// Anything else is most likely a pasted secret; refusing it keeps secrets out of the database file.
const secretReference = /^(env|keychain):\S+$/;

const columns = 'id, type, base_url, api_key_ref, source, enabled, options, created_at, updated_at';

export class ProviderRepository {
  private readonly upsertStatement: Database.Statement<[ProviderRow]>;
  private readonly byId: Database.Statement<[string], ProviderRow>;
  private readonly all: Database.Statement<[], ProviderRow>;
  private readonly removeStatement: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    // created_at survives updates so the GUI can show when a provider was first added.
    this.upsertStatement = db.prepare(
      `INSERT INTO providers (${columns})
       VALUES (@id, @type, @base_url, @api_key_ref, @source, @enabled, @options, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET
         type = excluded.type, base_url = excluded.base_url, api_key_ref = excluded.api_key_ref,
         source = excluded.source, enabled = excluded.enabled, options = excluded.options,
         updated_at = excluded.updated_at`,
    );
    this.byId = db.prepare(`SELECT ${columns} FROM providers WHERE id = ?`);
    this.all = db.prepare(`SELECT ${columns} FROM providers ORDER BY id`);
    this.removeStatement = db.prepare('DELETE FROM providers WHERE id = ?');
  }

  /** Creates or replaces the provider with this id. */
  upsert(input: ProviderInput): ProviderRecord {
    if (input.id.trim().length === 0) throw new Error('A provider needs a non-empty id.');
    if (input.apiKeyRef !== null && !secretReference.test(input.apiKeyRef)) {
      throw new Error(
        `The API key of provider "${input.id}" must be a reference such as "env:OPENAI_API_KEY" or "keychain:${input.id}", not the key itself.`,
      );
    }
    const now = Date.now();
    this.upsertStatement.run({
      id: input.id,
      type: input.type,
      base_url: input.baseUrl,
      api_key_ref: input.apiKeyRef,
      source: input.source,
      enabled: input.enabled ? 1 : 0,
      options: JSON.stringify(input.options ?? {}),
      created_at: now,
      updated_at: now,
    });
    return this.get(input.id) as ProviderRecord;
  }

  get(id: string): ProviderRecord | undefined {
    const row = this.byId.get(id);
    return row && toRecord(row);
  }

  list(): ProviderRecord[] {
    return this.all.all().map(toRecord);
  }

  /** Returns false when there was no such provider. */
  remove(id: string): boolean {
    return this.removeStatement.run(id).changes > 0;
  }
}

function toRecord(row: ProviderRow): ProviderRecord {
  return {
    id: row.id,
    type: row.type,
    baseUrl: row.base_url,
    apiKeyRef: row.api_key_ref,
    source: row.source,
    enabled: row.enabled === 1,
    options: JSON.parse(row.options) as Record<string, string>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
