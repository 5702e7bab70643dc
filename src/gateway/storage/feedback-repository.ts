import type Database from 'better-sqlite3';
import type { FeedbackList, FeedbackRecord } from '../../shared/schemas/experiments';

interface FeedbackRow {
  request_id: string;
  score: number;
  raw_score: number;
  comment: string | null;
  created_at: number;
  key_name: string | null;
  prompt: string | null;
  prompt_version: number | null;
  experiment_id: string | null;
  experiment_arm: string | null;
}

export interface FeedbackFilter {
  experimentId?: string;
  prompt?: string;
  arm?: string;
  cursor?: string;
  limit?: number;
}

const maxPage = 500;

/** Scores callers gave to requests (POST /v1/feedback): one per request, a second post replaces the first. */
export class FeedbackRepository {
  private readonly upsertStatement: Database.Statement;
  private readonly scoresStatement: Database.Statement<[string], { arm: string | null; score: number }>;
  private readonly pages = new Map<string, Database.Statement<unknown[], FeedbackRow>>();

  constructor(private readonly db: Database.Database) {
    this.upsertStatement = db.prepare(
      `INSERT INTO feedback (request_id, score, raw_score, comment, created_at, key_name, prompt, prompt_version,
         experiment_id, experiment_arm)
       VALUES (@requestId, @score, @rawScore, @comment, @createdAt, @keyName, @prompt, @promptVersion,
         @experimentId, @arm)
       ON CONFLICT (request_id) DO UPDATE SET score = excluded.score, raw_score = excluded.raw_score,
         comment = excluded.comment, created_at = excluded.created_at`,
    );
    this.scoresStatement = db.prepare(
      'SELECT experiment_arm AS arm, score FROM feedback WHERE experiment_id = ?',
    );
  }

  save(record: FeedbackRecord): void {
    this.upsertStatement.run(record);
  }

  /** Every score of an experiment's requests, with their arm. */
  scores(experimentId: string): Array<{ arm: string | null; score: number }> {
    return this.scoresStatement.all(experimentId);
  }

  /** Newest request first; pass nextCursor back as cursor for the next page. */
  list(filter: FeedbackFilter): FeedbackList {
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), maxPage);
    const conditions: Array<[string, unknown]> = [];
    if (filter.experimentId !== undefined) conditions.push(['experiment_id = ?', filter.experimentId]);
    if (filter.prompt !== undefined) conditions.push(['prompt = ?', filter.prompt]);
    if (filter.arm !== undefined) conditions.push(['experiment_arm = ?', filter.arm]);
    if (filter.cursor !== undefined) conditions.push(['request_id < ?', filter.cursor]);
    const sql = conditions.map(([condition]) => condition).join(' AND ');
    let statement = this.pages.get(sql);
    if (!statement) {
      statement = this.db.prepare(
        `SELECT * FROM feedback ${sql ? `WHERE ${sql}` : ''} ORDER BY request_id DESC LIMIT ?`,
      );
      this.pages.set(sql, statement);
    }
    const rows = statement.all(...conditions.map(([, value]) => value), limit + 1);
    const items = rows.slice(0, limit).map(toRecord);
    return { items, nextCursor: rows.length > limit ? (items.at(-1)?.requestId ?? null) : null };
  }
}

function toRecord(row: FeedbackRow): FeedbackRecord {
  return {
    requestId: row.request_id,
    score: row.score,
    rawScore: row.raw_score,
    comment: row.comment,
    createdAt: row.created_at,
    keyName: row.key_name,
    prompt: row.prompt,
    promptVersion: row.prompt_version,
    experimentId: row.experiment_id,
    arm: row.experiment_arm,
  };
}
