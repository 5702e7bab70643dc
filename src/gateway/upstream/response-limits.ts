import type { IncomingHttpHeaders } from 'node:http';
import { errors as undiciErrors, type Dispatcher } from 'undici';
import { GatewayErrors } from '../errors/gateway-error';

/** The timeouts of one upstream exchange (server settings of the same names; docs/reliability.md). */
export interface UpstreamTimeouts {
  upstreamConnectTimeoutMs: number;
  upstreamFirstByteTimeoutMs: number;
  upstreamIdleTimeoutMs: number;
}

export interface ResponseLimits extends UpstreamTimeouts {
  /** The whole exchange, from dispatch to the last body byte. */
  upstreamMaxDurationMs: number;
  /** Body bytes, as they come off the wire. */
  upstreamMaxResponseBytes: number;
}

/**
 * An undici interceptor that bounds every upstream response. Connect, header and idle-gap timeouts are
 * undici's own (set on the agent); this adds what an idle timer cannot catch — a trickle of one byte a
 * second, a stream that never ends, a body of a gigabyte — and turns every one of those failures into a
 * catalog error naming its setting, which reaches whoever awaits the headers or reads the body.
 */
export function responseLimits(
  limits: ResponseLimits,
  watch: DurationWatch = new DurationWatch(limits.upstreamMaxDurationMs),
): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) =>
    dispatch(options, new LimitedHandler(handler, limits, options, watch));
}

/**
 * An exchange the duration watch can end: when it started, and how to end it. The two links belong to the
 * watch (its list of running exchanges); an exchange starts with both null.
 */
export interface TimedExchange {
  /** performance.now() when the exchange started. */
  readonly startedAt: number;
  expire(): void;
  watchPrevious: TimedExchange | null;
  watchNext: TimedExchange | null;
}

/**
 * Ends exchanges that outlive the maximum duration. One interval timer checks the running exchanges,
 * instead of a timer set and cleared for each of them (a cost on every request; docs/benchmarks.md). An
 * exchange is ended at most a twentieth of the limit (and never more than a second) late. The timer runs
 * only while exchanges do.
 *
 * The running exchanges are a list linked through the exchanges themselves, oldest first (every exchange
 * has the same limit, so the oldest expire first and a check stops at the first one still in time). A Set
 * with an add and a delete per exchange kept finished exchanges reachable for V8's young-generation
 * collector: under load every upstream exchange (its request, headers and body) survived two scavenges and
 * was moved to the old generation — 2.3 MB per scavenge against 0.12 MB with this list (bench/notes.md).
 */
export class DurationWatch {
  private oldest: TimedExchange | null = null;
  private newest: TimedExchange | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly periodMs: number;

  constructor(private readonly maxDurationMs: number) {
    this.periodMs = Math.max(5, Math.min(1000, Math.floor(maxDurationMs / 20)));
  }

  /** Starts watching an exchange that has just started (so it is the newest). */
  add(exchange: TimedExchange): void {
    exchange.watchPrevious = this.newest;
    exchange.watchNext = null;
    if (this.newest) this.newest.watchNext = exchange;
    else this.oldest = exchange;
    this.newest = exchange;
    if (this.timer === null) {
      this.timer = setInterval(() => this.sweep(), this.periodMs);
      this.timer.unref();
    }
  }

  /** Stops watching an exchange; nothing happens when it is not watched. */
  delete(exchange: TimedExchange): void {
    if (exchange.watchPrevious === null && this.oldest !== exchange) return;
    const { watchPrevious: previous, watchNext: next } = exchange;
    if (previous) previous.watchNext = next;
    else this.oldest = next;
    if (next) next.watchPrevious = previous;
    else this.newest = previous;
    exchange.watchPrevious = null;
    exchange.watchNext = null;
  }

