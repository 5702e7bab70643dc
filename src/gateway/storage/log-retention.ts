const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface LogRetentionOptions {
  /** Deletes log rows that started before `time` (ms since the epoch); returns how many went. */
  deleteOlderThan(time: number): number;
  /** Days to keep, read at every sweep; null keeps everything. */
  retentionDays(): number | null;
  /** How often to sweep (default hourly). */
  intervalMs?: number;
  clock?: () => number;
  /** Where a failed sweep is reported; the gateway keeps serving either way. */
  onError?: (error: unknown) => void;
}

/** Deletes old request-log rows at start, then hourly, and whenever the retention setting changes. */
export class LogRetention {
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: LogRetentionOptions) {
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    this.sweep();
    this.timer = setInterval(() => this.sweep(), this.options.intervalMs ?? HOUR_MS);
    // A pending sweep must never keep a stopping process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs one sweep now; returns the number of rows deleted. */
  sweep(): number {
    const days = this.options.retentionDays();
    if (days === null) return 0;
    try {
      return this.options.deleteOlderThan(this.clock() - days * DAY_MS);
    } catch (error) {
      this.options.onError?.(error);
      return 0;
    }
  }
}
