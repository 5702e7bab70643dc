import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../../src/gateway/limits/sliding-window';
import { MemoryLimitStore } from '../../../src/gateway/limits/memory-limit-store';

const noon = Date.UTC(2026, 6, 24, 12, 0, 0);

/** The obvious model: every entry in a list, filtered by time. */
class NaiveWindow {
  entries: Array<{ position: number; time: number; tokens: number }> = [];
  next = 0;
  push(time: number, tokens: number): number {
    this.entries.push({ position: this.next, time, tokens });
    return this.next++;
  }
  expire(now: number): void {
    this.entries = this.entries.filter((entry) => entry.time + 60_000 > now);
  }
  settle(position: number, tokens: number): void {
    const entry = this.entries.find((candidate) => candidate.position === position);
    if (entry) entry.tokens = tokens;
  }
}

describe('sliding request window', () => {
  it('agrees with a plain list through growth, wrap-around, shrinking and late settles', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('push' as const), gap: fc.nat(3_000), tokens: fc.nat(500) }),
            fc.record({ kind: fc.constant('burst' as const), count: fc.nat(3_000), tokens: fc.nat(50) }),
            fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), tokens: fc.nat(500) }),
            fc.record({ kind: fc.constant('wait' as const), gap: fc.nat(70_000) }),
          ),
          { maxLength: 60 },
        ),
        (steps) => {
          const window = new SlidingWindow();
          const naive = new NaiveWindow();
          const positions: number[] = [];
          let now = noon;
          for (const step of steps) {
            if (step.kind === 'wait' || step.kind === 'push') now += step.gap;
            window.expire(now);
            naive.expire(now);
            if (step.kind === 'push')
              positions.push(window.push(now, step.tokens), naive.push(now, step.tokens));
            if (step.kind === 'burst') {
              for (let index = 0; index < step.count; index += 1) {
                positions.push(window.push(now, step.tokens));
                naive.push(now, step.tokens);
              }
            }
            if (step.kind === 'settle' && positions.length > 0) {
              const position = positions[step.pick % positions.length]!;
              window.settle(position, step.tokens);
              naive.settle(position, step.tokens);
            }
            expect(window.length).toBe(naive.entries.length);
            expect(window.tokenTotal).toBe(naive.entries.reduce((sum, entry) => sum + entry.tokens, 0));
            const held = Array.from({ length: window.length }, (_, offset) => [
              window.timeAt(offset),
              window.tokensAt(offset),
            ]);
            expect(held).toEqual(naive.entries.map((entry) => [entry.time, entry.tokens]));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps exact per-minute limits for a key with a quarter of a million requests in its window', () => {
    const store = new MemoryLimitStore();
    const limits = { requestsPerMinute: 250_000 };
    // 250,000 requests spread over one minute: the window is full.
    for (let index = 0; index < 250_000; index += 1) {
      const result = store.reserve('busy', { tokens: 1, usd: 0, free: true }, limits, noon + index * 0.24);
      expect(result.admitted).toBe(true);
    }
    const refused = store.reserve('busy', { tokens: 1, usd: 0, free: true }, limits, noon + 59_999);
    expect(refused).toMatchObject({
      admitted: false,
      denials: [{ limit: 'requestsPerMinute', used: 250_000 }],
    });
    // One minute after the first, exactly the requests that slid out have made room.
    expect(store.usage('busy', noon + 60_000 + 0.24 * 999).requestsThisMinute).toBe(249_000);
    expect(store.reserve('busy', { tokens: 1, usd: 0, free: true }, limits, noon + 60_000).admitted).toBe(
      true,
    );
  });
});