  private sweep(): void {
    const now = performance.now();
    for (let exchange = this.oldest; exchange !== null; exchange = this.oldest) {
      if (now - exchange.startedAt < this.maxDurationMs) break;
      this.delete(exchange);
      exchange.expire();
    }
    if (this.oldest === null && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

/** What timed out, in words, or null when the error is not one of undici's timeouts. */
export function timeoutPhase(error: unknown, timeouts: number | UpstreamTimeouts): string | null {
  const limits = typeof timeouts === 'number' ? null : timeouts;
  const ms = (value: number | undefined) => value ?? (timeouts as number);
  const setting = (name: string) => (limits ? ` (server.${name})` : '');
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return `did not accept a connection within ${ms(limits?.upstreamConnectTimeoutMs)} ms${setting('upstreamConnectTimeoutMs')}`;
  }
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return `did not answer within ${ms(limits?.upstreamFirstByteTimeoutMs)} ms${setting('upstreamFirstByteTimeoutMs')}`;
  }
  if (error instanceof undiciErrors.BodyTimeoutError) {
    return `went silent for ${ms(limits?.upstreamIdleTimeoutMs)} ms in the middle of its answer${setting('upstreamIdleTimeoutMs')}`;
  }
  return null;
}

class LimitedHandler implements Dispatcher.DispatchHandler, TimedExchange {
  private received = 0;
  private controller: Dispatcher.DispatchController | null = null;
  /** When the exchange started (performance.now()), once it has. */
  startedAt = 0;
  watchPrevious: TimedExchange | null = null;
  watchNext: TimedExchange | null = null;

  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly limits: ResponseLimits,
    private readonly options: Dispatcher.DispatchOptions,
    private readonly watch: DurationWatch,
  ) {}

  /** Only error messages name the host: parsed then, not on every request. */
  private get host(): string {
    return hostOf(this.options);
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    if (this.controller === null) {
      this.controller = controller;
      this.startedAt = performance.now();
      this.watch.add(this);
    }
    this.inner.onRequestStart?.(controller, context);
  }

  /** Called by the watch once the exchange has run for the maximum duration. */
  expire(): void {
    this.controller?.abort(maxDurationError(this.host, this.limits));
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>[3],
  ): void {
    this.clear();
    this.inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    // A declared length over the cap fails before a byte of it is read.
    if (declaresTooMuch(headers['content-length'], this.limits)) {
      controller.abort(this.tooLarge());
      return;
    }
    this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.received += chunk.length;
    if (this.received > this.limits.upstreamMaxResponseBytes) {
      controller.abort(this.tooLarge());
      return;
    }
    this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.clear();
    this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.clear();
    this.inner.onResponseError?.(controller, limitFailure(error, this.host, this.limits));
  }

  private tooLarge(): Error {
    this.clear();
    return tooLargeError(this.host, this.limits);
  }

  private clear(): void {
    this.watch.delete(this);
  }
}

/** A declared Content-Length over the cap: the answer fails before a byte of it is read. */
export function declaresTooMuch(contentLength: unknown, limits: ResponseLimits): boolean {
  const declared = Number(contentLength);
  return Number.isFinite(declared) && declared > limits.upstreamMaxResponseBytes;
}

export function tooLargeError(host: string, limits: ResponseLimits): Error {
  return GatewayErrors.upstreamTooLarge(
    `Upstream ${host} sent more than ${limits.upstreamMaxResponseBytes} bytes (server.upstreamMaxResponseBytes)`,
  );
}

export function maxDurationError(host: string, limits: ResponseLimits): Error {
  return GatewayErrors.upstreamTimeout(
    `Upstream ${host} did not finish its response within ${limits.upstreamMaxDurationMs} ms (server.upstreamMaxDurationMs)`,
  );
}

/** undici's timeout errors as the catalog's, naming their setting; other errors as they are. */
export function limitFailure(error: Error, host: string, limits: ResponseLimits): Error {
  const phase = timeoutPhase(error, limits);
  return phase ? GatewayErrors.upstreamTimeout(`Upstream ${host} ${phase}`, { cause: error }) : error;
}

export function hostOf(options: Dispatcher.DispatchOptions): string {
  try {
    return new URL(String(options.origin ?? 'http://upstream')).host;
  } catch {
    return 'upstream';
  }
}
