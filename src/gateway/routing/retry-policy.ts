import type { RetryConfig } from '../../shared/schemas/routes';

export interface RetrySettings {
  /** Tries of each target, the first included. */
  attempts: number;
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_BACKOFF_MS = 250;
export const DEFAULT_MAX_BACKOFF_MS = 10_000;

/** A route without a retry block tries each target once; a failure still moves on to the next target. */
export function retrySettings(config: RetryConfig | undefined): RetrySettings {
  return {
    attempts: config?.attempts ?? 1,
    backoffMs: config?.backoffMs ?? DEFAULT_BACKOFF_MS,
    maxBackoffMs: config?.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
  };
}

/** The exponential ceiling for the wait before retry number `retryIndex` (0 for the first retry). */
export function backoffCeiling(settings: RetrySettings, retryIndex: number): number {
  // 2 ** 30 already exceeds any sensible cap; stop the exponent before it overflows to Infinity.
  return Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.min(retryIndex, 30));
}

/**
 * How long to wait before retry number `retryIndex`, or null when the target should not be retried.
 * Full jitter (a uniform wait below the exponential ceiling) keeps many clients that failed together from
 * retrying together. A Retry-After from the upstream is a floor: the provider said when it will take more;
 * one asking for longer than maxBackoffMs is not waited for, the next target is tried instead.
 */
export function retryDelay(
  settings: RetrySettings,
  retryIndex: number,
  random: () => number,
  retryAfterMs: number | null,
): number | null {
  const jittered = Math.floor(random() * backoffCeiling(settings, retryIndex));
  if (retryAfterMs === null) return jittered;
  if (retryAfterMs > settings.maxBackoffMs) return null;
  return Math.max(retryAfterMs, jittered);
}

/** Retry-After as milliseconds: delta-seconds (decimals tolerated) or an HTTP date. Null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
