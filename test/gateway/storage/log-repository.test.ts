import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogQuery, LogRecord } from '../../../src/shared/schemas/log-record';
import { openDatabase } from '../../../src/gateway/storage/database';
import { LogRepository } from '../../../src/gateway/storage/log-repository';
import { makeLogRecord, storeLogs } from './make-log-record';

let db: Database.Database;
let logs: LogRepository;

beforeEach(() => {
  db = openDatabase(':memory:');
  logs = new LogRepository(db);
});
afterEach(() => db.close());

/** Follows nextCursor to the end and returns every id in the order received. */
function walk(query: LogQuery): { ids: string[]; pages: number } {
  const ids: string[] = [];
  let pages = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = logs.list({ ...query, cursor });
    pages += 1;
    ids.push(...page.items.map((item) => item.id));
    if (page.nextCursor === null) return { ids, pages };
    expect(page.nextCursor).toBe(page.items.at(-1)?.id);
    cursor = page.nextCursor;
  }
}

describe('LogRepository.list', () => {
  const start = Date.UTC(2026, 6, 1);
  // Three records share each millisecond so that ordering by time alone would be ambiguous.
  const records = Array.from({ length: 120 }, (_, index) =>
    makeLogRecord(
      {
        time: start + Math.floor(index / 3),
        model: index % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini',
        provider: index % 4 === 0 ? 'anthropic' : 'openai',
        status: index % 10 === 0 ? 502 : 200,
        outcome: index % 10 === 0 ? 'error' : 'ok',
        keyName: index % 2 === 0 ? 'alice' : 'bob',
      },
      index,
    ),
  );
  const newestFirst = (list: LogRecord[]) =>
    list
      .map((record) => record.id)
      .sort()
      .reverse();

  beforeEach(() => storeLogs(db, records));

  it('walks all pages newest first without duplicates or gaps', () => {
    const { ids, pages } = walk({ limit: 50 });
    expect(pages).toBe(3);
    expect(ids).toEqual(newestFirst(records));
  });

  it('says there is no next page when the last page is exactly full', () => {
    const { ids, pages } = walk({ limit: 60 });
    expect(pages).toBe(2);
    expect(ids).toHaveLength(120);
  });

  it('pages through filtered results', () => {
    expect(walk({ model: 'gpt-4o', limit: 15 }).ids).toEqual(
      newestFirst(records.filter((r) => r.model === 'gpt-4o')),
    );
    const anthropicErrors = records.filter((r) => r.provider === 'anthropic' && r.status === 502);
    expect(walk({ provider: 'anthropic', status: 502, limit: 2 }).ids).toEqual(newestFirst(anthropicErrors));
    expect(walk({ outcome: 'error' }).ids).toEqual(newestFirst(records.filter((r) => r.outcome === 'error')));
    expect(walk({ key: 'bob', limit: 500 }).ids).toEqual(
      newestFirst(records.filter((r) => r.keyName === 'bob')),
    );
    expect(logs.list({ model: 'no-such-model' })).toEqual({ items: [], nextCursor: null });
  });

  it('finds common and rare statuses and outcomes, the rare ones through their partial indexes', () => {
    const prepared: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    /** The list's result, and how SQLite runs the statement it prepared for it. */
    const listed = (query: LogQuery) => {
      // A repository of its own prepares this query's statement afresh.
      logs = new LogRepository(db);
      const before = prepared.length;
      const ids = walk(query).ids;
      const sql = prepared[before];
      expect(sql, 'a new filter prepares a new statement').toBeDefined();
      const plan = prepare(`EXPLAIN QUERY PLAN ${sql!}`)
        .all(...Array.from(sql!.matchAll(/\?/g), () => null))
        .map((row) => (row as { detail: string }).detail)
        .join('; ');
      return { ids, plan };
    };
    const failed = newestFirst(records.filter((r) => r.status === 502));
    const succeeded = newestFirst(records.filter((r) => r.status === 200));

    const byStatus = listed({ status: 502, limit: 5 });
    expect(byStatus.ids).toEqual(failed);
    expect(byStatus.plan).toMatch(/USING (COVERING )?INDEX logs_status_id/);
    const byClass = listed({ statusClass: '5xx' });
    expect(byClass.ids).toEqual(failed);
    expect(byClass.plan).toMatch(/USING (COVERING )?INDEX logs_status_id/);
    const byOutcome = listed({ outcome: 'error', limit: 7 });
    expect(byOutcome.ids).toEqual(failed);
    expect(byOutcome.plan).toMatch(/USING (COVERING )?INDEX logs_outcome_id/);

    // The common values are not in those indexes: they are read newest first, nearly every row matching.
    expect(listed({ status: 200, limit: 40 }).ids).toEqual(succeeded);
    expect(listed({ statusClass: '2xx', limit: 40 }).ids).toEqual(succeeded);
    expect(listed({ outcome: 'ok', limit: 40 }).ids).toEqual(succeeded);
    expect(listed({ statusClass: '4xx' }).ids).toEqual([]);
    expect(listed({ outcome: 'cancelled' }).ids).toEqual([]);
  });

  it('defaults to 50 items, caps the page at 500, and leaves bodies out', () => {
    const page = logs.list({});
    expect(page.items).toHaveLength(50);
    expect(page.items[0]).not.toHaveProperty('requestBody');
    expect(page.items[0]).not.toHaveProperty('responseBody');
    expect(logs.list({ limit: 10_000 }).items).toHaveLength(120);
  });

  it('returns one record with its bodies, or undefined', () => {
    const record = records[7]!;
    expect(logs.get(record.id)).toEqual(record);
    expect(logs.get('missing')).toBeUndefined();
  });
});
