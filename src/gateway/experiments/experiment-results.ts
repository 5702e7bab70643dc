import type {
  ArmResults,
  Comparison,
  ComparisonMetric,
  ExperimentResults,
  Quantiles,
} from '../../shared/schemas/experiments';
import type { ArmLogRow, ExperimentRecord } from '../storage/experiment-repository';
import { mean, percentile, twoProportionZTest, welchTTest } from './statistics';

/**
 * Below these, an arm gets no verdict ("not enough data"): 30 values per arm for a difference of means
 * (where the t distribution's normal approximation of the mean becomes reasonable), 30 trials per arm for a
 * difference of rates. Documented in docs/prompts.md.
 */
export const MIN_MEAN_SAMPLES = 30;
export const MIN_PROPORTION_TRIALS = 30;
const SIGNIFICANCE = 0.05;
/** A score at or above this counts as positive feedback. */
export const POSITIVE_SCORE = 0.5;

interface ArmSamples {
  rows: ArmLogRow[];
  latency: number[];
  ttft: number[];
  cost: number[];
  scores: number[];
  errors: number;
  cancelled: number;
}

/**
 * Per arm: counts, error rate, latency and TTFT percentiles, tokens, cost and feedback; for every other arm
 * against the control: latency, cost and feedback score by Welch's t-test, error rate and positive-feedback
 * rate by the pooled two-proportion z-test, each as arm − control with a 95% interval.
 */
export function experimentResults(
  record: ExperimentRecord,
  rows: ArmLogRow[],
  scores: Array<{ arm: string | null; score: number }>,
  now = Date.now(),
): ExperimentResults {
  const samples = new Map(record.arms.map((arm) => [arm.name, emptySamples()]));
  for (const row of rows) {
    const arm = samples.get(row.arm);
    if (!arm) continue;
    arm.rows.push(row);
    if (row.outcome === 'error') arm.errors += 1;
    if (row.outcome === 'cancelled') arm.cancelled += 1;
    // Latency and TTFT of failed requests say how fast an arm fails, not how fast it answers.
    if (row.outcome === 'ok') {
      arm.latency.push(row.latencyMs);
      if (row.stream === 1 && row.ttftMs !== null) arm.ttft.push(row.ttftMs);
    }
    if (row.costUsd !== null) arm.cost.push(row.costUsd);
  }
  for (const { arm, score } of scores) {
    if (arm !== null) samples.get(arm)?.scores.push(score);
  }

  const arms = record.arms.map((arm) => armResults(arm, record.control, samples.get(arm.name)!));
  const control = samples.get(record.control)!;
  const comparisons = record.arms
    .filter((arm) => arm.name !== record.control)
    .map((arm) => ({
      arm: arm.name,
      control: record.control,
      metrics: compare(samples.get(arm.name)!, control),
    }));
  return {
    experiment: record,
    arms,
    comparisons,
    minimums: { meanSamples: MIN_MEAN_SAMPLES, proportionTrials: MIN_PROPORTION_TRIALS },
    generatedAt: now,
  };
}

function emptySamples(): ArmSamples {
  return { rows: [], latency: [], ttft: [], cost: [], scores: [], errors: 0, cancelled: 0 };
}

function armResults(arm: ExperimentRecord['arms'][number], control: string, samples: ArmSamples): ArmResults {
  const requests = samples.rows.length;
  const decided = requests - samples.cancelled;
  const inputTokens = samples.rows.reduce((sum, row) => sum + (row.inputTokens ?? 0), 0);
  const outputTokens = samples.rows.reduce((sum, row) => sum + (row.outputTokens ?? 0), 0);
  const totalCost = samples.cost.reduce((sum, cost) => sum + cost, 0);
  const positives = samples.scores.filter((score) => score >= POSITIVE_SCORE).length;
  return {
    arm: arm.name,
    isControl: arm.name === control,
    promptVersion: arm.promptVersion,
    model: arm.model,
    weight: arm.weight,
    requests,
    errors: samples.errors,
    cancelled: samples.cancelled,
    errorRate: decided > 0 ? samples.errors / decided : null,
    latencyMs: quantiles(samples.latency),
    ttftMs: quantiles(samples.ttft),
    inputTokens: { total: inputTokens, mean: requests > 0 ? inputTokens / requests : null },
    outputTokens: { total: outputTokens, mean: requests > 0 ? outputTokens / requests : null },
    costUsd: {
      total: totalCost,
      perRequest: samples.cost.length > 0 ? totalCost / samples.cost.length : null,
      unpricedRequests: requests - samples.cost.length,
    },
    feedback: {
      count: samples.scores.length,
      mean: samples.scores.length > 0 ? mean(samples.scores) : null,
      positiveRate: samples.scores.length > 0 ? positives / samples.scores.length : null,
    },
  };
}

