import type Database from 'better-sqlite3';
import type { Experiment, ExperimentStatus, ExperimentTarget } from '../../shared/schemas/experiments';

export type ExperimentRecord = Experiment;
export type ArmRecord = Experiment['arms'][number];

interface ExperimentRow {
  id: string;
  name: string;
  description: string;
  target: string;
  target_key: string;
  arms: string;
  control: string;
  status: ExperimentStatus;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  stopped_at: number | null;
  promoted_arm: string | null;
}

/** One row of the log as experiment results need it. */
export interface ArmLogRow {
  arm: string;
  outcome: 'ok' | 'error' | 'cancelled';
  stream: number;
  latencyMs: number;
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

/** `prompt:<slug>@<label>` or `route:<name>`: how the hot path and the one-per-target rule find experiments. */
export function targetKey(target: ExperimentTarget): string {
  return target.kind === 'prompt' ? `prompt:${target.prompt}@${target.label}` : `route:${target.route}`;
}

/** Experiments (table from migration 0007) and the log rows of their arms. */
export class ExperimentRepository {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      all: db.prepare<[], ExperimentRow>('SELECT * FROM experiments ORDER BY created_at DESC, id'),
      get: db.prepare<[string], ExperimentRow>('SELECT * FROM experiments WHERE id = ?'),
      active: db.prepare<[], ExperimentRow>(
        `SELECT * FROM experiments WHERE status IN ('running', 'paused') ORDER BY id`,
      ),
      upsert: db.prepare(
        `INSERT INTO experiments (id, name, description, target, target_key, arms, control, status,
           created_at, updated_at, started_at, stopped_at, promoted_arm)
         VALUES (@id, @name, @description, @target, @target_key, @arms, @control, @status,
           @created_at, @updated_at, @started_at, @stopped_at, @promoted_arm)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
           arms = excluded.arms, control = excluded.control, status = excluded.status,
           updated_at = excluded.updated_at, started_at = excluded.started_at,
           stopped_at = excluded.stopped_at, promoted_arm = excluded.promoted_arm`,
      ),
      remove: db.prepare('DELETE FROM experiments WHERE id = ?'),
      logRows: db.prepare<[string], ArmLogRow>(
        `SELECT experiment_arm AS arm, outcome, stream, latency_ms AS latencyMs, ttft_ms AS ttftMs,
           input_tokens AS inputTokens, output_tokens AS outputTokens, cost_usd AS costUsd
         FROM logs WHERE experiment_id = ?`,
      ),
    };
  }

  list(): ExperimentRecord[] {
    return this.statements.all.all().map(toRecord);
  }

  /** Running and paused experiments: what the request path and the label locks need. */
  active(): ExperimentRecord[] {
    return this.statements.active.all().map(toRecord);
  }

  get(id: string): ExperimentRecord | undefined {
    const row = this.statements.get.get(id);
    return row && toRecord(row);
  }

  save(record: ExperimentRecord): void {
    this.statements.upsert.run({
      id: record.id,
      name: record.name,
      description: record.description,
      target: JSON.stringify(record.target),
      target_key: targetKey(record.target),
      arms: JSON.stringify(record.arms),
      control: record.control,
      status: record.status,
      created_at: record.createdAt,
      updated_at: record.updatedAt,
      started_at: record.startedAt,
      stopped_at: record.stoppedAt,
      promoted_arm: record.promotedArm,
    });
  }

  remove(id: string): boolean {
    return this.statements.remove.run(id).changes > 0;
  }

  /** Every logged request of the experiment (results read them once per call). */
  logRows(id: string): ArmLogRow[] {
    return this.statements.logRows.all(id);
  }
}

function toRecord(row: ExperimentRow): ExperimentRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    target: JSON.parse(row.target) as ExperimentTarget,
    arms: JSON.parse(row.arms) as ArmRecord[],
    control: row.control,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    promotedArm: row.promoted_arm,
  };
}
