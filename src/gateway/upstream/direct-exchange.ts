import { errors as undiciErrors } from 'undici';
import { CallerCancel, type CancelSignal } from '../logs/caller-cancel';
import {
  maxDurationError,
  type DurationWatch,
  type ResponseLimits,
  type TimedExchange,
} from './response-limits';

/** What an exchange handed straight to undici's pool needs besides its request. */
export interface ExchangeContext {
  signal: CancelSignal;
  limits: ResponseLimits;
  watch: DurationWatch;
  /** The upstream's host, for error messages (computed only for one). */
  host: () => string;
}

/**
 * The part of a handler given straight to undici's pool (whole-response.ts, streamed-response.ts) that is
 * the same for both: the exchange is timed by the duration watch from its start, and the caller's cancel
 * aborts it. Subclasses call detach() once the exchange is over for them.
 */
export abstract class DirectExchange implements TimedExchange {
  startedAt = 0;
  watchPrevious: TimedExchange | null = null;
  watchNext: TimedExchange | null = null;
  protected abortExchange: ((error?: Error) => void) | null = null;
  private readonly onCancel = () => this.abortExchange?.(new undiciErrors.RequestAbortedError());

  constructor(protected readonly context: ExchangeContext) {}

  onConnect(abort: (error?: Error) => void): void {
    this.abortExchange = abort;
    const { signal, watch } = this.context;
    if (signal.aborted) {
      abort(new undiciErrors.RequestAbortedError());
      return;
    }
    if (this.startedAt === 0) {
      this.startedAt = performance.now();
      watch.add(this);
    }
    if (signal instanceof CallerCancel) signal.once('abort', this.onCancel);
    else signal.addEventListener('abort', this.onCancel, { once: true });
  }

  /** Called by the duration watch once the exchange has run for the maximum duration. */
  expire(): void {
    this.abortExchange?.(maxDurationError(this.context.host(), this.context.limits));
  }

  /** No more watching, no more cancelling. */
  protected detach(): void {
    this.context.watch.delete(this);
    const signal = this.context.signal;
    if (signal instanceof CallerCancel) signal.off('abort', this.onCancel);
    else signal.removeEventListener('abort', this.onCancel);
  }
}
