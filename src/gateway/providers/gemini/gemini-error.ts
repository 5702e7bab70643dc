import type { GeminiError } from './gemini-wire-types';

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/** The `error` object of a Gemini error body. Some endpoints wrap the body in a one-element array. */
function errorObject(body: unknown): GeminiError | null {
  const value = Array.isArray(body) ? body[0] : body;
  if (!value || typeof value !== 'object') return null;
  const error = (value as { error?: unknown }).error;
  return error && typeof error === 'object' ? (error as GeminiError) : null;
}

/** The human-readable message of a Gemini error body (`error.message`), or null when there is none. */
export function geminiErrorMessage(body: unknown): string | null {
  const message = errorObject(body)?.message;
  return typeof message === 'string' && message.length > 0 ? message : null;
}

/**
 * Seconds to wait before retrying, from a `google.rpc.RetryInfo` detail (`"retryDelay": "34.4s"` → 35).
 * Gemini sends this on 429s instead of a Retry-After header; rounding up keeps a client that obeys it
 * from coming back a fraction of a second too early.
 */
export function geminiRetryAfterSeconds(body: unknown): number | null {
  const details = errorObject(body)?.details;
  if (!Array.isArray(details)) return null;
  for (const detail of details) {
    if (!detail || typeof detail !== 'object' || detail['@type'] !== RETRY_INFO_TYPE) continue;
    // A protobuf Duration in JSON is decimal seconds with an "s" suffix.
    const match = typeof detail.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (match?.[1]) return Math.ceil(Number(match[1]));
  }
  return null;
}
