import type { CancelSignal } from '../logs/caller-cancel';
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { GatewayError, GatewayErrors } from '../errors/gateway-error';
import { readBodyLimited } from './read-body';
import {
  DurationWatch,
  hostOf,
  responseLimits,
  timeoutPhase,
  type UpstreamTimeouts,
} from './response-limits';
import type { ExchangeContext } from './direct-exchange';
import { StreamResponseHandler, type StreamedResponse } from './streamed-response';
import { ERROR_BODY_LIMIT, WholeResponseHandler, type WholeResponse } from './whole-response';

export interface UpstreamRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: CancelSignal;
}

export type UpstreamResponse = Dispatcher.ResponseData;

export type { UpstreamTimeouts } from './response-limits';
export type { WholeResponse } from './whole-response';
export type { StreamedResponse, UpstreamBody } from './streamed-response';

/** Everything the client enforces on an upstream response. */
export interface UpstreamLimits extends UpstreamTimeouts {
  upstreamMaxDurationMs: number;
  upstreamMaxResponseBytes: number;
}

/** The limits one older `upstreamTimeoutMs` value stood for. */
export function limitsFromTimeout(timeoutMs: number): UpstreamLimits {
  return {
    upstreamConnectTimeoutMs: Math.min(timeoutMs, 10_000),
    upstreamFirstByteTimeoutMs: timeoutMs,
    upstreamIdleTimeoutMs: timeoutMs,
    upstreamMaxDurationMs: 30 * 60_000,
    upstreamMaxResponseBytes: 64 * 1024 * 1024,
  };
}

/**
 * One connection pool for every upstream. Streams hold a connection each for their whole life, so the
 * pool is not capped per origin; idle sockets are kept warm to spare the TLS handshake. Every response is
 * bounded: connect, headers, the gap between body chunks, the whole duration and the whole size.
 */
export class UpstreamClient {
  private readonly agent: Dispatcher;
  private readonly pool: Agent;
  /** One sweeper for the maximum duration of every exchange, streamed or read whole. */
  private readonly watch: DurationWatch;
  readonly limits: UpstreamLimits;

