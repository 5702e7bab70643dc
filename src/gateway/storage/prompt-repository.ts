import type Database from 'better-sqlite3';
import type { LabelMove, PromptMessage, PromptParams, PromptVariable } from '../../shared/schemas/prompts';

export interface PromptRecord {
  slug: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  latestVersion: number | null;
}

/** One immutable version; the table refuses UPDATEs (trigger in migration 0007). */
export interface PromptVersionRecord {
  prompt: string;
  version: number;
  messages: PromptMessage[];
  variables: PromptVariable[];
  model: string;
  params: PromptParams;
  commitMessage: string;
  createdAt: number;
}

export interface NewPromptVersion {
  messages: PromptMessage[];
  variables: PromptVariable[];
  model: string;
  params: PromptParams;
  commitMessage: string;
}

export interface LabelRecord {
  name: string;
  version: number;
  updatedAt: number;
}

interface PromptRow {
  slug: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
  latest_version: number | null;
}

interface VersionRow {
  prompt: string;
  version: number;
  messages: string;
  variables: string;
  model: string;
  params: string;
  commit_message: string;
  created_at: number;
}

interface LabelRow {
  name: string;
  version: number;
  updated_at: number;
}

interface HistoryRow {
  label: string;
  from_version: number | null;
  to_version: number | null;
  moved_at: number;
  reason: string;
}

const promptColumns = `slug, name, description, created_at, updated_at,
  (SELECT MAX(version) FROM prompt_versions WHERE prompt = prompts.slug) AS latest_version`;

