import type Database from 'better-sqlite3';
import type { SpendSnapshot } from './limit-store';
import { startOfUtcDay, startOfUtcMonth, utcDay, utcMonth } from './utc-periods';

interface SpendRow {
  keyName: string;
  usdToday: number;
  usdThisMonth: number;
}

/** Spend per gateway key as the log records it, so USD budgets survive a restart. */
export class SpendHistory {
  private readonly statement: Database.Statement<[number, number], SpendRow>;

  constructor(db: Database.Database) {
    // Rows are dated by the request's start, as reservations are: a request that ran over midnight counts
    // for the day it started on.
    this.statement = db.prepare(
      `SELECT key_name AS keyName,
         COALESCE(SUM(CASE WHEN time >= ? THEN cost_usd END), 0) AS usdToday,
         COALESCE(SUM(cost_usd), 0) AS usdThisMonth
       FROM logs WHERE time >= ? AND key_name IS NOT NULL AND cost_usd IS NOT NULL
       GROUP BY key_name`,
    );
  }

  /** This UTC day's and month's spend of every key that spent something this month. */
  spendByKey(now: number): Map<string, SpendSnapshot> {
    const day = utcDay(now);
    const month = utcMonth(now);
    const spend = new Map<string, SpendSnapshot>();
    for (const row of this.statement.all(startOfUtcDay(now), startOfUtcMonth(now))) {
      spend.set(row.keyName, { day, usdToday: row.usdToday, month, usdThisMonth: row.usdThisMonth });
    }
    return spend;
  }
}
