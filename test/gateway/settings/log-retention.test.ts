import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/gateway/storage/database';
import { LogRepository } from '../../../src/gateway/storage/log-repository';
import { LogRetention } from '../../../src/gateway/storage/log-retention';
import { makeLogRecord, storeLogs, temporaryFolder } from '../storage/make-log-record';
import { chat, startSettingsGateway, type SettingsGateway } from './settings-gateway';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 6, 24, 12);

function databaseWithLogs(ages: number[]) {
  const db = openDatabase(path.join(temporaryFolder(), 'gatehouse.db'));
  storeLogs(
    db,
    ages.map((age, index) => makeLogRecord({ time: NOW - age }, index)),
  );
  return { db, logs: new LogRepository(db) };
}

describe('log retention', () => {
  let gateway: SettingsGateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  it('deleteOlderThan removes exactly the rows that started before the cut, in batches', () => {
    const { db, logs } = databaseWithLogs([40 * DAY, 31 * DAY, 30 * DAY - 1, 2 * DAY, 0, 35 * DAY, 33 * DAY]);
    expect(logs.deleteOlderThan(NOW - 30 * DAY, 2)).toBe(4);
    const left = logs.list({ limit: 100 }).items.map((item) => NOW - item.time);
    expect(left.sort((a, b) => a - b)).toEqual([0, 2 * DAY, 30 * DAY - 1]);
    db.close();
  });

  it('sweeps at start and on demand with the retention read each time; null keeps everything', () => {
    const { db, logs } = databaseWithLogs([10 * DAY, 5 * DAY, 1 * DAY]);
    let days: number | null = null;
    const retention = new LogRetention({
      deleteOlderThan: (time) => logs.deleteOlderThan(time),
      retentionDays: () => days,
      clock: () => NOW,
    });
    retention.start();
    expect(logs.list().items).toHaveLength(3);
    days = 7;
    expect(retention.sweep()).toBe(1);
    days = 2;
    expect(retention.sweep()).toBe(1);
    expect(logs.list().items).toHaveLength(1);
    retention.stop();
    db.close();
  });

  it('a failing sweep is reported and does not throw', () => {
    const errors: unknown[] = [];
    const retention = new LogRetention({
      deleteOlderThan: () => {
        throw new Error('disk I/O error');
      },
      retentionDays: () => 1,
      onError: (error) => errors.push(error),
    });
    expect(retention.sweep()).toBe(0);
    expect(errors).toHaveLength(1);
  });

  it('saving a retention in the admin API deletes older rows at once and keeps new requests', async () => {
    gateway = await startSettingsGateway();
    const old = makeLogRecord({ time: Date.now() - 10 * DAY }, 1);
    gateway.gateway.services.logWriter.write(old);
    const fresh = await chat(gateway.client);
    await gateway.logRow(fresh);
    expect((await gateway.admin(`/admin/logs/${old.id}`)).status).toBe(200);

    const saved = await gateway.admin('/admin/settings', { method: 'PATCH', body: { logRetentionDays: 7 } });
    expect(saved.status).toBe(200);
    expect((await gateway.admin(`/admin/logs/${old.id}`)).status).toBe(404);
    expect((await gateway.admin(`/admin/logs/${fresh}`)).status).toBe(200);
  });
});
