import type { Dispatcher } from 'undici';
import type { LogEntry } from '../logs/log-entry';
import { isAbort, toGatewayError } from '../upstream/upstream-client';
import type { RegisteredApi } from './api-registry';
import type { ApiRegistry } from './api-registry';
import type { HeaderMap } from './forward-headers';
import type { PreparedBody } from './request-body';
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  isConnectFailure,
  isConnectionReset,
  isIdempotent,
  isRetryableStatus,
  retryDelayMs,
} from './retry-policy';
import type { ApiTarget } from './target-selector';

export interface UpstreamCall {
  api: RegisteredApi;
  method: string;
  /** Checked path below the API's base path, and the query to send (credential included). */
  path: string;
  query: string;
  headers: HeaderMap;
  body: PreparedBody;
  timeoutMs: number;
  signal: AbortSignal;
  entry: LogEntry | null;
}

export interface UpstreamAnswer {
  target: ApiTarget;
  response: Dispatcher.ResponseData;
}

/**
 * Sends the call to the API's base URLs in the selector's order until one answers:
 * - a base URL that cannot be reached (nothing was sent) is skipped for its cool-down and the next one is
 *   tried at once, whatever the method, as long as the body can be sent again;
 * - 502/503/504 and connections reset mid-call are retried, with backoff and on the next base URL, for
 *   idempotent methods only (GET, HEAD, PUT, DELETE, OPTIONS), up to the API's retry attempts;
 * - a body streamed past REPLAY_BODY_MAX_BYTES cannot be sent twice, so such a call is tried once.
 * Every try is recorded on the log entry.
 */
export async function sendWithRetries(registry: ApiRegistry, call: UpstreamCall): Promise<UpstreamAnswer> {
  const { api, method, body, entry } = call;
  const replayable = body.kind !== 'stream';
  const retryable = isIdempotent(method) && replayable;
  const attempts = api.config.retry?.attempts ?? DEFAULT_ATTEMPTS;
  const backoffMs = api.config.retry?.backoffMs ?? DEFAULT_BACKOFF_MS;
  const order = api.targets.order();
  const unreached = new Set<ApiTarget>();
  let retries = 0;
  let index = 0;

  for (;;) {
    const target = order[index % order.length]!;
    const started = performance.now();
    const record = (status: number, error: string | null) =>
      entry?.attempts.push({
        provider: api.config.slug,
        model: target.url,
        status,
        latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
        error,
      });
    try {
      const response = await registry.agent.request({
        origin: target.origin,
        path: upstreamPath(target, call),
        method: method as Dispatcher.HttpMethod,
        headers:
          body.kind === 'buffer'
            ? { ...call.headers, 'content-length': String(body.data.length) }
            : call.headers,
        body: body.kind === 'buffer' ? body.data : body.kind === 'stream' ? body.stream : undefined,
        signal: call.signal,
        headersTimeout: call.timeoutMs,
        bodyTimeout: call.timeoutMs,
      });
      record(response.statusCode, null);
      if (response.statusCode >= 500) api.targets.fail(target, `HTTP ${response.statusCode}`);
      else api.targets.succeed(target);
      if (isRetryableStatus(response.statusCode) && retryable && retries + 1 < attempts) {
        await response.body.dump().catch(() => undefined);
        retries += 1;
        index += 1;
        await registry.clock.sleep(
          retryDelayMs(backoffMs, retries, response.headers['retry-after']),
          call.signal,
        );
        continue;
      }
      return { target, response };
    } catch (error) {
      if (isAbort(error) && call.signal.aborted) throw error;
      const failure = toGatewayError(error, `${target.origin}${target.basePath}`, call.timeoutMs);
      record(failure.statusCode, failure.message);
      const connectFailed = isConnectFailure(error);
      if (connectFailed || isConnectionReset(error) || failure.statusCode === 504)
        api.targets.fail(target, failure.message);
      if (connectFailed) {
        unreached.add(target);
        // Nothing reached this base URL: another one may take the call without spending a retry.
        const untried = order.findIndex(
          (candidate, at) => at > index % order.length && !unreached.has(candidate),
        );
        if (replayable && untried >= 0) {
          index = untried;
          continue;
        }
      }
      if ((connectFailed || isConnectionReset(error)) && retryable && retries + 1 < attempts) {
        retries += 1;
        index += 1;
        await registry.clock.sleep(retryDelayMs(backoffMs, retries, undefined), call.signal);
        continue;
      }
      throw failure;
    }
  }
}

/** The base URL's path, the caller's path below it (unchanged), and the query. */
function upstreamPath(target: ApiTarget, call: UpstreamCall): string {
  const path = `${target.basePath}${call.path}` || '/';
  return call.query ? `${path}?${call.query}` : path;
}
