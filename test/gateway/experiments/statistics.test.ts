import { describe, expect, it } from 'vitest';
import { percentile, twoProportionZTest, welchTTest } from '../../../src/gateway/experiments/statistics';

describe('experiment statistics', () => {
  it("Welch's t-test matches the reference values", () => {
    const a = [12.1, 14.3, 11.8, 13.5, 12.9, 15.2, 13.3, 12.4];
    const b = [14.8, 15.9, 13.7, 16.2, 15.1, 14.4, 16.8, 15.5];
    const result = welchTTest(a, b)!;
    expect(result.t.toFixed(6)).toBe('-3.912139');
    expect(result.degreesOfFreedom.toFixed(5)).toBe('13.77460');
    expect(result.pValue.toFixed(6)).toBe('0.001609');
    expect(result.difference).toBeCloseTo(13.1875 - 15.3, 12);
    // The 95% interval excludes 0 exactly when p < 0.05.
    expect(result.ciHigh).toBeLessThan(0);
    expect(result.ciLow).toBeLessThan(result.difference);
  });

  it('the pooled two-proportion z-test matches the reference values', () => {
    const result = twoProportionZTest(45, 100, 62, 100)!;
    expect(result.z.toFixed(6)).toBe('-2.410075');
    expect(result.pValue.toFixed(5)).toBe('0.01595');
    expect(result.difference).toBeCloseTo(-0.17, 12);
    expect(result.ciHigh).toBeLessThan(0);
  });

  it('is symmetric: swapping the samples flips the sign and keeps the p-value', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 4, 6, 8, 10, 12];
    const forward = welchTTest(a, b)!;
    const backward = welchTTest(b, a)!;
    expect(backward.t).toBeCloseTo(-forward.t, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
  });

  it('gives no result when a test is undefined', () => {
    expect(welchTTest([1], [1, 2])).toBeNull();
    expect(welchTTest([3, 3, 3], [3, 3, 3])).toBeNull();
    expect(twoProportionZTest(0, 0, 1, 2)).toBeNull();
    expect(twoProportionZTest(10, 10, 20, 20)).toBeNull();
  });

  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.95)).toBe(95);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});
