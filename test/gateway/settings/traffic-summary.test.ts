import { afterEach, describe, expect, it } from 'vitest';
import { nearestRank, trafficSummary } from '../../../src/gateway/storage/traffic-summary';
import type { TrafficRow } from '../../../src/gateway/storage/log-repository';
import { chat, startSettingsGateway, type SettingsGateway } from './settings-gateway';

const HOUR = 60 * 60 * 1000;
const FROM = Date.UTC(2026, 6, 24);

function rows(list: Array<Partial<TrafficRow> & { time: number }>) {
  const all: TrafficRow[] = list.map((row) => ({
    latencyMs: 100,
    failed: 0,
    costUsd: 0.01,
    inputTokens: 10,
    outputTokens: 5,
    ...row,
  }));
  return {
    trafficRows: (from: number, to: number) =>
      all.filter((row) => row.time >= from && row.time < to).values(),
  };
}

describe('traffic summary', () => {
  let gateway: SettingsGateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  it('nearest rank: p95 of 1..20 is 19, of one value that value, of none null', () => {
    const values = Array.from({ length: 20 }, (_, index) => index + 1);
    expect(nearestRank(values, 0.95)).toBe(19);
    expect(nearestRank(values, 0.5)).toBe(10);
    expect(nearestRank([42], 0.95)).toBe(42);
    expect(nearestRank([], 0.95)).toBeNull();
  });

  it('totals, percentiles and per-slice series over the window', () => {
    const summary = trafficSummary(
      rows([
        { time: FROM + 10, latencyMs: 50 },
        { time: FROM + 20, latencyMs: 150, failed: 1, costUsd: null },
        { time: FROM + 2 * HOUR, latencyMs: 300 },
        { time: FROM + 23 * HOUR + 59 * 60_000, latencyMs: 1000, costUsd: 0.5 },
        { time: FROM + 24 * HOUR, latencyMs: 9999 },
      ]),
      { from: '2026-07-24', to: '2026-07-25', buckets: 24 },
    );
    expect(summary).toMatchObject({
      from: '2026-07-24T00:00:00.000Z',
      to: '2026-07-25T00:00:00.000Z',
      requests: 4,
      errors: 1,
      unpricedRequests: 1,
      inputTokens: 40,
      outputTokens: 20,
      p50LatencyMs: 150,
      p95LatencyMs: 1000,
    });
    expect(summary.costUsd).toBeCloseTo(0.52, 10);
    expect(summary.buckets).toHaveLength(24);
    expect(summary.buckets[0]).toMatchObject({
      start: '2026-07-24T00:00:00.000Z',
      requests: 2,
      errors: 1,
      p95LatencyMs: 150,
    });
    expect(summary.buckets[1]).toMatchObject({ requests: 0, p95LatencyMs: null });
    expect(summary.buckets[2]?.requests).toBe(1);
    expect(summary.buckets[23]).toMatchObject({ requests: 1, costUsd: 0.5 });
  });

  it('refuses an empty or overlong window', () => {
    expect(() => trafficSummary(rows([]), { from: '2026-07-24', to: '2026-07-24' })).toThrow('before');
    expect(() => trafficSummary(rows([]), { from: '2026-01-01', to: '2026-07-24' })).toThrow('31 days');
  });

  it('GET /admin/stats/summary counts the requests just made through the SDK', async () => {
    gateway = await startSettingsGateway();
    for (let index = 0; index < 3; index += 1) await gateway.logRow(await chat(gateway.client));
    const { status, body } = await gateway.admin('/admin/stats/summary?buckets=6');
    expect(status).toBe(200);
    expect(body.requests).toBe(3);
    expect(body.errors).toBe(0);
    expect(body.costUsd).toBeGreaterThan(0);
    expect(body.p95LatencyMs).toBeGreaterThan(0);
    expect(body.buckets).toHaveLength(6);
    expect(body.buckets.at(-1).requests).toBe(3);
    const bad = await gateway.admin('/admin/stats/summary?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"from" must be an ISO date');
  });
});
