import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the dispatcher sees it: the deadline, retry waits and breaker cool-downs read it. Tests hand in
 * a clock whose sleep returns at once and advances now(), so they assert the waits without spending them.
 */
export interface RoutingClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects when `signal` aborts (the caller went away). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: RoutingClock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, { signal });
  },
};
