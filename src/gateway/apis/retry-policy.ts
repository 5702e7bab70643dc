import { errors as undiciErrors } from 'undici';

export const DEFAULT_ATTEMPTS = 2;
export const DEFAULT_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 5_000;

/** Methods whose repetition has the same effect as one call (RFC 9110 §9.2.2). POST and PATCH are not. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

/** Answers that say "this server could not handle it right now": worth another try of an idempotent call. */
export function isRetryableStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function errorCode(error: unknown): string | undefined {
  const direct = (error as { code?: string } | null)?.code;
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return cause && CONNECT_CODES.has(cause) ? cause : (direct ?? cause);
}

/** The connection was never made, so nothing was sent: any method may go to another target. */
export function isConnectFailure(error: unknown): boolean {
  if (error instanceof undiciErrors.ConnectTimeoutError) return true;
  const code = errorCode(error);
  return code !== undefined && CONNECT_CODES.has(code);
}

/** The connection broke after the request may have been sent: only idempotent calls are repeated. */
export function isConnectionReset(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && RESET_CODES.has(code);
}

/** Waits `base`, then twice that, and so on, capped; a Retry-After within the cap is honoured instead. */
export function retryDelayMs(base: number, retry: number, retryAfter: string | string[] | undefined): number {
  const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0 && seconds * 1000 <= MAX_BACKOFF_MS) return seconds * 1000;
  return Math.min(base * 2 ** (retry - 1), MAX_BACKOFF_MS);
}
