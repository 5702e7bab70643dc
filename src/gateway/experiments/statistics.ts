import jStat from 'jstat';

/** Two-sided tests at 95%: the interval is the difference ± this quantile times its standard error. */
const CONFIDENCE = 0.95;

export interface WelchResult {
  meanA: number;
  meanB: number;
  /** meanA − meanB. */
  difference: number;
  standardError: number;
  t: number;
  degreesOfFreedom: number;
  pValue: number;
  ciLow: number;
  ciHigh: number;
}

export interface ProportionResult {
  rateA: number;
  rateB: number;
  /** rateA − rateB. */
  difference: number;
  z: number;
  pValue: number;
  ciLow: number;
  ciHigh: number;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** The sample variance (n − 1 in the denominator). */
export function sampleVariance(values: readonly number[]): number {
  // Identical values have no variance; the rounding in their mean would otherwise invent a tiny one.
  if (values.every((value) => value === values[0])) return 0;
  const average = mean(values);
  let sum = 0;
  for (const value of values) sum += (value - average) ** 2;
  return sum / (values.length - 1);
}

/**
 * Welch's t-test for a difference of means that does not assume equal variances, with the
 * Welch–Satterthwaite degrees of freedom. Null when either sample has fewer than two values or both have
 * no variance at all (the t statistic is undefined then).
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult | null {
  if (a.length < 2 || b.length < 2) return null;
  const termA = sampleVariance(a) / a.length;
  const termB = sampleVariance(b) / b.length;
  const standardError = Math.sqrt(termA + termB);
  if (!(standardError > 0)) return null;
  const meanA = mean(a);
  const meanB = mean(b);
  const difference = meanA - meanB;
  const t = difference / standardError;
  const degreesOfFreedom = (termA + termB) ** 2 / (termA ** 2 / (a.length - 1) + termB ** 2 / (b.length - 1));
  // cdf(−|t|) rather than 1 − cdf(|t|): the latter loses every digit of a very small p-value.
  const pValue = Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), degreesOfFreedom));
  const margin = jStat.studentt.inv(1 - (1 - CONFIDENCE) / 2, degreesOfFreedom) * standardError;
  return {
    meanA,
    meanB,
    difference,
    standardError,
    t,
    degreesOfFreedom,
    pValue,
    ciLow: difference - margin,
    ciHigh: difference + margin,
  };
}

/**
 * Two-proportion z-test with the pooled proportion (the usual test of "same rate"); the confidence interval
 * of the difference uses the unpooled (Wald) standard error, since it does not assume the rates are equal.
 * Null when a side has no trials, or when every trial on both sides went the same way.
 */
export function twoProportionZTest(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
): ProportionResult | null {
  if (trialsA === 0 || trialsB === 0) return null;
  const rateA = successesA / trialsA;
  const rateB = successesB / trialsB;
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const pooledError = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  if (!(pooledError > 0)) return null;
  const difference = rateA - rateB;
  const z = difference / pooledError;
  const pValue = Math.min(1, 2 * jStat.normal.cdf(-Math.abs(z), 0, 1));
  const critical = jStat.normal.inv(1 - (1 - CONFIDENCE) / 2, 0, 1);
  const unpooledError = Math.sqrt((rateA * (1 - rateA)) / trialsA + (rateB * (1 - rateB)) / trialsB);
  return {
    rateA,
    rateB,
    difference,
    z,
    pValue,
    ciLow: difference - critical * unpooledError,
    ciHigh: difference + critical * unpooledError,
  };
}

/** Nearest-rank percentile (the value below which `fraction` of the sorted values lie); null when empty. */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}
