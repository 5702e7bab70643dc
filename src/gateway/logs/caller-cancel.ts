import { EventEmitter } from 'node:events';

/**
 * Fires when the caller goes away, to abort the upstream call. An AbortController costs about 5 µs per
 * request with its listener (docs/benchmarks.md); undici accepts an EventEmitter with an `abort` event and
 * an `aborted` flag just as well, so the request path uses this, and a real AbortSignal is made only for
 * what needs one (timers, AbortSignal.any, waiting for a drain).
 */
export class CallerCancel extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  private controller: AbortController | null = null;

  /** The same cancellation as a real AbortSignal, made on first use. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    this.controller?.abort(this.reason);
    this.emit('abort');
  }
}

/** What an upstream call can be cancelled by. */
export type CancelSignal = AbortSignal | CallerCancel;

/** A real AbortSignal for APIs that take nothing else. */
export function abortSignalOf(signal: CancelSignal): AbortSignal {
  return signal instanceof CallerCancel ? signal.signal : signal;
}
