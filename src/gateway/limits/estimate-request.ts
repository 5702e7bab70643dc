import type { ReservationRequest } from './limit-store';
import type { ModelPrice } from './model-price';

/** Output tokens assumed when a chat request sets no max_tokens / max_completion_tokens. */
export const DEFAULT_OUTPUT_TOKENS = 1000;
const CHARACTERS_PER_TOKEN = 4;

/**
 * What a request is expected to use, before it is sent: input ≈ body characters / 4, output = the request's
 * own cap (max_completion_tokens or max_tokens, times n), else 1,000 for chat requests and 0 for requests
 * without messages (embeddings produce no output tokens). Unknown prices reserve $0.
 */
export function estimateRequest(
  body: unknown,
  bodyText: string | null,
  price: ModelPrice,
): ReservationRequest {
  const fields = isRecord(body) ? body : {};
  const characters = bodyText?.length ?? safeLength(body);
  const inputTokens = Math.ceil(characters / CHARACTERS_PER_TOKEN);
  const outputTokens = outputCap(fields);
  const tokens = inputTokens + outputTokens;
  if (price.kind === 'free') return { tokens, usd: 0, free: true };
  if (price.kind === 'unknown') return { tokens, usd: 0, free: false };
  return { tokens, usd: (inputTokens * price.input + outputTokens * price.output) / 1_000_000, free: false };
}

function outputCap(body: Record<string, unknown>): number {
  const cap = positiveInteger(body.max_completion_tokens) ?? positiveInteger(body.max_tokens);
  const choices = positiveInteger(body.n) ?? 1;
  if (cap !== undefined) return cap * choices;
  return Array.isArray(body.messages) ? DEFAULT_OUTPUT_TOKENS * choices : 0;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.ceil(value) : undefined;
}

function safeLength(body: unknown): number {
  try {
    return JSON.stringify(body)?.length ?? 0;
  } catch {
    return 0;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
