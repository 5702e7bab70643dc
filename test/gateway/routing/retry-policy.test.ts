import { describe, expect, it } from 'vitest';
import {
  backoffCeiling,
  parseRetryAfter,
  retryDelay,
  retrySettings,
} from '../../../src/gateway/routing/retry-policy';
import { seededRandom } from './routing-harness';

const settings = retrySettings({ attempts: 6, backoffMs: 100, maxBackoffMs: 1_000 });

describe('the retry policy', () => {
  it('backoff grows exponentially up to its cap', () => {
    const ceilings = [0, 1, 2, 3, 4, 5].map((index) => backoffCeiling(settings, index));
    expect(ceilings).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('full jitter: every wait lies between 0 and the ceiling, and later waits run longer', () => {
    const random = seededRandom(42);
    const averages = [0, 1, 2, 3].map((index) => {
      let total = 0;
      for (let sample = 0; sample < 500; sample += 1) {
        const wait = retryDelay(settings, index, random, null) as number;
        expect(wait).toBeGreaterThanOrEqual(0);
        expect(wait).toBeLessThan(backoffCeiling(settings, index));
        total += wait;
      }
      return total / 500;
    });
    for (let index = 1; index < averages.length; index += 1) {
      expect(averages[index]).toBeGreaterThan(averages[index - 1]!);
    }
  });

  it('Retry-After is a floor under the jittered wait', () => {
    expect(retryDelay(settings, 0, () => 0.5, 700)).toBe(700);
    expect(retryDelay(settings, 3, () => 0.99, 100)).toBe(792);
  });

  it('a Retry-After longer than maxBackoffMs is not waited for', () => {
    expect(retryDelay(settings, 0, () => 0.5, 1_001)).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter('0.25', now)).toBe(250);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('a route without a retry block tries each target once', () => {
    expect(retrySettings(undefined).attempts).toBe(1);
  });
});
