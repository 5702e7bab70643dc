import { describe, expect, it } from 'vitest';
import { experimentResults, MIN_MEAN_SAMPLES } from '../../../src/gateway/experiments/experiment-results';
import { welchTTest } from '../../../src/gateway/experiments/statistics';
import type { ArmLogRow, ExperimentRecord } from '../../../src/gateway/storage/experiment-repository';

const experiment: ExperimentRecord = {
  id: 'exp_000000000001',
  name: 'shorter replies',
  description: '',
  target: { kind: 'prompt', prompt: 'support-reply', label: 'production' },
  arms: [
    { name: 'control', promptVersion: null, model: null, weight: 50 },
    { name: 'shorter', promptVersion: 2, model: null, weight: 50 },
  ],
  control: 'control',
  status: 'running',
  createdAt: 0,
  updatedAt: 0,
  startedAt: 0,
  stoppedAt: null,
  promotedArm: null,
};

function row(arm: string, latencyMs: number, fields: Partial<ArmLogRow> = {}): ArmLogRow {
  return {
    arm,
    outcome: 'ok',
    stream: 1,
    latencyMs,
    ttftMs: latencyMs / 2,
    inputTokens: 100,
    outputTokens: 20,
    costUsd: 0.001,
    ...fields,
  };
}

describe('experiment results', () => {
  it('says "not enough data" below the minimum per arm, and still reports what it has', () => {
    const rows = [row('control', 100), row('control', 120), row('shorter', 90, { outcome: 'error' })];
    const results = experimentResults(experiment, rows, [{ arm: 'control', score: 1 }]);
    expect(results.arms[0]).toMatchObject({
      arm: 'control',
      isControl: true,
      requests: 2,
      errors: 0,
      errorRate: 0,
      latencyMs: { p50: 100, p95: 120, samples: 2 },
      ttftMs: { p50: 50 },
      inputTokens: { total: 200, mean: 100 },
      costUsd: { total: 0.002, perRequest: 0.001, unpricedRequests: 0 },
      feedback: { count: 1, mean: 1, positiveRate: 1 },
    });
    expect(results.arms[1]).toMatchObject({ arm: 'shorter', requests: 1, errors: 1, errorRate: 1 });
    const latency = results.comparisons[0]!.metrics.find((metric) => metric.metric === 'latencyMs')!;
    expect(latency).toMatchObject({ enoughData: false, pValue: null, significant: false });
    expect(latency.message).toContain(`at least ${MIN_MEAN_SAMPLES}`);
    expect(results.minimums).toEqual({ meanSamples: 30, proportionTrials: 30 });
  });

  it('compares each arm with the control: Welch for means, pooled z for rates', () => {
    const rows: ArmLogRow[] = [];
    for (let index = 0; index < 50; index += 1) {
      rows.push(row('control', 200 + (index % 10) * 5, { outcome: index < 15 ? 'error' : 'ok' }));
      rows.push(row('shorter', 150 + (index % 10) * 5, { outcome: index < 5 ? 'error' : 'ok' }));
    }
    const scores = [
      ...Array.from({ length: 40 }, (_, index) => ({ arm: 'control', score: index < 18 ? 1 : 0 })),
      ...Array.from({ length: 40 }, (_, index) => ({ arm: 'shorter', score: index < 30 ? 1 : 0 })),
    ];
    const results = experimentResults(experiment, rows, scores);
    const metrics = Object.fromEntries(
      results.comparisons[0]!.metrics.map((metric) => [metric.metric, metric]),
    );

    const expected = welchTTest(
      rows.filter((each) => each.arm === 'shorter' && each.outcome === 'ok').map((each) => each.latencyMs),
      rows.filter((each) => each.arm === 'control' && each.outcome === 'ok').map((each) => each.latencyMs),
    )!;
    expect(metrics.latencyMs).toMatchObject({
      test: 'welch-t',
      enoughData: true,
      significant: true,
      statistic: expected.t,
      pValue: expected.pValue,
    });
    expect(metrics.latencyMs!.difference).toBeLessThan(0);
    expect(metrics.latencyMs!.ciLow).toBeLessThan(metrics.latencyMs!.difference!);

    expect(metrics.errorRate).toMatchObject({
      test: 'two-proportion-z',
      enoughData: true,
      control: 0.3,
      arm: 0.1,
    });
    expect(metrics.errorRate!.difference).toBeCloseTo(-0.2, 12);
    expect(metrics.positiveRate).toMatchObject({ control: 0.45, arm: 0.75, significant: true });
    expect(metrics.feedbackScore).toMatchObject({ test: 'welch-t', control: 0.45, arm: 0.75 });
    // Every request cost the same: no variation to test.
    expect(metrics.costUsd).toMatchObject({ enoughData: true, pValue: null, difference: 0 });
    expect(metrics.costUsd!.message).toContain('No variation');
  });
});
