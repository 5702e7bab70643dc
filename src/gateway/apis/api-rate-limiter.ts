const WINDOW_MS = 60_000;

/**
 * Requests per minute for one API, all keys together, over a sliding 60-second window. It protects the
 * upstream's own quota, so only requests that go upstream count (cache hits do not).
 */
export class ApiRateLimiter {
  /** Admission times, oldest first; never longer than the limit. */
  private readonly admitted: number[] = [];

  constructor(
    private readonly requestsPerMinute: number,
    private readonly clock: () => number,
  ) {}

  /** Admits the request and returns 0, or returns the milliseconds until one would be admitted. */
  take(): number {
    const now = this.clock();
    while (this.admitted.length > 0 && this.admitted[0]! <= now - WINDOW_MS) this.admitted.shift();
    if (this.admitted.length >= this.requestsPerMinute) return this.admitted[0]! + WINDOW_MS - now;
    this.admitted.push(now);
    return 0;
  }
}
