import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countRequestsToday } from '../../src/main/requests-today';
import { openDatabase } from '../../src/gateway/storage/database';
import { LogRepository } from '../../src/gateway/storage/log-repository';
import { makeLogRecord, storeLogs, temporaryFolder } from '../gateway/storage/make-log-record';

describe('countRequestsToday', () => {
  it('counts the requests logged since local midnight, failed ones included', () => {
    const db = openDatabase(path.join(temporaryFolder(), 'gatehouse.db'));
    const now = new Date(2026, 6, 24, 15, 30);
    const at = (day: number, hours: number, minutes = 0, seconds = 0) =>
      new Date(2026, 6, day, hours, minutes, seconds).getTime();
    storeLogs(db, [
      makeLogRecord({ time: at(23, 23, 59, 59) }, 1),
      makeLogRecord({ time: at(24, 0, 0, 0) }, 2),
      makeLogRecord({ time: at(24, 9, 15), status: 502, outcome: 'error', costUsd: null }, 3),
      makeLogRecord({ time: at(24, 15, 29) }, 4),
      makeLogRecord({ time: at(25, 0, 0, 0) }, 5),
    ]);
    const logs = new LogRepository(db);

    expect(countRequestsToday(logs, now)).toBe(3);
    expect(countRequestsToday(logs, new Date(2026, 6, 23, 8))).toBe(1);
    expect(countRequestsToday(logs, new Date(2026, 6, 26, 8))).toBe(0);
    db.close();
  });
});
