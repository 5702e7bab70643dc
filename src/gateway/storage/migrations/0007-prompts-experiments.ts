import type { Migration } from '../migrate';

/**
 * Prompts as versioned assets, A/B experiments and feedback (docs/prompts.md), and the log columns that
 * tie a request to the prompt version and experiment arm it used.
 */
const promptsExperiments: Migration = {
  version: 7,
  name: 'prompts-experiments',
  up(db) {
    db.exec(`
      CREATE TABLE prompts (
        slug TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- Templates, variables and params are JSON text, validated by the admin API before they are stored.
      CREATE TABLE prompt_versions (
        prompt TEXT NOT NULL REFERENCES prompts (slug) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version >= 1),
        messages TEXT NOT NULL,
        variables TEXT NOT NULL,
        model TEXT NOT NULL,
        params TEXT NOT NULL,
        commit_message TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (prompt, version)
      ) STRICT;

      -- A version is what a label, a log row and an experiment arm point at: it must never change under them.
      CREATE TRIGGER prompt_versions_immutable BEFORE UPDATE ON prompt_versions
      BEGIN
        SELECT RAISE(ABORT, 'prompt versions are immutable; create a new version instead');
      END;

      -- "latest" is not stored: it is always the highest version.
      CREATE TABLE prompt_labels (
        prompt TEXT NOT NULL REFERENCES prompts (slug) ON DELETE CASCADE,
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (prompt, name),
        FOREIGN KEY (prompt, version) REFERENCES prompt_versions (prompt, version)
      ) STRICT;

      CREATE TABLE prompt_label_history (
        id INTEGER PRIMARY KEY,
        prompt TEXT NOT NULL REFERENCES prompts (slug) ON DELETE CASCADE,
        label TEXT NOT NULL,
        from_version INTEGER,
        to_version INTEGER,
        moved_at INTEGER NOT NULL,
        reason TEXT NOT NULL
      ) STRICT;
      CREATE INDEX prompt_label_history_label ON prompt_label_history (prompt, label, id);

      CREATE TABLE experiments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        -- JSON: {"kind":"prompt","prompt":…,"label":…} or {"kind":"route","route":…}
        target TEXT NOT NULL,
        -- "prompt:<slug>@<label>" or "route:<name>", to find the experiment running on a target.
        target_key TEXT NOT NULL,
        arms TEXT NOT NULL,
        control TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'running', 'paused', 'stopped')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        started_at INTEGER,
        stopped_at INTEGER,
        promoted_arm TEXT
      ) STRICT;
      CREATE INDEX experiments_target_key ON experiments (target_key, status);

      -- One score per request (posting again replaces it); the prompt and arm are copied from the log row.
      CREATE TABLE feedback (
        request_id TEXT PRIMARY KEY,
        score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
        raw_score REAL NOT NULL,
        comment TEXT,
        created_at INTEGER NOT NULL,
        key_name TEXT,
        prompt TEXT,
        prompt_version INTEGER,
        experiment_id TEXT,
        experiment_arm TEXT
      ) STRICT;
      CREATE INDEX feedback_experiment ON feedback (experiment_id, experiment_arm);
      CREATE INDEX feedback_prompt ON feedback (prompt, request_id);

      ALTER TABLE logs ADD COLUMN prompt TEXT;
      ALTER TABLE logs ADD COLUMN prompt_version INTEGER;
      ALTER TABLE logs ADD COLUMN experiment_id TEXT;
      ALTER TABLE logs ADD COLUMN experiment_arm TEXT;
      CREATE INDEX logs_prompt_id ON logs (prompt, id);
      CREATE INDEX logs_experiment_id ON logs (experiment_id, id);
    `);
  },
};

export default promptsExperiments;
