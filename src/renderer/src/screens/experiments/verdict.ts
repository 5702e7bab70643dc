import type { Comparison, ExperimentResults } from '../../../../shared/schemas/experiments';
import { formatDifference, formatP, METRICS } from './metric-meta';

export interface Verdict {
  arm: string;
  control: string;
  tone: 'better' | 'worse' | 'mixed' | 'none' | 'waiting';
  /** One plain sentence: "b is faster than a, p = 0.002 (…)" or "not enough data yet (needs 30 per arm)". */
  sentence: string;
  /** The other significant findings, one sentence each. */
  details: string[];
}

function isImprovement(comparison: Comparison): boolean {
  const difference = comparison.difference ?? 0;
  return METRICS[comparison.metric].better === 'lower' ? difference < 0 : difference > 0;
}

export function findingSentence(arm: string, control: string, comparison: Comparison): string {
  const meta = METRICS[comparison.metric];
  const word = isImprovement(comparison) ? meta.betterWord : meta.worseWord;
  const difference = formatDifference(comparison.metric, comparison.difference ?? 0);
  const interval =
    comparison.ciLow !== null && comparison.ciHigh !== null
      ? `, 95% CI ${formatDifference(comparison.metric, comparison.ciLow)} to ${formatDifference(comparison.metric, comparison.ciHigh)}`
      : '';
  const verb = /^(is|gets|fails) /.test(word) ? word : `is ${word}`;
  return `${arm} ${verb} than ${control}, ${formatP(comparison.pValue ?? 1)} (${meta.noun} ${difference}${interval}).`;
}

/**
 * A plain verdict per arm against the control: the significant differences (latency first, the metric most
 * requests have), else whether there is enough data yet to say anything.
 */
export function verdicts(results: ExperimentResults): Verdict[] {
  const minimum = results.minimums.meanSamples;
  return results.comparisons.map(({ arm, control, metrics }) => {
    const significant = metrics.filter((comparison) => comparison.significant);
    if (significant.length > 0) {
      const sentences = significant.map((comparison) => findingSentence(arm, control, comparison));
      const better = significant.filter(isImprovement).length;
      const tone = better === significant.length ? 'better' : better === 0 ? 'worse' : 'mixed';
      return { arm, control, tone, sentence: sentences[0]!, details: sentences.slice(1) };
    }
    const latency = metrics.find((comparison) => comparison.metric === 'latencyMs');
    const errors = metrics.find((comparison) => comparison.metric === 'errorRate');
    if (!latency?.enoughData && !errors?.enoughData) {
      const have = Math.min(latency?.armSamples ?? 0, latency?.controlSamples ?? 0);
      return {
        arm,
        control,
        tone: 'waiting',
        sentence: `${arm} vs ${control}: not enough data yet (needs ${minimum} per arm; the smaller arm has ${have}).`,
        details: [],
      };
    }
    const tested = metrics.filter((comparison) => comparison.enoughData && comparison.pValue !== null);
    const closest = tested.sort((a, b) => (a.pValue ?? 1) - (b.pValue ?? 1))[0];
    return {
      arm,
      control,
      tone: 'none',
      sentence: closest
        ? `No clear difference between ${arm} and ${control} yet (${METRICS[closest.metric].noun} ${formatP(closest.pValue ?? 1)}).`
        : `No measurable difference between ${arm} and ${control}.`,
      details: [],
    };
  });
}
