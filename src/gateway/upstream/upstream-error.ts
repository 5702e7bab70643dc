import { GatewayError, GatewayErrors } from '../errors/gateway-error';
import type { StreamedResponse, UpstreamResponse, WholeResponse } from './upstream-client';
import { readBodyLimited } from './read-body';
import { ERROR_BODY_LIMIT } from './whole-response';

/**
 * An upstream answered with an error status: keep its status and message (and Retry-After), reshaped
 * later into the caller's format. Secrets that an upstream might echo are cut out of the message.
 */
export async function upstreamErrorFrom(
  response: UpstreamResponse,
  providerId: string,
  secrets: Array<string | undefined>,
  retryAfterFromBody?: (body: unknown) => number | null,
): Promise<GatewayError> {
  let text = '';
  try {
    text = await readBodyLimited(response.body, ERROR_BODY_LIMIT, `Upstream ${providerId}`);
  } catch {
    // An unreadable error body still leaves us the status.
  }
  return upstreamErrorFromText(
    { statusCode: response.statusCode, headers: response.headers, text },
    providerId,
    secrets,
    retryAfterFromBody,
  );
}

/** The same, for the answer to a streamed request (its error body is kept up to 256 KiB). */
export async function upstreamErrorFromStream(
  response: StreamedResponse,
  providerId: string,
  secrets: Array<string | undefined>,
  retryAfterFromBody?: (body: unknown) => number | null,
): Promise<GatewayError> {
  // An unreadable error body still leaves us the status.
  const text = await response.body.readText(ERROR_BODY_LIMIT, null).catch(() => '');
  return upstreamErrorFromText(
    { statusCode: response.statusCode, headers: response.headers, text },
    providerId,
    secrets,
    retryAfterFromBody,
  );
}

/** The same, for an error answer already read whole (UpstreamClient.sendWhole). */
export function upstreamErrorFromText(
  response: WholeResponse,
  providerId: string,
  secrets: Array<string | undefined>,
  retryAfterFromBody?: (body: unknown) => number | null,
): GatewayError {
  const { text } = response;
  let message = `HTTP ${response.statusCode}`;
  let code: string | null = null;
  let retryAfterSeconds: number | null = null;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    retryAfterSeconds = retryAfterFromBody?.(parsed) ?? null;
    const error = (Array.isArray(parsed) ? parsed[0]?.error : parsed.error) as
      Record<string, unknown> | string | undefined;
    if (typeof error === 'string') message = error;
    else if (error && typeof error.message === 'string') {
      message = error.message;
      if (typeof error.code === 'string') code = error.code;
    } else if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    if (text.trim()) message = text.trim().slice(0, 500);
  }
  for (const secret of secrets) if (secret) message = message.split(secret).join('[redacted]');
  const headers: Record<string, string> = {};
  const retryAfter = response.headers['retry-after'];
  if (typeof retryAfter === 'string') headers['retry-after'] = retryAfter;
  else if (retryAfterSeconds !== null) headers['retry-after'] = String(retryAfterSeconds);
  const statusCode = response.statusCode >= 400 && response.statusCode <= 599 ? response.statusCode : 502;
  return new GatewayError(
    code ?? GatewayErrors.upstreamError.code,
    statusCode,
    `Upstream ${providerId}: ${message}`,
    {
      headers,
    },
  );
}
