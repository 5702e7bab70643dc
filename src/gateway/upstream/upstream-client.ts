import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { GatewayError, GatewayErrors } from '../errors/gateway-error';

export interface UpstreamRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export type UpstreamResponse = Dispatcher.ResponseData;

/**
 * One connection pool for every upstream. Streams hold a connection each for their whole life, so the
 * pool is not capped per origin; idle sockets are kept warm to spare the TLS handshake.
 */
export class UpstreamClient {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs: number) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: Math.min(timeoutMs, 15_000), noDelay: true },
    });
  }

  async send(upstream: UpstreamRequest): Promise<UpstreamResponse> {
    try {
      return await request(upstream.url, {
        method: upstream.method,
        headers: upstream.headers,
        body: upstream.body,
        signal: upstream.signal,
        dispatcher: this.agent,
      });
    } catch (error) {
      throw toGatewayError(error, upstream.url, this.timeoutMs);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Maps a failure talking to an upstream to the error the caller sees (502 unreachable, 504 timeout). */
export function toGatewayError(error: unknown, url: string, timeoutMs: number): GatewayError {
  if (error instanceof GatewayError) return error;
  const host = safeHost(url);
  if (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  ) {
    return GatewayErrors.upstreamTimeout(`Upstream ${host} did not answer within ${timeoutMs} ms`, {
      cause: error,
    });
  }
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
