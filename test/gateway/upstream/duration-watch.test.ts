import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DurationWatch, type TimedExchange } from '../../../src/gateway/upstream/response-limits';

/** An exchange that records when the watch ended it. */
function exchange(name: string, ended: string[]): TimedExchange {
  return {
    startedAt: performance.now(),
    expire: () => ended.push(name),
    watchPrevious: null,
    watchNext: null,
  };
}

describe('DurationWatch', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => vi.useRealTimers());

  it('ends the exchanges that outlive the limit, oldest first, and none that finished', () => {
    const watch = new DurationWatch(1000);
    const ended: string[] = [];
    const started: TimedExchange[] = [];
    // Ten exchanges, 100 ms apart; every other one finishes before the limit.
    for (let index = 0; index < 10; index += 1) {
      const one = exchange(`exchange ${index}`, ended);
      watch.add(one);
      started.push(one);
      vi.advanceTimersByTime(100);
    }
    for (const finished of started.filter((_, index) => index % 2 === 1)) watch.delete(finished);
    // Finishing twice, or an exchange never watched, changes nothing.
    watch.delete(started[1]!);
    watch.delete(exchange('never watched', ended));

    // The first was due at 1000 ms; the limit is checked every 50 ms (a twentieth of it).
    vi.advanceTimersByTime(50);
    expect(ended).toEqual(['exchange 0']);
    vi.advanceTimersByTime(400);
    expect(ended).toEqual(['exchange 0', 'exchange 2', 'exchange 4']);
    vi.advanceTimersByTime(1000);
    expect(ended).toEqual(['exchange 0', 'exchange 2', 'exchange 4', 'exchange 6', 'exchange 8']);
    // With nothing left to watch, no timer keeps running.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps watching the rest when the oldest, the newest or a middle one finishes', () => {
    const watch = new DurationWatch(1000);
    const ended: string[] = [];
    const [first, middle, last] = ['first', 'middle', 'last'].map((name) => {
      const one = exchange(name, ended);
      watch.add(one);
      return one;
    });
    watch.delete(first!);
    watch.delete(last!);
    const later = exchange('later', ended);
    watch.add(later);
    vi.advanceTimersByTime(1100);
    expect(ended).toEqual(['middle', 'later']);
    watch.delete(middle!);
    expect(vi.getTimerCount()).toBe(0);
  });
});
