import type { ArmResults, ComparisonMetric } from '../../../../shared/schemas/experiments';
import { formatLatency, formatUsd } from '../../lib/format';

export interface MetricMeta {
  label: string;
  /** In a sentence: "mean latency +120 ms". */
  noun: string;
  /** Which way is better. */
  better: 'lower' | 'higher';
  /** "B is faster", "B is slower". */
  betterWord: string;
  worseWord: string;
  /** A value of the metric, and a difference of it (signed). */
  format(value: number): string;
  /** A difference, unsigned; rates differ by percentage points, not percent. */
  formatDifference?(value: number): string;
  /** The arm's value as the results show it, null when there is none. */
  armValue(arm: ArmResults): number | null;
  /** Counts behind a rate, for its interval: successes of trials. */
  rateCounts?(arm: ArmResults): { successes: number; trials: number };
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const points = (value: number) => `${(value * 100).toFixed(1)} points`;
const signed = (text: string, value: number) => (value > 0 ? `+${text}` : value < 0 ? `−${text}` : text);

export const METRICS: Record<ComparisonMetric, MetricMeta> = {
  latencyMs: {
    label: 'Latency (mean)',
    noun: 'mean latency',
    better: 'lower',
    betterWord: 'faster',
    worseWord: 'slower',
    format: (value) => formatLatency(Math.abs(value)),
    armValue: (arm) => arm.latencyMs.mean,
  },
  costUsd: {
    label: 'Cost per request',
    noun: 'cost per request',
    better: 'lower',
    betterWord: 'cheaper',
    worseWord: 'more expensive',
    format: (value) => formatUsd(Math.abs(value)),
    armValue: (arm) => arm.costUsd.perRequest,
  },
  errorRate: {
    label: 'Error rate',
    noun: 'error rate',
    better: 'lower',
    betterWord: 'fails less often',
    worseWord: 'fails more often',
    format: (value) => percent(Math.abs(value)),
    formatDifference: (value) => points(Math.abs(value)),
    armValue: (arm) => arm.errorRate,
    rateCounts: (arm) => ({ successes: arm.errors, trials: arm.requests - arm.cancelled }),
  },
  feedbackScore: {
    label: 'Feedback score (mean)',
    noun: 'mean feedback score',
    better: 'higher',
    betterWord: 'is rated higher',
    worseWord: 'is rated lower',
    format: (value) => Math.abs(value).toFixed(3),
    armValue: (arm) => arm.feedback.mean,
  },
  positiveRate: {
    label: 'Positive feedback',
    noun: 'positive feedback rate',
    better: 'higher',
    betterWord: 'gets more positive feedback',
    worseWord: 'gets less positive feedback',
    format: (value) => percent(Math.abs(value)),
    formatDifference: (value) => points(Math.abs(value)),
    armValue: (arm) => arm.feedback.positiveRate,
    rateCounts: (arm) => ({
      successes: Math.round((arm.feedback.positiveRate ?? 0) * arm.feedback.count),
      trials: arm.feedback.count,
    }),
  },
};

/** A difference with its sign: "+120 ms", "−0.4%". */
export function formatDifference(metric: ComparisonMetric, value: number): string {
  const meta = METRICS[metric];
  return signed((meta.formatDifference ?? meta.format)(value), value);
}

/** "p = 0.002", or "p < 0.001" for the very small ones. */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/**
 * The 95% Wilson score interval of a rate. The gateway gives intervals of differences only; a rate's own
 * interval follows from its counts alone, and Wilson's stays inside [0, 1] for small counts.
 */
export function wilsonInterval(successes: number, trials: number): [number, number] | null {
  if (trials === 0) return null;
  const z = 1.959964;
  const rate = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (rate + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((rate * (1 - rate)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
