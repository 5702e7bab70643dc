import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { ApiTryRequest, ApiTryResult } from '../../shared/schemas/apis';
import { encodeError, GatewayError, GatewayErrors } from '../errors/gateway-error';
import type { GatewayServices } from '../gateway-services';
import { LogEntry } from '../logs/log-entry';
import { newRequestId } from '../logs/request-id';
import { callApi, checkMethod } from './api-call';
import { logBodyText, writeApiLog } from './api-log';
import type { RegisteredApi } from './api-registry';
import { flattenHeaders } from './forward-headers';
import { checkApiPath } from './path-safety';
import type { PreparedBody } from './request-body';

/** The "try it" answer body is cut here: it is for reading in the GUI, not for downloads. */
export const TRY_BODY_MAX_BYTES = 1024 * 1024;

/**
 * One call made for the admin ("try it" in the GUI), through the same code as /apis/<slug>/ — credential,
 * cache, rate limit, retries — and logged like any call (with no gateway key name). Gateway errors are
 * answered as a caller would see them, not thrown, so the GUI can show them the same way.
 */
export async function tryApiCall(
  gateway: GatewayServices,
  api: RegisteredApi,
  input: ApiTryRequest,
): Promise<ApiTryResult> {
  const slug = api.config.slug;
  const path = encodePath(input.path);
  const entry = new LogEntry(newRequestId(), `/apis/${slug}${path}`);
  entry.api = slug;
  entry.method = input.method;
  const body: PreparedBody =
    input.body !== undefined && input.body !== ''
      ? { kind: 'buffer', data: Buffer.from(input.body, 'utf8') }
      : { kind: 'none' };
  entry.bytesIn = body.kind === 'buffer' ? body.data.length : 0;
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  if (body.kind === 'buffer') {
    entry.requestBody = logBodyText(
      body.data,
      body.data.length,
      headers['content-type'],
      gateway.settings.logBodyMaxBytes,
    );
  }
  const abort = new AbortController();
  try {
    checkApiPath(path);
    checkMethod(api, input.method);
    const result = await callApi(gateway, {
      api,
      method: input.method,
      path,
      rawQuery: new URLSearchParams(input.query ?? {}).toString(),
      headers,
      gatewayKeyHeaders: [],
      body,
      signal: abort.signal,
      entry,
    });
    const { data, truncated } = await readCapped(result.body, abort);
    writeApiLog(gateway, entry, result.status);
    return {
      requestId: entry.id,
      status: result.status,
      headers: flattenHeaders(result.headers),
      body: data.toString('utf8'),
      bodyTruncated: truncated,
      latencyMs: Math.round(performance.now() - entry.startedAt),
      cacheHit: result.cacheHit,
    };
  } catch (error) {
    const failure =
      error instanceof GatewayError
        ? error
        : GatewayErrors.internal('Internal gateway error', { cause: error });
    const text = JSON.stringify(encodeError('openai', failure));
    entry.error = failure.message;
    entry.responseBody = text;
    writeApiLog(gateway, entry, failure.statusCode);
    return {
      requestId: entry.id,
      status: failure.statusCode,
      headers: { ...failure.headers, 'content-type': 'application/json; charset=utf-8' },
      body: text,
      bodyTruncated: false,
      latencyMs: Math.round(performance.now() - entry.startedAt),
      cacheHit: false,
    };
  }
}

async function readCapped(
  body: Readable | Buffer | null,
  abort: AbortController,
): Promise<{ data: Buffer; truncated: boolean }> {
  if (body === null) return { data: Buffer.alloc(0), truncated: false };
  if (Buffer.isBuffer(body)) {
    return { data: body.subarray(0, TRY_BODY_MAX_BYTES), truncated: body.length > TRY_BODY_MAX_BYTES };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > TRY_BODY_MAX_BYTES) {
      // Stops the download: the rest is not wanted.
      abort.abort();
      body.destroy();
      return { data: Buffer.concat(chunks).subarray(0, TRY_BODY_MAX_BYTES), truncated: true };
    }
  }
  return { data: Buffer.concat(chunks), truncated: false };
}

/** Characters a URL path cannot hold as typed (spaces, quotes…) are escaped; existing escapes stay. */
function encodePath(path: string): string {
  const withSlash = path === '' || path.startsWith('/') ? path : `/${path}`;
  return withSlash.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (character) => encodeURIComponent(character));
}
