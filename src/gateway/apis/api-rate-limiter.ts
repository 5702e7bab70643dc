import { SlidingWindow } from '../limits/sliding-window';
import { MINUTE_MS } from '../limits/utc-periods';

/**
 * Requests per minute for one API, all keys together, over a sliding 60-second window. It protects the
 * upstream's own quota, so only requests that go upstream count (cache hits do not).
 */
export class ApiRateLimiter {
  /** Admission times, oldest first; never longer than the limit. A ring, so a large limit stays O(1). */
  private readonly admitted = new SlidingWindow();

  constructor(
    private readonly requestsPerMinute: number,
    private readonly clock: () => number,
  ) {}

  /** Admits the request and returns 0, or returns the milliseconds until one would be admitted. */
  take(): number {
    const now = this.clock();
    this.admitted.expire(now);
    if (this.admitted.length >= this.requestsPerMinute) return this.admitted.timeAt(0) + MINUTE_MS - now;
    this.admitted.push(now, 0);
    return 0;
  }
}