function quantiles(values: number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    mean: sorted.length > 0 ? mean(sorted) : null,
    samples: sorted.length,
  };
}

function compare(arm: ArmSamples, control: ArmSamples): Comparison[] {
  const positives = (scores: number[]) => scores.filter((score) => score >= POSITIVE_SCORE).length;
  return [
    meanComparison('latencyMs', arm.latency, control.latency),
    meanComparison('costUsd', arm.cost, control.cost),
    meanComparison('feedbackScore', arm.scores, control.scores),
    rateComparison(
      'errorRate',
      arm.errors,
      arm.rows.length - arm.cancelled,
      control.errors,
      control.rows.length - control.cancelled,
    ),
    rateComparison(
      'positiveRate',
      positives(arm.scores),
      arm.scores.length,
      positives(control.scores),
      control.scores.length,
    ),
  ];
}

function meanComparison(metric: ComparisonMetric, arm: number[], control: number[]): Comparison {
  const base = {
    metric,
    test: 'welch-t' as const,
    control: control.length > 0 ? mean(control) : null,
    arm: arm.length > 0 ? mean(arm) : null,
    controlSamples: control.length,
    armSamples: arm.length,
  };
  const short = Math.min(arm.length, control.length) < MIN_MEAN_SAMPLES;
  const result = short ? null : welchTTest(arm, control);
  if (!result) {
    return {
      ...base,
      ...noVerdict(base.arm, base.control),
      enoughData: !short,
      message: short
        ? `Not enough data: at least ${MIN_MEAN_SAMPLES} values per arm are needed (arm ${arm.length}, control ${control.length})`
        : 'No variation in either arm: the difference cannot be tested',
    };
  }
  return {
    ...base,
    difference: result.difference,
    ciLow: result.ciLow,
    ciHigh: result.ciHigh,
    statistic: result.t,
    degreesOfFreedom: result.degreesOfFreedom,
    pValue: result.pValue,
    significant: result.pValue < SIGNIFICANCE,
    enoughData: true,
    message: null,
  };
}

function rateComparison(
  metric: ComparisonMetric,
  armSuccesses: number,
  armTrials: number,
  controlSuccesses: number,
  controlTrials: number,
): Comparison {
  const base = {
    metric,
    test: 'two-proportion-z' as const,
    control: controlTrials > 0 ? controlSuccesses / controlTrials : null,
    arm: armTrials > 0 ? armSuccesses / armTrials : null,
    controlSamples: controlTrials,
    armSamples: armTrials,
  };
  const short = Math.min(armTrials, controlTrials) < MIN_PROPORTION_TRIALS;
  const result = short ? null : twoProportionZTest(armSuccesses, armTrials, controlSuccesses, controlTrials);
  if (!result) {
    return {
      ...base,
      ...noVerdict(base.arm, base.control),
      enoughData: !short,
      message: short
        ? `Not enough data: at least ${MIN_PROPORTION_TRIALS} trials per arm are needed (arm ${armTrials}, control ${controlTrials})`
        : 'Every trial in both arms went the same way: the difference cannot be tested',
    };
  }
  return {
    ...base,
    difference: result.difference,
    ciLow: result.ciLow,
    ciHigh: result.ciHigh,
    statistic: result.z,
    degreesOfFreedom: null,
    pValue: result.pValue,
    significant: result.pValue < SIGNIFICANCE,
    enoughData: true,
    message: null,
  };
}

function noVerdict(arm: number | null, control: number | null) {
  return {
    difference: arm !== null && control !== null ? arm - control : null,
    ciLow: null,
    ciHigh: null,
    statistic: null,
    degreesOfFreedom: null,
    pValue: null,
    significant: false,
  };
}