  constructor(limits: number | UpstreamLimits) {
    this.limits = typeof limits === 'number' ? limitsFromTimeout(limits) : { ...limits };
    this.pool = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: this.limits.upstreamFirstByteTimeoutMs,
      bodyTimeout: this.limits.upstreamIdleTimeoutMs,
      connect: { timeout: this.limits.upstreamConnectTimeoutMs, noDelay: true },
    });
    this.watch = new DurationWatch(this.limits.upstreamMaxDurationMs);
    this.agent = this.pool.compose(responseLimits(this.limits, this.watch));
  }

  async send(upstream: UpstreamRequest): Promise<UpstreamResponse> {
    try {
      const target = requestTarget(upstream.url) ?? parseTarget(upstream.url);
      return await this.agent.request({
        origin: target.origin,
        path: target.path,
        method: upstream.method,
        headers: upstream.headers,
        body: upstream.body,
        signal: upstream.signal,
      });
    } catch (error) {
      throw toGatewayError(error, upstream.url, this.limits);
    }
  }

  /**
   * Sends a request whose answer is read whole (a non-streamed completion): the body arrives as one
   * string, with no stream object in between. A success body over `maxBytes` fails the call; an error
   * status resolves like any other, with the start of its body.
   */
  async sendWhole(upstream: UpstreamRequest, maxBytes: number, what: string): Promise<WholeResponse> {
    const target = requestTarget(upstream.url);
    if (!target) {
      // A URL with a query string: through send(), with the same caps as the dispatch path.
      const response = await this.send(upstream);
      const failed = response.statusCode >= 400;
      const text = await readBodyLimited(response.body, failed ? ERROR_BODY_LIMIT : maxBytes, what).catch(
        (error: unknown) => {
          // An unreadable error body still leaves the status.
          if (failed) return '';
          throw toGatewayError(error, upstream.url, this.limits);
        },
      );
      return { statusCode: response.statusCode, headers: response.headers, text };
    }
    try {
      return await new Promise<WholeResponse>((resolve, reject) => {
        const context = { ...this.exchangeContext(upstream, target), maxBytes, what };
        this.dispatchDirect(upstream, target, new WholeResponseHandler(context, resolve, reject));
      });
    } catch (error) {
      throw toGatewayError(error, upstream.url, this.limits);
    }
  }

  /**
   * Sends a request whose answer is read as it comes (a streamed completion): the body's chunks go to the
   * reader as undici parses them, with no stream object in between (streamed-response.ts). The answer is
   * ready with its headers; an error answer's body is read with `body.readText`.
   */
  async sendStream(upstream: UpstreamRequest): Promise<StreamedResponse> {
    try {
      const target = requestTarget(upstream.url) ?? parseTarget(upstream.url);
      return await new Promise<StreamedResponse>((resolve, reject) => {
        const context = this.exchangeContext(upstream, target);
        this.dispatchDirect(upstream, target, new StreamResponseHandler(context, resolve, reject));
      });
    } catch (error) {
      throw toGatewayError(error, upstream.url, this.limits);
    }
  }

  /**
   * Straight to the pool, past the response limits' interceptor: the handler applies the limits itself
   * (direct-exchange.ts).
   */
  private dispatchDirect(
    upstream: UpstreamRequest,
    target: { origin: string; path: string },
    handler: Dispatcher.DispatchHandler,
  ): void {
    this.pool.dispatch(
      {
        origin: target.origin,
        path: target.path,
        method: upstream.method,
        headers: upstream.headers,
        body: upstream.body,
      },
      handler,
    );
  }

  private exchangeContext(
    upstream: UpstreamRequest,
    target: { origin: string; path: string },
  ): ExchangeContext {
    return {
      signal: upstream.signal,
      limits: this.limits,
      watch: this.watch,
      host: () => hostOf({ origin: target.origin, path: target.path, method: upstream.method }),
    };
  }

  /** Upstream requests sent or queued and not yet finished, across every origin. */
  get inFlight(): number {
    let count = 0;
    for (const stats of Object.values(this.pool.stats)) count += stats.running + stats.pending;
    return count;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Origin and path of the upstream URLs seen so far: a few provider endpoints, repeated on every request. */
const requestTargets = new Map<string, { origin: string; path: string } | null>();

/**
 * Origin and path of a URL for the pool, parsed once per URL instead of once per request. URLs with a query
 * string (which can carry a credential) are not kept, nor are malformed ones: null leaves those to
 * parseTarget, per request.
 */
function requestTarget(url: string): { origin: string; path: string } | null {
  if (url.includes('?')) return null;
  let target = requestTargets.get(url);
  if (target !== undefined) return target;
  target = null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:')
      target = { origin: parsed.origin, path: parsed.pathname };
  } catch {
    // parseTarget reports the malformed URL.
  }
  if (requestTargets.size >= 256) requestTargets.clear();
  requestTargets.set(url, target);
  return target;
}

/** Origin and path (with the query) of a URL not kept by requestTarget, parsed for this request alone. */
function parseTarget(url: string): { origin: string; path: string } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new undiciErrors.InvalidArgumentError(`Unsupported protocol ${parsed.protocol}`);
  }
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

/**
 * Maps a failure talking to an upstream to the error the caller sees (502 unreachable, 504 timeout).
 * `timeouts` is one value for every phase, or the client's limits (then the message names the setting).
 */
export function toGatewayError(
  error: unknown,
  url: string,
  timeouts: number | UpstreamTimeouts,
): GatewayError {
  if (error instanceof GatewayError) return error;
  const host = safeHost(url);
  const phase = timeoutPhase(error, timeouts);
  if (phase) return GatewayErrors.upstreamTimeout(`Upstream ${host} ${phase}`, { cause: error });
  if (isAbort(error))
    return GatewayErrors.upstreamUnreachable('Upstream request was cancelled', { cause: error });
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return GatewayErrors.upstreamUnreachable(`Cannot reach upstream ${host}${code ? ` (${code})` : ''}`, {
    cause: error,
  });
}

export function isAbort(error: unknown): boolean {
  return (
    error instanceof undiciErrors.RequestAbortedError ||
    (error as { name?: string } | null)?.name === 'AbortError'
  );
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'upstream';
  }
}
