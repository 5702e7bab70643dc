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
export function responseLimits(limits: ResponseLimits): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => dispatch(options, new LimitedHandler(handler, limits, options));
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

class LimitedHandler implements Dispatcher.DispatchHandler {
  private received = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly limits: ResponseLimits,
    private readonly options: Dispatcher.DispatchOptions,
  ) {}

  /** Only error messages name the host: parsed then, not on every request. */
  private get host(): string {
    return hostOf(this.options);
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    if (this.timer === null) {
      this.timer = setTimeout(() => {
        controller.abort(
          GatewayErrors.upstreamTimeout(
            `Upstream ${this.host} did not finish its response within ${this.limits.upstreamMaxDurationMs} ms (server.upstreamMaxDurationMs)`,
          ),
        );
      }, this.limits.upstreamMaxDurationMs);
      this.timer.unref();
    }
    this.inner.onRequestStart?.(controller, context);
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
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > this.limits.upstreamMaxResponseBytes) {
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
    const phase = timeoutPhase(error, this.limits);
    const failure = phase
      ? GatewayErrors.upstreamTimeout(`Upstream ${this.host} ${phase}`, { cause: error })
      : error;
    this.inner.onResponseError?.(controller, failure);
  }

  private tooLarge(): Error {
    this.clear();
    return GatewayErrors.upstreamTooLarge(
      `Upstream ${this.host} sent more than ${this.limits.upstreamMaxResponseBytes} bytes (server.upstreamMaxResponseBytes)`,
    );
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
  }
}

function hostOf(options: Dispatcher.DispatchOptions): string {
  try {
    return new URL(String(options.origin ?? 'http://upstream')).host;
  } catch {
    return 'upstream';
  }
}
