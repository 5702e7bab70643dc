import { MINUTE_MS } from './utc-periods';

const INITIAL_CAPACITY = 64;

/**
 * A key's admitted requests of the last 60 s, oldest first: their times and tokens in a growable ring of
 * typed arrays. A busy key holds one entry per request of the last minute (300,000 at 5,000 requests/s):
 * as objects in an array those were garbage the collector kept copying and promoting, and dropping the
 * oldest with `splice` copied the whole array — hundreds of microseconds per request once the array
 * outgrew V8's ordinary heap pages (docs/benchmarks.md). Here adding and expiring are O(1).
 *
 * Entries are addressed by a position that only grows; a position below `start` has slid out.
 */
export class SlidingWindow {
  private times = new Float64Array(INITIAL_CAPACITY);
  private tokens = new Float64Array(INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  /** Position of the oldest entry still in the window. */
  private start = 0;
  /** Position the next entry takes. */
  private end = 0;
  /** Tokens of every entry in the window. */
  tokenTotal = 0;

  get length(): number {
    return this.end - this.start;
  }

  /** Adds a request admitted at `time`; returns its position, for settle(). */
  push(time: number, tokens: number): number {
    if (this.length > this.mask) this.resize((this.mask + 1) * 2);
    const index = this.end & this.mask;
    this.times[index] = time;
    this.tokens[index] = tokens;
    this.tokenTotal += tokens;
    return this.end++;
  }

  /** Slides the window to `now`: requests 60 s old or older leave it. */
  expire(now: number): void {
    while (this.start < this.end && this.times[this.start & this.mask]! + MINUTE_MS <= now) {
      this.tokenTotal -= this.tokens[this.start & this.mask]!;
      this.start += 1;
    }
    if (this.start === this.end) this.tokenTotal = 0;
    // After a burst, give the memory back once the window is mostly empty.
    const capacity = this.mask + 1;
    if (capacity > 4096 && this.length < capacity / 8) this.resize(capacity / 2);
  }

  /** Time of the entry `offset` places after the oldest. */
  timeAt(offset: number): number {
    return this.times[(this.start + offset) & this.mask]!;
  }

  /** Tokens of the entry `offset` places after the oldest. */
  tokensAt(offset: number): number {
    return this.tokens[(this.start + offset) & this.mask]!;
  }

  /** Replaces the estimate of the entry at `position` with what it used, if it is still in the window. */
  settle(position: number, tokens: number): void {
    if (position < this.start || position >= this.end) return;
    const index = position & this.mask;
    this.tokenTotal += tokens - this.tokens[index]!;
    this.tokens[index] = tokens;
  }

  private resize(capacity: number): void {
    const times = new Float64Array(capacity);
    const tokens = new Float64Array(capacity);
    const mask = capacity - 1;
    for (let position = this.start; position < this.end; position += 1) {
      times[position & mask] = this.times[position & this.mask]!;
      tokens[position & mask] = this.tokens[position & this.mask]!;
    }
    this.times = times;
    this.tokens = tokens;
    this.mask = mask;
  }
}