/** Prompts, their immutable versions, movable labels and every label move (tables from migration 0007). */
export class PromptRepository {
  private readonly statements;
  private readonly addVersion: (slug: string, version: NewPromptVersion, now: number) => number;
  private readonly setLabel: (
    slug: string,
    label: string,
    version: number,
    reason: string,
    now: number,
  ) => void;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      list: db.prepare<[], PromptRow>(`SELECT ${promptColumns} FROM prompts ORDER BY slug`),
      get: db.prepare<[string], PromptRow>(`SELECT ${promptColumns} FROM prompts WHERE slug = ?`),
      insert: db.prepare(
        'INSERT INTO prompts (slug, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ),
      update: db.prepare('UPDATE prompts SET name = ?, description = ?, updated_at = ? WHERE slug = ?'),
      touch: db.prepare('UPDATE prompts SET updated_at = ? WHERE slug = ?'),
      remove: db.prepare('DELETE FROM prompts WHERE slug = ?'),
      versions: db.prepare<[string], VersionRow>(
        'SELECT * FROM prompt_versions WHERE prompt = ? ORDER BY version DESC',
      ),
      version: db.prepare<[string, number], VersionRow>(
        'SELECT * FROM prompt_versions WHERE prompt = ? AND version = ?',
      ),
      latest: db.prepare<[string], VersionRow>(
        'SELECT * FROM prompt_versions WHERE prompt = ? ORDER BY version DESC LIMIT 1',
      ),
      nextNumber: db.prepare<[string], { next: number }>(
        'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM prompt_versions WHERE prompt = ?',
      ),
      insertVersion: db.prepare(
        `INSERT INTO prompt_versions (prompt, version, messages, variables, model, params, commit_message, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      labels: db.prepare<[string], LabelRow>(
        'SELECT name, version, updated_at FROM prompt_labels WHERE prompt = ? ORDER BY name',
      ),
      label: db.prepare<[string, string], LabelRow>(
        'SELECT name, version, updated_at FROM prompt_labels WHERE prompt = ? AND name = ?',
      ),
      upsertLabel: db.prepare(
        `INSERT INTO prompt_labels (prompt, name, version, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (prompt, name) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at`,
      ),
      deleteLabel: db.prepare('DELETE FROM prompt_labels WHERE prompt = ? AND name = ?'),
      insertHistory: db.prepare(
        `INSERT INTO prompt_label_history (prompt, label, from_version, to_version, moved_at, reason)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      history: db.prepare<[string, string], HistoryRow>(
        `SELECT label, from_version, to_version, moved_at, reason FROM prompt_label_history
         WHERE prompt = ? AND label = ? ORDER BY id DESC`,
      ),
    };
    // The number is read and used in one transaction, so two admins saving at once get 4 and 5, not 4 twice.
    this.addVersion = db.transaction((slug: string, version: NewPromptVersion, now: number) => {
      const next = this.statements.nextNumber.get(slug)!.next;
      this.statements.insertVersion.run(
        slug,
        next,
        JSON.stringify(version.messages),
        JSON.stringify(version.variables),
        version.model,
        JSON.stringify(version.params),
        version.commitMessage,
        now,
      );
      this.statements.touch.run(now, slug);
      return next;
    });
    this.setLabel = db.transaction(
      (slug: string, label: string, version: number, reason: string, now: number) => {
        const before = this.statements.label.get(slug, label);
        this.statements.upsertLabel.run(slug, label, version, now);
        this.statements.insertHistory.run(slug, label, before?.version ?? null, version, now, reason);
        this.statements.touch.run(now, slug);
      },
    );
  }

  list(): PromptRecord[] {
    return this.statements.list.all().map(toPrompt);
  }

  get(slug: string): PromptRecord | undefined {
    const row = this.statements.get.get(slug);
    return row && toPrompt(row);
  }

  create(slug: string, name: string, description: string, now = Date.now()): PromptRecord {
    this.statements.insert.run(slug, name, description, now, now);
    return this.get(slug)!;
  }

  update(slug: string, name: string, description: string, now = Date.now()): void {
    this.statements.update.run(name, description, now, slug);
  }

  /** Removes the prompt with its versions, labels and label history (log rows keep the slug). */
  remove(slug: string): boolean {
    return this.statements.remove.run(slug).changes > 0;
  }

  /** Stores a new version numbered one past the newest; returns its number. */
  createVersion(slug: string, version: NewPromptVersion, now = Date.now()): number {
    return this.addVersion(slug, version, now);
  }

  versions(slug: string): PromptVersionRecord[] {
    return this.statements.versions.all(slug).map(toVersion);
  }

  version(slug: string, version: number): PromptVersionRecord | undefined {
    const row = this.statements.version.get(slug, version);
    return row && toVersion(row);
  }

  latest(slug: string): PromptVersionRecord | undefined {
    const row = this.statements.latest.get(slug);
    return row && toVersion(row);
  }

  labels(slug: string): LabelRecord[] {
    return this.statements.labels.all(slug).map(toLabel);
  }

  label(slug: string, name: string): LabelRecord | undefined {
    const row = this.statements.label.get(slug, name);
    return row && toLabel(row);
  }

  /** Points the label at the version (creating it), and records the move. */
  moveLabel(slug: string, name: string, version: number, reason: string, now = Date.now()): void {
    this.setLabel(slug, name, version, reason, now);
  }

  deleteLabel(slug: string, name: string, reason: string, now = Date.now()): boolean {
    return this.db.transaction(() => {
      const before = this.statements.label.get(slug, name);
      if (!before) return false;
      this.statements.deleteLabel.run(slug, name);
      this.statements.insertHistory.run(slug, name, before.version, null, now, reason);
      this.statements.touch.run(now, slug);
      return true;
    })();
  }

  /** Every move of the label, the newest first. */
  history(slug: string, name: string): LabelMove[] {
    return this.statements.history.all(slug, name).map((row) => ({
      label: row.label,
      fromVersion: row.from_version,
      toVersion: row.to_version,
      movedAt: row.moved_at,
      reason: row.reason,
    }));
  }

  /** Runs `work` in one transaction (creating a prompt with its first version and labels). */
  transaction<Result>(work: () => Result): Result {
    return this.db.transaction(work)();
  }
}

function toPrompt(row: PromptRow): PromptRecord {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    latestVersion: row.latest_version,
  };
}

function toVersion(row: VersionRow): PromptVersionRecord {
  return {
    prompt: row.prompt,
    version: row.version,
    messages: JSON.parse(row.messages) as PromptMessage[],
    variables: JSON.parse(row.variables) as PromptVariable[],
    model: row.model,
    params: JSON.parse(row.params) as PromptParams,
    commitMessage: row.commit_message,
    createdAt: row.created_at,
  };
}

function toLabel(row: LabelRow): LabelRecord {
  return { name: row.name, version: row.version, updatedAt: row.updated_at };
}
